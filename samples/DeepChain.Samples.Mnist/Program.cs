using DeepChain.Samples.Mnist.Native;
using TorchSharp;

TorchSharpNativeLoader.EnsureLoaded();
Console.WriteLine(TorchSharpNativeLoader.Description);
torch.manual_seed(1);
var lin = torch.nn.Linear(4, 2);
var x = torch.randn(8, 4);
var loss = lin.forward(x).sum();
loss.backward();
Console.WriteLine(loss.item<float>());
