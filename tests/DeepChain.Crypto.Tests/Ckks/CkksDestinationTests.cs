using System.Numerics;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>
/// The destination forms (span-first, destination last) compute exactly what the allocating forms compute, also when the
/// destination is an operand, and reject a destination of the wrong size, level or parameters before writing anything.
/// </summary>
public sealed class CkksDestinationTests : IClassFixture<CkksTestContext>
{
    private readonly CkksTestContext _t;
    private readonly CkksRelinearizationKey _relinearizationKey;
    private readonly CkksGaloisKeys _galoisKeys;

    public CkksDestinationTests(CkksTestContext context)
    {
        _t = context;
        var generator = new CkksKeyGenerator(context.Context);
        _relinearizationKey = generator.CreateRelinearizationKey(context.SecretKey);
        _galoisKeys = generator.CreateGaloisKeys(context.SecretKey, includeConjugation: true);
    }

    private CkksEvaluator Evaluator => _t.Evaluator;

    [Property(MaxTest = 10)]
    public void EvaluatorDestinationForms_EqualAllocatingForms_Exactly(int seed)
    {
        var random = new Random(seed);
        CkksCiphertext a = Encrypt(random), b = Encrypt(random);
        CkksPlaintext p = _t.Encoder.Encode(_t.Values(random));
        CkksCiphertext d2 = CkksCiphertext.Create(_t.Context), d3 = CkksCiphertext.Create(_t.Context, 3), lower = CkksCiphertext.Create(_t.Context, 2, a.Level - 1);

        AssertSame(Evaluator.Add(a, b), Into(d2, d => Evaluator.Add(a, b, d)));
        AssertSame(Evaluator.Subtract(a, b), Into(d2, d => Evaluator.Subtract(a, b, d)));
        AssertSame(Evaluator.Negate(a), Into(d2, d => Evaluator.Negate(a, d)));
        AssertSame(Evaluator.AddPlain(a, p), Into(d2, d => Evaluator.AddPlain(a, p, d)));
        AssertSame(Evaluator.SubtractPlain(a, p), Into(d2, d => Evaluator.SubtractPlain(a, p, d)));
        AssertSame(Evaluator.MultiplyPlain(a, p), Into(d2, d => Evaluator.MultiplyPlain(a, p, d)));
        CkksCiphertext product = Evaluator.Multiply(a, b);
        AssertSame(product, Into(d3, d => Evaluator.Multiply(a, b, d)));
        AssertSame(Evaluator.Relinearize(product, _relinearizationKey), Into(d2, d => Evaluator.Relinearize(product, _relinearizationKey, d)));
        AssertSame(Evaluator.MultiplyRelinearize(a, b, _relinearizationKey), Into(d2, d => Evaluator.MultiplyRelinearize(a, b, _relinearizationKey, d)));
        AssertSame(Evaluator.Rescale(a), Into(lower, d => Evaluator.Rescale(a, d)));
        AssertSame(Evaluator.Rotate(a, 4, _galoisKeys), Into(d2, d => Evaluator.Rotate(a, 4, _galoisKeys, d)));
        AssertSame(Evaluator.Rotate(a, 0, _galoisKeys), Into(d2, d => Evaluator.Rotate(a, 0, _galoisKeys, d)));
        AssertSame(Evaluator.Conjugate(a, _galoisKeys), Into(d2, d => Evaluator.Conjugate(a, _galoisKeys, d)));
    }

    [Property(MaxTest = 10)]
    public void DestinationForms_WhenDestinationIsAnOperand_EqualAllocatingForms(int seed)
    {
        var random = new Random(seed);
        CkksCiphertext a = Encrypt(random), b = Encrypt(random);

        AssertSame(Evaluator.Add(a, b), Into(Copy(a), d => Evaluator.Add(d, b, d)));
        AssertSame(Evaluator.Subtract(a, b), Into(Copy(b), d => Evaluator.Subtract(a, d, d)));
        AssertSame(Evaluator.MultiplyRelinearize(a, b, _relinearizationKey), Into(Copy(a), d => Evaluator.MultiplyRelinearize(d, b, _relinearizationKey, d)));
        AssertSame(Evaluator.MultiplyRelinearize(a, a, _relinearizationKey), Into(Copy(a), d => Evaluator.MultiplyRelinearize(d, d, _relinearizationKey, d)));
        AssertSame(Evaluator.Rotate(a, -2, _galoisKeys), Into(Copy(a), d => Evaluator.Rotate(d, -2, _galoisKeys, d)));
        AssertSame(Evaluator.Conjugate(a, _galoisKeys), Into(Copy(a), d => Evaluator.Conjugate(d, _galoisKeys, d)));
        AssertSame(Evaluator.Negate(a), Into(Copy(a), d => Evaluator.Negate(d, d)));
    }

