using System.Numerics;
using DeepChain.Crypto.Encoding;
using DeepChain.Crypto.Paillier;
using Xunit;

namespace DeepChain.Crypto.Tests;

/// <summary>Keeps the README's quickstart honest: the same code is compiled and run here, and compared with the README text.</summary>
public class ReadmeQuickstartTests
{
    private static float[] RunQuickstart(out BigInteger fortyTwo, out float[] gradientOut)
    {
        // README-BEGIN
        using var keys = PaillierKeyPair.Generate(2048);            // 3072 bits by default
        PaillierPublicKey pk = keys.PublicKey;

        PaillierCiphertext sum = pk.Add(pk.Encrypt(20), pk.Encrypt(22));
        Console.WriteLine(keys.PrivateKey.Decrypt(sum));           // 42

        // Gradients: clip to [-1, 1], quantize to 16 bits, pack 100+ values per ciphertext for up to 8 parties.
        var quantizer = new GradientQuantizer(clipRange: 1f, bits: 16);
        var packer = new SlotPacker(pk.ModulusBits, quantizer.Bits, maxSummands: 8);
        float[] gradient = [0.5f, -0.25f, 0.125f];
        var quantized = new uint[gradient.Length];
        quantizer.QuantizeOffset(gradient, quantized);
        PaillierCiphertext[] upload = pk.Encrypt(packer.Pack(quantized));   // parallel over cores

        // ... a worker multiplies the parties' ciphertexts (pk.Sum), the key holder decrypts:
        ulong[] slotSums = packer.Unpack(keys.PrivateKey.Decrypt(upload), summands: 1, valueCount: gradient.Length);
        var restored = new float[gradient.Length];
        quantizer.DequantizeSum(slotSums, summands: 1, restored);   // ≈ gradient, within one quantization step
        // README-END
        fortyTwo = keys.PrivateKey.Decrypt(sum);
        gradientOut = gradient;
        Assert.True(packer.SlotsPerPlaintext >= 100);
        return restored;
    }

    [Fact]
    public void Quickstart_Runs_ProducesDocumentedResults()
    {
        float[] restored = RunQuickstart(out BigInteger fortyTwo, out float[] gradient);

        Assert.Equal(new BigInteger(42), fortyTwo);
        double step = 1.0 / ((1 << 15) - 1);
        for (int i = 0; i < gradient.Length; i++)
        {
            Assert.InRange(restored[i], gradient[i] - step, gradient[i] + step);
        }
    }

    [Fact]
    public void Readme_QuickstartBlock_MatchesCompiledCode() => AssertReadmeBlockMatches(0, "ReadmeQuickstartTests.cs", "README-BEGIN");

    /// <summary>
    /// The README's <paramref name="blockIndex"/>-th <c>```csharp</c> block (its <c>using</c> directives aside) equals the
    /// lines between <c>// {marker}</c> and <c>// README-END</c> in <paramref name="testFile"/>.
    /// </summary>
    internal static void AssertReadmeBlockMatches(int blockIndex, string testFile, string marker)
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int start = -1;
        for (int k = 0; k <= blockIndex; k++)
        {
            start = readme.IndexOf("```csharp\n", start + 1, StringComparison.Ordinal);
            Assert.True(start >= 0, $"README.md has fewer than {blockIndex + 1} ```csharp blocks.");
        }

        int end = readme.IndexOf("```", start + 10, StringComparison.Ordinal);
        string[] readmeLines = Normalize(readme[(start + 10)..end]).Where(l => !IsUsingDirective(l)).ToArray();

        string source = File.ReadAllText(Path.Combine(root, "tests", "DeepChain.Crypto.Tests", testFile));
        int begin = source.IndexOf("// " + marker + "\n", StringComparison.Ordinal);
        Assert.True(begin >= 0, $"{testFile} has no '// {marker}' line.");
        int stop = source.IndexOf("// README-END", begin, StringComparison.Ordinal);
        string body = source[(source.IndexOf('\n', begin) + 1)..stop];
        string[] codeLines = Normalize(body).ToArray();

        Assert.Equal(readmeLines, codeLines);
    }

    /// <summary>A using directive (<c>using A.B;</c>), as opposed to a using declaration (<c>using var x = …;</c>).</summary>
    private static bool IsUsingDirective(string line) =>
        line.StartsWith("using ", StringComparison.Ordinal) && line.EndsWith(';') && !line.Contains('=', StringComparison.Ordinal);

    private static IEnumerable<string> Normalize(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepChain.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DeepChain.sln not found above the test output directory.");
    }
}
