using DeepChain.Crypto.Ckks;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>The accuracy target at real size: N = 8192, scale 2^40, 64 ciphertexts of 4096 values in [−1, 1].</summary>
public sealed class CkksAccuracyTests
{
    [Fact]
    public void SumOf64Ciphertexts_N8192Scale2To40_MaxErrorBelow2ToMinus20()
    {
        CkksParameters parameters = CkksParameters.Preset(8192);
        var context = new CkksContext(parameters);
        var encoder = new CkksEncoder(context);
        var generator = new CkksKeyGenerator(context);
        using CkksSecretKey secretKey = generator.CreateSecretKey();
        var encryptor = new CkksEncryptor(generator.CreatePublicKey(secretKey));
        var random = new Random(8192);
        var expected = new double[encoder.SlotCount];
        var ciphertexts = new CkksCiphertext[64];
        for (int c = 0; c < ciphertexts.Length; c++)
        {
            double[] values = Enumerable.Range(0, encoder.SlotCount).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            ciphertexts[c] = encryptor.Encrypt(encoder.Encode(values));
            for (int j = 0; j < values.Length; j++)
            {
                expected[j] += values[j];
            }
        }

        double[] decoded = encoder.Decode(new CkksDecryptor(secretKey).Decrypt(new CkksEvaluator(context).Sum(ciphertexts)));

        double worst = expected.Zip(decoded, (e, d) => Math.Abs(e - d)).Max();
        Assert.True(worst <= Math.Pow(2, -20), $"max error {worst:E3} ({-Math.Log2(worst):F1} bits)");
    }
}