    [Property(MaxTest = 20)]
    public void EncodeDecryptDecode_IntoDestinations_EqualAllocatingForms(int seed)
    {
        var random = new Random(seed);
        double[] values = _t.Values(random);
        Complex[] complexValues = values.Select(v => new Complex(v, -v / 2)).ToArray();
        CkksPlaintext plaintext = CkksPlaintext.Create(_t.Context);

        _t.Encoder.Encode(values, Math.Pow(2, 35), plaintext);
        Assert.Equal(_t.Encoder.Encode(values, Math.Pow(2, 35)).Data, plaintext.Data);
        Assert.Equal(Math.Pow(2, 35), plaintext.Scale);

        _t.Encoder.Encode(complexValues, null, plaintext);
        Assert.Equal(_t.Encoder.Encode(complexValues).Data, plaintext.Data);
        var decodedComplex = new Complex[_t.Encoder.SlotCount];
        _t.Encoder.Decode(plaintext, decodedComplex);
        Assert.Equal(_t.Encoder.DecodeComplex(plaintext), decodedComplex);

        CkksCiphertext c = _t.Encryptor.Encrypt(_t.Encoder.Encode(values));
        _t.Decryptor.Decrypt(c, plaintext);
        Assert.Equal(_t.Decryptor.Decrypt(c).Data, plaintext.Data);
        var decoded = new double[_t.Encoder.SlotCount];
        _t.Encoder.Decode(plaintext, decoded);
        Assert.Equal(_t.Encoder.Decode(plaintext), decoded);

        var firstFive = new double[5];
        _t.Encoder.Decode(plaintext, firstFive);
        Assert.Equal(decoded[..5], firstFive);

        CkksCiphertext size3 = Evaluator.Multiply(c, c);
        _t.Decryptor.Decrypt(size3, plaintext);
        Assert.Equal(_t.Decryptor.Decrypt(size3).Data, plaintext.Data);
        Assert.Equal(size3.Scale, plaintext.Scale);
    }

    [Property(MaxTest = 20)]
    public void EncryptIntoDestination_PublicAndSecretKey_DecryptsWithinBound(int seed, bool symmetric)
    {
        double[] values = _t.Values(new Random(seed), 10);
        CkksEncryptor encryptor = symmetric ? _t.SymmetricEncryptor : _t.Encryptor;
        CkksCiphertext destination = CkksCiphertext.Create(_t.Context);

        encryptor.Encrypt(_t.Encoder.Encode(values), destination);

        Assert.Equal(symmetric, destination.IsSeeded);
        CkksPropertyTests.AssertClose(values, _t.DecryptDecode(destination), 1e-6);
    }

    [Fact]
    public void SeededDestination_SerializesSeeded_AndStopsBeingSeededOnceOverwritten()
    {
        double[] values = _t.Values(new Random(5));
        CkksCiphertext destination = CkksCiphertext.Create(_t.Context);
        _t.SymmetricEncryptor.Encrypt(_t.Encoder.Encode(values), destination);

        CkksCiphertext imported = CkksBinaryFormat.ImportCiphertext(_t.Context, CkksBinaryFormat.ExportCiphertext(destination));
        Assert.True(imported.IsSeeded);
        Assert.Equal(destination.Data, imported.Data);

        // A second encryption draws a new seed (and a new c₁) into the same destination.
        _t.SymmetricEncryptor.Encrypt(_t.Encoder.Encode(values), destination);
        Assert.NotEqual(imported.Data, destination.Data);
        Assert.Equal(destination.Data, CkksBinaryFormat.ImportCiphertext(_t.Context, CkksBinaryFormat.ExportCiphertext(destination)).Data);

        Evaluator.Add(destination, imported, destination);
        Assert.False(destination.IsSeeded);
        CkksPropertyTests.AssertClose(values.Select(v => 2 * v).ToArray(), _t.DecryptDecode(destination), 1e-5);
    }

