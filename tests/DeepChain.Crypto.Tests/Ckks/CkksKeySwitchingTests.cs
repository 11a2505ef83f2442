using System.Numerics;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>Relinearization and Galois rotations (hybrid key switching with the special prime) on a small ring.</summary>
public sealed class CkksKeySwitchingTests : IClassFixture<CkksTestContext>
{
    private readonly CkksTestContext _t;
    private readonly CkksRelinearizationKey _relinearizationKey;
    private readonly CkksGaloisKeys _galoisKeys;

    public CkksKeySwitchingTests(CkksTestContext context)
    {
        _t = context;
        var generator = new CkksKeyGenerator(context.Context);
        _relinearizationKey = generator.CreateRelinearizationKey(context.SecretKey);
        _galoisKeys = generator.CreateGaloisKeys(context.SecretKey, includeConjugation: true);
    }

    [Property(MaxTest = 20)]
    public void MultiplyRelinearizeRescale_DecryptsToProduct_AndSquaresChainTwoLevels(int seed)
    {
        var random = new Random(seed);
        double[] a = _t.Values(random), b = _t.Values(random);
        CkksCiphertext ca = _t.Encryptor.Encrypt(_t.Encoder.Encode(a)), cb = _t.Encryptor.Encrypt(_t.Encoder.Encode(b));

        CkksCiphertext product = _t.Evaluator.Rescale(_t.Evaluator.MultiplyRelinearize(ca, cb, _relinearizationKey));
        CkksCiphertext square = _t.Evaluator.Rescale(_t.Evaluator.MultiplyRelinearize(product, product, _relinearizationKey));

        Assert.Equal(2, product.Size);
        CkksPropertyTests.AssertClose(a.Zip(b, (x, y) => x * y).ToArray(), _t.DecryptDecode(product), 1e-5);
        CkksPropertyTests.AssertClose(a.Zip(b, (x, y) => x * y * x * y).ToArray(), _t.DecryptDecode(square), 1e-4);
        Assert.Equal(0, square.Level);
    }

    [Property(MaxTest = 20)]
    public void Rotate_ByAnyStep_ShiftsSlotsLeftCyclically(int seed, short stepSource)
    {
        var random = new Random(seed);
        int slots = _t.Encoder.SlotCount;
        int step = 1 << (Math.Abs(stepSource) % 5);
        if (stepSource < 0)
        {
            step = -step;
        }

        double[] a = _t.Values(random);
        CkksCiphertext rotated = _t.Evaluator.Rotate(_t.Encryptor.Encrypt(_t.Encoder.Encode(a)), step, _galoisKeys);

        double[] expected = Enumerable.Range(0, slots).Select(j => a[(((j + step) % slots) + slots) % slots]).ToArray();
        CkksPropertyTests.AssertClose(expected, _t.DecryptDecode(rotated), 1e-5);
    }

    [Fact]
    public void EvaluationKeys_SerializedAndImported_RelinearizeAndRotateIdentically()
    {
        double[] a = _t.Values(new Random(11));
        CkksCiphertext c = _t.Encryptor.Encrypt(_t.Encoder.Encode(a));
        byte[] relinearizationBlob = CkksBinaryFormat.ExportRelinearizationKey(_relinearizationKey);
        byte[] galoisBlob = CkksBinaryFormat.ExportGaloisKeys(_galoisKeys);

        CkksRelinearizationKey relinearizationKey = CkksBinaryFormat.ImportRelinearizationKey(_t.Context, relinearizationBlob);
        CkksGaloisKeys galoisKeys = CkksBinaryFormat.ImportGaloisKeys(_t.Context, galoisBlob);

        Assert.Equal(_galoisKeys.GaloisElements, galoisKeys.GaloisElements);
        Assert.Equal(_t.Evaluator.MultiplyRelinearize(c, c, _relinearizationKey).Data, _t.Evaluator.MultiplyRelinearize(c, c, relinearizationKey).Data);
        Assert.Equal(_t.Evaluator.Rotate(c, 4, _galoisKeys).Data, _t.Evaluator.Rotate(c, 4, galoisKeys).Data);
        Assert.Throws<KeyFormatException>(() => CkksBinaryFormat.ImportRelinearizationKey(_t.Context, relinearizationBlob.AsSpan(0, relinearizationBlob.Length - 1)));
        Assert.Throws<KeyFormatException>(() => CkksBinaryFormat.ImportGaloisKeys(_t.Context, galoisBlob.AsSpan(0, 40)));
        galoisBlob[18] ^= 1; // the first Galois element becomes even
        Assert.Throws<KeyFormatException>(() => CkksBinaryFormat.ImportGaloisKeys(_t.Context, galoisBlob));
    }

    [Fact]
    public void Conjugate_ConjugatesEverySlot_AndMissingKeyIsRefused()
    {
        var random = new Random(3);
        Complex[] values = Enumerable.Range(0, _t.Encoder.SlotCount).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        CkksCiphertext c = _t.Encryptor.Encrypt(_t.Encoder.Encode(values));

        Complex[] conjugated = _t.Encoder.DecodeComplex(_t.Decryptor.Decrypt(_t.Evaluator.Conjugate(c, _galoisKeys)));

        for (int j = 0; j < values.Length; j++)
        {
            Assert.True((conjugated[j] - Complex.Conjugate(values[j])).Magnitude < 1e-5);
        }

        CkksGaloisKeys onlyOne = new CkksKeyGenerator(_t.Context).CreateGaloisKeys(_t.SecretKey, [1]);
        Assert.Throws<CkksMismatchException>(() => _t.Evaluator.Rotate(c, 3, onlyOne));
        Assert.Throws<CkksMismatchException>(() => _t.Evaluator.Relinearize(c, _relinearizationKey));
    }
}
