using System.Numerics;
using DeepChain.Crypto.Ckks;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>CKKS encode/encrypt/evaluate/decrypt on a small ring (N = 64): every result within its error bound.</summary>
public sealed class CkksPropertyTests : IClassFixture<CkksTestContext>
{
    private const double FreshBound = 1e-6;
    private readonly CkksTestContext _t;

    public CkksPropertyTests(CkksTestContext context) => _t = context;

    [Property(MaxTest = 50)]
    public void Decode_OfEncode_ReturnsValues(int seed)
    {
        var random = new Random(seed);
        Complex[] values = Enumerable.Range(0, _t.Encoder.SlotCount).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5) * 100).ToArray();

        Complex[] decoded = _t.Encoder.DecodeComplex(_t.Encoder.Encode(values));

        for (int j = 0; j < values.Length; j++)
        {
            Assert.True((decoded[j] - values[j]).Magnitude < 1e-9, $"slot {j}: {decoded[j]} vs {values[j]}");
        }
    }

    [Property(MaxTest = 30)]
    public void Decrypt_OfPublicAndSymmetricEncryption_ReturnsValuesWithinBound(int seed, bool symmetric)
    {
        double[] values = _t.Values(new Random(seed), 10);
        CkksEncryptor encryptor = symmetric ? _t.SymmetricEncryptor : _t.Encryptor;

        CkksCiphertext c = encryptor.Encrypt(_t.Encoder.Encode(values));

        Assert.Equal(symmetric, c.IsSeeded);
        AssertClose(values, _t.DecryptDecode(c), FreshBound);
    }

    [Property(MaxTest = 20)]
    public void Sum_OfManyCiphertexts_DecryptsToSum(int seed, byte countSource)
    {
        var random = new Random(seed);
        int count = 1 + (countSource % 64);
        double[][] values = Enumerable.Range(0, count).Select(_ => _t.Values(random)).ToArray();
        CkksCiphertext[] ciphertexts = values.Select(v => _t.Encryptor.Encrypt(_t.Encoder.Encode(v))).ToArray();
        double[] expected = Enumerable.Range(0, _t.Encoder.SlotCount).Select(j => values.Sum(v => v[j])).ToArray();

        AssertClose(expected, _t.DecryptDecode(_t.Evaluator.Sum(ciphertexts)), count * FreshBound);
        CkksCiphertext pairwise = ciphertexts.Skip(1).Aggregate(ciphertexts[0], _t.Evaluator.Add);
        AssertClose(expected, _t.DecryptDecode(pairwise), count * FreshBound);
        CkksCiphertext accumulator = _t.SymmetricEncryptor.Encrypt(_t.Encoder.Encode(new double[1]));
        foreach (CkksCiphertext c in ciphertexts)
        {
            _t.Evaluator.AddInPlace(accumulator, c);
        }

        Assert.False(accumulator.IsSeeded);
        AssertClose(expected, _t.DecryptDecode(accumulator), (count + 1) * FreshBound);
    }

    [Property(MaxTest = 20)]
    public void SubtractNegateAndPlainOperations_MatchPlaintextArithmetic(int seed)
    {
        var random = new Random(seed);
        double[] a = _t.Values(random), b = _t.Values(random);
        CkksCiphertext ca = _t.Encryptor.Encrypt(_t.Encoder.Encode(a)), cb = _t.Encryptor.Encrypt(_t.Encoder.Encode(b));
        CkksPlaintext pb = _t.Encoder.Encode(b);

        AssertClose(a.Zip(b, (x, y) => x - y).ToArray(), _t.DecryptDecode(_t.Evaluator.Subtract(ca, cb)), 2 * FreshBound);
        AssertClose(a.Select(x => -x).ToArray(), _t.DecryptDecode(_t.Evaluator.Negate(ca)), FreshBound);
        AssertClose(a.Zip(b, (x, y) => x + y).ToArray(), _t.DecryptDecode(_t.Evaluator.AddPlain(ca, pb)), FreshBound);
        AssertClose(a.Zip(b, (x, y) => x - y).ToArray(), _t.DecryptDecode(_t.Evaluator.SubtractPlain(ca, pb)), FreshBound);
        AssertClose(a.Select(x => -3 * x).ToArray(), _t.DecryptDecode(_t.Evaluator.MultiplyInteger(ca, -3)), 3 * FreshBound);
    }

    [Property(MaxTest = 20)]
    public void MultiplyPlainThenRescale_MatchesSlotwiseProduct(int seed)
    {
        var random = new Random(seed);
        double[] a = _t.Values(random), b = _t.Values(random);
        CkksCiphertext ca = _t.Encryptor.Encrypt(_t.Encoder.Encode(a));

        CkksCiphertext product = _t.Evaluator.Rescale(_t.Evaluator.MultiplyPlain(ca, _t.Encoder.Encode(b)));

        Assert.Equal(ca.Level - 1, product.Level);
        AssertClose(a.Zip(b, (x, y) => x * y).ToArray(), _t.DecryptDecode(product), 1e-5);
    }

    [Property(MaxTest = 20)]
    public void MultiplyThenRescale_SizeThreeCiphertextDecryptsToProduct(int seed)
    {
        var random = new Random(seed);
        double[] a = _t.Values(random), b = _t.Values(random), c = _t.Values(random);
        CkksCiphertext ca = _t.Encryptor.Encrypt(_t.Encoder.Encode(a)), cb = _t.Encryptor.Encrypt(_t.Encoder.Encode(b));

        CkksCiphertext product = _t.Evaluator.Rescale(_t.Evaluator.Multiply(ca, cb));
        CkksCiphertext constant = _t.Evaluator.Rescale(_t.Evaluator.MultiplyConstant(ca, 0.75));

        Assert.Equal(3, product.Size);
        AssertClose(a.Zip(b, (x, y) => x * y).ToArray(), _t.DecryptDecode(product), 1e-5);
        AssertClose(a.Select(x => 0.75 * x).ToArray(), _t.DecryptDecode(constant), 1e-5);
        CkksPlaintext pc = _t.Evaluator.ModSwitchToNext(_t.Encoder.Encode(c, product.Scale));
        Assert.Throws<CkksMismatchException>(() => _t.Evaluator.AddPlain(product, _t.Encoder.Encode(c)));
        AssertClose(a.Zip(b, (x, y) => x * y).Zip(c, (x, y) => x + y).ToArray(), _t.DecryptDecode(_t.Evaluator.AddPlain(product, pc)), 1e-5);
    }

    [Fact]
    public void Operations_MismatchedLevelsScalesOrContexts_ThrowCkksMismatchException()
    {
        double[] a = _t.Values(new Random(1));
        CkksCiphertext ca = _t.Encryptor.Encrypt(_t.Encoder.Encode(a));
        CkksCiphertext lower = _t.Evaluator.ModSwitchToNext(ca);
        CkksCiphertext otherScale = _t.Encryptor.Encrypt(_t.Encoder.Encode(a, Math.Pow(2, 30)));
        var otherContext = new CkksContext(new CkksParameters(128, [50, 40, 50], Math.Pow(2, 40), allowInsecure: true));

        Assert.Throws<CkksMismatchException>(() => _t.Evaluator.Add(ca, lower));
        Assert.Throws<CkksMismatchException>(() => _t.Evaluator.Add(ca, otherScale));
        Assert.Throws<CkksMismatchException>(() => new CkksEvaluator(otherContext).Negate(ca));
        Assert.Throws<CkksMismatchException>(() => _t.Evaluator.Multiply(_t.Evaluator.Multiply(ca, ca), ca));
        Assert.Throws<InvalidOperationException>(() => _t.Evaluator.Rescale(_t.Evaluator.ModSwitchToNext(_t.Evaluator.ModSwitchToNext(ca))));
    }

    [Fact]
    public void Encode_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => _t.Encoder.Encode(new double[_t.Encoder.SlotCount + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _t.Encoder.Encode([double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _t.Encoder.Encode([1e30]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _t.Encoder.Encode([1.0], scale: 0.5));
    }

    [Fact]
    public void SecretKey_Disposed_RefusesUse_AndNeverPrintsItself()
    {
        var generator = new CkksKeyGenerator(_t.Context);
        CkksSecretKey key = generator.CreateSecretKey();
        string text = key.ToString();
        key.Dispose();

        Assert.DoesNotContain(",", text, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => generator.CreatePublicKey(key));
        Assert.Throws<ObjectDisposedException>(() => new CkksDecryptor(key).Decrypt(_t.Encryptor.Encrypt(_t.Encoder.Encode([1.0]))));
    }

    internal static void AssertClose(double[] expected, double[] actual, double bound)
    {
        double worst = 0;
        for (int j = 0; j < expected.Length; j++)
        {
            worst = Math.Max(worst, Math.Abs(expected[j] - actual[j]));
        }

        Assert.True(worst <= bound, $"max error {worst:E3} exceeds {bound:E3}");
    }
}
