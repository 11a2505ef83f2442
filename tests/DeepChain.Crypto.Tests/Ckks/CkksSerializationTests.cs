using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>CKKS blobs: seeded and unseeded ciphertexts, keys and parameters round-trip; malformed input is refused.</summary>
public sealed class CkksSerializationTests : IClassFixture<CkksTestContext>
{
    private readonly CkksTestContext _t;

    public CkksSerializationTests(CkksTestContext context) => _t = context;

    [Property(MaxTest = 20)]
    public void Ciphertext_SeededAndUnseeded_RoundTripExactly(int seed, bool symmetric, bool afterAddition)
    {
        double[] values = _t.Values(new Random(seed));
        CkksCiphertext c = (symmetric ? _t.SymmetricEncryptor : _t.Encryptor).Encrypt(_t.Encoder.Encode(values));
        if (afterAddition)
        {
            c = _t.Evaluator.Add(c, c);
        }

        byte[] blob = CkksBinaryFormat.ExportCiphertext(c);
        CkksCiphertext copy = CkksBinaryFormat.ImportCiphertext(_t.Context, blob);

        Assert.Equal(symmetric && !afterAddition, copy.IsSeeded);
        Assert.Equal(c.Data, copy.Data);
        Assert.Equal(c.Scale, copy.Scale);
        Assert.Equal(c.LimbCount, copy.LimbCount);
        Assert.Equal(blob.Length, CkksBinaryFormat.GetCiphertextSize(c));
    }

    [Fact]
    public void SeededCiphertext_IsAboutHalfTheUnseededSize()
    {
        CkksCiphertext seeded = _t.SymmetricEncryptor.Encrypt(_t.Encoder.Encode([1.0]));
        CkksCiphertext unseeded = _t.Evaluator.Negate(_t.Evaluator.Negate(seeded));

        int seededSize = CkksBinaryFormat.GetCiphertextSize(seeded), unseededSize = CkksBinaryFormat.GetCiphertextSize(unseeded);

        Assert.InRange(seededSize, unseededSize / 2, (unseededSize / 2) + 64);
        Assert.Equal(_t.Values(new Random(1)).Length, _t.Encoder.SlotCount);
    }

    [Fact]
    public void KeysAndParameters_RoundTrip()
    {
        CkksParameters parameters = CkksParameters.Preset(8192);
        Assert.Equal(parameters, CkksBinaryFormat.ImportParameters(CkksBinaryFormat.ExportParameters(parameters)));

        CkksPublicKey publicKey = CkksBinaryFormat.ImportPublicKey(_t.Context, CkksBinaryFormat.ExportPublicKey(_t.PublicKey));
        using CkksSecretKey secretKey = CkksBinaryFormat.ImportSecretKey(_t.Context, CkksBinaryFormat.ExportSecretKey(_t.SecretKey));

        Assert.Equal(_t.PublicKey.B, publicKey.B);
        Assert.Equal(_t.PublicKey.A, publicKey.A);
        Assert.Equal(_t.SecretKey.Ntt, secretKey.Ntt);
    }

    [Property(MaxTest = 40)]
    public void Import_TruncatedOrAlteredCiphertext_ThrowsCiphertextFormatExceptionOrDecodesDifferently(ushort cutSource, bool truncate)
    {
        CkksCiphertext c = _t.Encryptor.Encrypt(_t.Encoder.Encode([0.5]));
        byte[] blob = CkksBinaryFormat.ExportCiphertext(c);
        if (truncate)
        {
            Assert.Throws<CiphertextFormatException>(() => CkksBinaryFormat.ImportCiphertext(_t.Context, blob.AsSpan(0, cutSource % blob.Length)));
            return;
        }

        blob[cutSource % blob.Length] ^= 0x10;
        try
        {
            // A change that still parses must show in the values or the scale (every field has one encoding).
            CkksCiphertext altered = CkksBinaryFormat.ImportCiphertext(_t.Context, blob);
            Assert.True(!c.Data.SequenceEqual(altered.Data) || c.Scale != altered.Scale);
        }
        catch (CiphertextFormatException)
        {
        }
    }

    [Fact]
    public void Import_UnderOtherParameters_IsRefused()
    {
        var other = new CkksContext(new CkksParameters(64, [50, 40, 50], Math.Pow(2, 40), allowInsecure: true));
        byte[] blob = CkksBinaryFormat.ExportCiphertext(_t.Encryptor.Encrypt(_t.Encoder.Encode([0.5])));

        Assert.Equal("fingerprint", Assert.Throws<CiphertextFormatException>(() => CkksBinaryFormat.ImportCiphertext(other, blob)).Field);
        Assert.Equal("fingerprint", Assert.Throws<KeyFormatException>(() => CkksBinaryFormat.ImportPublicKey(other, CkksBinaryFormat.ExportPublicKey(_t.PublicKey))).Field);
        Assert.Throws<KeyFormatException>(() => CkksBinaryFormat.ImportParameters(CkksBinaryFormat.ExportParameters(_t.Context.Parameters)));
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(4096)]
    public void Parameters_InsecureOrUnsupported_AreRefused(int degree)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CkksParameters(degree, [60, 60], Math.Pow(2, 40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CkksParameters(8192, [60, 60, 60, 60], Math.Pow(2, 40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CkksParameters(8192, [60], Math.Pow(2, 40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CkksParameters(8192, [61, 40], Math.Pow(2, 40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CkksParameters(8192, [40, 40], Math.Pow(2, 40)));
    }
}

/// <summary>The primes of each preset equal those Microsoft SEAL's CoeffModulus.Create picks (read from node-seal 7.0.0
/// by tools/ckks-seal/measure.mjs), so parameters interoperate.</summary>
public sealed class CkksPrimesKnownAnswerTests
{
    [Theory]
    [InlineData(4096, "1099511390209,536813569,1099511480321")]
    [InlineData(8192, "1152921504606748673,1099510890497,1099511480321,1152921504606830593")]
    [InlineData(16384, "1152921504606683137,1099504549889,1099505827841,1099506352129,1099506515969,1099507695617,1099508121601,1099510054913,1152921504606748673")]
    public void PresetPrimes_EqualSeal(int degree, string sealPrimes)
    {
        var context = new CkksContext(CkksParameters.Preset(degree));

        Assert.Equal(sealPrimes.Split(',').Select(ulong.Parse), context.Moduli);
    }
}
