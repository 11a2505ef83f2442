using DeepChain.Samples.Mnist.Native;
using TorchSharp;

namespace DeepChain.Samples.Tests.Native;

public sealed class TorchSharpNativeLoaderTests
{
    [Fact]
    public void EnsureLoaded_PatchesExactlyWhenTheSystemLibStdCxxIsOld()
    {
        TorchSharpNativeLoader.EnsureLoaded();

        bool old = TorchSharpNativeLoader.SystemLibStdCxxLacksRequiredVersion();
        Assert.Equal(old, TorchSharpNativeLoader.Description!.Contains("patched copy", StringComparison.Ordinal));
    }

    [Fact]
    public void TorchSharp_AfterEnsureLoaded_TrainsOneStep()
    {
        TorchSharpNativeLoader.EnsureLoaded();
        torch.manual_seed(5);
        using var layer = torch.nn.Linear(4, 3);
        using var x = torch.randn(16, 4);
        using var y = torch.tensor(Enumerable.Range(0, 16).Select(i => (long)(i % 3)).ToArray());
        float before = torch.nn.functional.cross_entropy(layer.forward(x), y).item<float>();

        using (var loss = torch.nn.functional.cross_entropy(layer.forward(x), y))
        {
            loss.backward();
        }

        using (torch.no_grad())
        {
            foreach (var parameter in layer.parameters())
            {
                parameter.add_(parameter.grad!, alpha: -0.5);
            }
        }

        float after = torch.nn.functional.cross_entropy(layer.forward(x), y).item<float>();
        Assert.True(float.IsFinite(before));
        Assert.True(after < before, $"loss {before} → {after}");
    }
}