    [Fact]
    public void Create_MakesZeroAtDefaultScale_AndRejectsBadShapes()
    {
        CkksCiphertext c = CkksCiphertext.Create(_t.Context, 3, 1);
        Assert.Equal((3, 1, _t.Context.Parameters.DefaultScale, false), (c.Size, c.Level, c.Scale, c.IsSeeded));
        Assert.All(c.Data, x => Assert.Equal(0UL, x));
        Assert.All(_t.Decryptor.Decrypt(CkksCiphertext.Create(_t.Context)).Data, x => Assert.Equal(0UL, x));
        Assert.Equal(_t.Context.Parameters.DataPrimeCount - 1, CkksPlaintext.Create(_t.Context).Level);

        Assert.Throws<ArgumentNullException>("context", () => CkksCiphertext.Create(null!));
        Assert.Throws<ArgumentOutOfRangeException>("size", () => CkksCiphertext.Create(_t.Context, 1));
        Assert.Throws<ArgumentOutOfRangeException>("size", () => CkksCiphertext.Create(_t.Context, 4));
        Assert.Throws<ArgumentOutOfRangeException>("level", () => CkksCiphertext.Create(_t.Context, 2, -1));
        Assert.Throws<ArgumentOutOfRangeException>("level", () => CkksCiphertext.Create(_t.Context, 2, _t.Context.Parameters.DataPrimeCount));
        Assert.Throws<ArgumentOutOfRangeException>("level", () => CkksPlaintext.Create(_t.Context, _t.Context.Parameters.DataPrimeCount));
    }

    [Fact]
    public void DestinationOfWrongSizeLevelOrParameters_IsRejected_BeforeAnythingIsWritten()
    {
        CkksCiphertext a = Encrypt(new Random(1)), b = Encrypt(new Random(2));
        var foreign = CkksCiphertext.Create(new CkksContext(new CkksParameters(64, [50, 40, 50], Math.Pow(2, 40), allowInsecure: true)));
        CkksCiphertext wrongLevel = CkksCiphertext.Create(_t.Context, 2, 0), size3 = CkksCiphertext.Create(_t.Context, 3);
        ulong[] before = (ulong[])wrongLevel.Data.Clone();

        Assert.Throws<ArgumentNullException>("destination", () => Evaluator.Add(a, b, null!));
        Assert.Throws<CkksMismatchException>("destination", () => Evaluator.Add(a, b, wrongLevel));
        Assert.Throws<CkksMismatchException>("destination", () => Evaluator.Add(a, b, size3));
        Assert.Throws<CkksMismatchException>("destination", () => Evaluator.Add(a, b, foreign));
        Assert.Throws<CkksMismatchException>("destination", () => Evaluator.Multiply(a, b, CkksCiphertext.Create(_t.Context)));
        Assert.Throws<CkksMismatchException>("destination", () => Evaluator.Relinearize(Evaluator.Multiply(a, b), _relinearizationKey, size3));
        Assert.Throws<CkksMismatchException>("destination", () => Evaluator.Rescale(a, CkksCiphertext.Create(_t.Context)));
        Assert.Throws<CkksMismatchException>("destination", () => Evaluator.Rotate(a, 1, _galoisKeys, wrongLevel));
        Assert.Throws<CkksMismatchException>("destination", () => _t.Encryptor.Encrypt(_t.Encoder.Encode([1.0]), wrongLevel));
        Assert.Throws<CkksMismatchException>("destination", () => _t.Decryptor.Decrypt(a, CkksPlaintext.Create(_t.Context, 0)));
        Assert.Throws<CkksMismatchException>("destination", () => _t.Encoder.Encode([1.0], null, CkksPlaintext.Create(foreign.Context)));
        Assert.Throws<ArgumentException>("destination", () => _t.Encoder.Decode(_t.Encoder.Encode([1.0]), new double[_t.Encoder.SlotCount + 1]));
        Assert.Throws<CkksMismatchException>("b", () => Evaluator.Add(a, Evaluator.Rescale(b), wrongLevel));
        Assert.Equal(before, wrongLevel.Data);
    }

    [Fact]
    public void EncodeIntoDestination_OfValuesBeyondTheModulus_LeavesDestinationUnchanged()
    {
        CkksPlaintext destination = CkksPlaintext.Create(_t.Context, 0);
        _t.Encoder.Encode([0.25], null, destination);
        ulong[] before = (ulong[])destination.Data.Clone();

        Assert.Throws<ArgumentOutOfRangeException>("values", () => _t.Encoder.Encode([1e9], null, destination));
        Assert.Throws<ArgumentOutOfRangeException>("values", () => _t.Encoder.Encode([double.NaN], null, destination));

        Assert.Equal(before, destination.Data);
    }

    private CkksCiphertext Encrypt(Random random) => _t.Encryptor.Encrypt(_t.Encoder.Encode(_t.Values(random)));

    private static CkksCiphertext Copy(CkksCiphertext c) => new(c.Context, (ulong[])c.Data.Clone(), c.Size, c.LimbCount, c.Scale);

    private static CkksCiphertext Into(CkksCiphertext destination, Action<CkksCiphertext> operation)
    {
        operation(destination);
        return destination;
    }

    private static void AssertSame(CkksCiphertext expected, CkksCiphertext actual)
    {
        Assert.Equal((expected.Size, expected.LimbCount, expected.Scale), (actual.Size, actual.LimbCount, actual.Scale));
        Assert.Equal(expected.Data, actual.Data);
    }
}
