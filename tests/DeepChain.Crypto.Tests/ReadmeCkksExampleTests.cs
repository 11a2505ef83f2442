using DeepChain.Crypto.Ckks;
using Xunit;

namespace DeepChain.Crypto.Tests;

/// <summary>Keeps the README's CKKS example honest: the same code runs here.</summary>
public class ReadmeCkksExampleTests
{
    [Fact]
    public void CkksExample_Runs_PrintsTheSums()
    {
        // README-BEGIN ckks
        var context = new CkksContext(CkksParameters.Preset(8192));   // N = 8192, primes [60, 40, 40, 60], scale 2^40
        var keys = new CkksKeyGenerator(context);
        using CkksSecretKey secretKey = keys.CreateSecretKey();
        var encoder = new CkksEncoder(context);                         // 4,096 real slots per ciphertext
        var encryptor = new CkksEncryptor(keys.CreatePublicKey(secretKey));

        // Two parties encrypt their gradients; a worker adds the ciphertexts without seeing them.
        double[] g1 = [0.25, -0.5, 0.125], g2 = [0.5, 0.25, -0.125];
        CkksCiphertext sum = new CkksEvaluator(context).Add(encryptor.Encrypt(encoder.Encode(g1)), encryptor.Encrypt(encoder.Encode(g2)));

        double[] decoded = encoder.Decode(new CkksDecryptor(secretKey).Decrypt(sum));
        Console.WriteLine($"{decoded[0]:F6} {decoded[1]:F6} {decoded[2]:F6}");   // 0.750000 -0.250000 0.000000
        // README-END

        Assert.Equal(0.75, decoded[0], 6);
        Assert.Equal(-0.25, decoded[1], 6);
        Assert.Equal(0.0, decoded[2], 6);
        Assert.Equal(0.0, decoded[4095], 6);
    }

    [Fact]
    public void Readme_CkksBlock_MatchesCompiledCode() =>
        ReadmeQuickstartTests.AssertReadmeBlockMatches(2, "ReadmeCkksExampleTests.cs", "README-BEGIN ckks");
}
