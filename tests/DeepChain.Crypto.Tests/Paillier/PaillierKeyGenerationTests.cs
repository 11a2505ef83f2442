using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier;

/// <summary>One real 2048-bit key pair from the public <see cref="PaillierKeyPair.Generate"/>, made once for the class (a few seconds).</summary>
public sealed class Paillier2048BitKeys : IDisposable
{
    public Paillier2048BitKeys()
    {
        Keys = PaillierKeyPair.Generate(2048);
    }

    public PaillierKeyPair Keys { get; }

    public void Dispose() => Keys.Dispose();
}

/// <summary>
/// Key generation: moduli of exactly the requested size from two primes with their top two bits set, keys that
/// round-trip, and keys rebuilt from their integers (n; p, q) that interoperate with the generated ones.
/// </summary>
public sealed class PaillierKeyGenerationTests : IClassFixture<Paillier2048BitKeys>
{
    private readonly PaillierKeyPair _keys;

    public PaillierKeyGenerationTests(Paillier2048BitKeys fixture)
    {
        _keys = fixture.Keys;
    }

    [Fact]
    public void Generate_2048Bits_ModulusIsProductOfTwo1024BitPrimesWithTopBitsSet()
    {
        BigInteger p = _keys.PrivateKey.P, q = _keys.PrivateKey.Q;

        Assert.Equal(2048, _keys.PublicKey.ModulusBits);
        Assert.Equal(2048, _keys.PrivateKey.ModulusBits);
        Assert.Equal(2048, _keys.PublicKey.N.GetBitLength());
        Assert.Equal(p * q, _keys.PublicKey.N);
        Assert.Equal(_keys.PublicKey.N * _keys.PublicKey.N, _keys.PublicKey.NSquared);
        Assert.Equal(_keys.PublicKey.N + 1, _keys.PublicKey.G);
        Assert.NotEqual(p, q);
        foreach (BigInteger prime in new[] { p, q })
        {
            Assert.Equal(1024, prime.GetBitLength());
            Assert.True(((prime >> 1022) & 3) == 3, "the two top bits of each prime are set");
            Assert.True(Primes.IsProbablePrime(prime, 8));
        }

        Assert.Equal(BigInteger.One, BigInteger.GreatestCommonDivisor(p * q, (p - 1) * (q - 1)));
    }

    [Fact]
    public void Generate_2048Bits_RoundTripsAndAdds()
    {
        PaillierPublicKey publicKey = _keys.PublicKey;
        BigInteger n = publicKey.N;
        var random = new Random(2048);
        BigInteger[] plaintexts = [0, 1, n - 1, PaillierPropertyTests.RandomBelow(random, n), PaillierPropertyTests.RandomBelow(random, n)];

        PaillierCiphertext[] ciphertexts = publicKey.Encrypt(plaintexts);

        Assert.Equal(plaintexts, _keys.PrivateKey.Decrypt(ciphertexts));
        Assert.Equal(plaintexts[3], _keys.PrivateKey.DecryptWithoutCrt(ciphertexts[3]));
        Assert.Equal((plaintexts[3] + plaintexts[4]) % n, _keys.PrivateKey.Decrypt(publicKey.Add(ciphertexts[3], ciphertexts[4])));
        Assert.Equal(n - 2, _keys.PrivateKey.Decrypt(publicKey.Multiply(ciphertexts[1], -2)));
        Assert.NotEqual(ciphertexts[0].Value, publicKey.Encrypt(0).Value);
    }

    [Fact]
    public void FromPrimes_PublicPathWithGeneratedPrimes_InteroperatesWithGeneratedKey()
    {
        BigInteger p = _keys.PrivateKey.P, q = _keys.PrivateKey.Q;
        PaillierCiphertext c = _keys.PublicKey.Encrypt(123_456_789);

        using PaillierPrivateKey rebuilt = PaillierPrivateKey.FromPrimes(p, q);

        // The primes were tested above; skip the 2 × 50 Miller–Rabin rounds for the swapped order.
        using PaillierPrivateKey swapped = PaillierPrivateKey.FromPrimes(q, p, allowInsecureTestSizes: false, primesAlreadyTested: true);

        Assert.Equal(_keys.PublicKey, rebuilt.PublicKey);
        Assert.Equal(_keys.PublicKey.GetFingerprint(), swapped.PublicKey.GetFingerprint());
        Assert.Equal(new BigInteger(123_456_789), rebuilt.Decrypt(c));
        Assert.Equal(new BigInteger(123_456_789), swapped.Decrypt(c));
        Assert.Equal(new BigInteger(42), _keys.PrivateKey.Decrypt(rebuilt.PublicKey.Encrypt(42)));
    }

    [Fact]
    public void PublicKeyConstructor_GeneratedModulus_InteroperatesWithGeneratedKey()
    {
        var imported = new PaillierPublicKey(_keys.PublicKey.N);

        PaillierCiphertext sum = _keys.PublicKey.Add(imported.Encrypt(40), _keys.PublicKey.Encrypt(2));

        Assert.Equal(_keys.PublicKey, imported);
        Assert.Equal(_keys.PublicKey.GetHashCode(), imported.GetHashCode());
        Assert.True(_keys.PrivateKey.Matches(imported));
        Assert.Equal(new BigInteger(42), _keys.PrivateKey.Decrypt(sum));
        Assert.Equal(new BigInteger(42), _keys.PrivateKey.Decrypt(imported.Import(sum.Value)));
    }

    [Fact]
    public void FromPrimes_PrimesWhoseProductIsJustBelow2048Bits_ThrowsArgumentException()
    {
        BigInteger p = _keys.PrivateKey.P;
        BigInteger q = Primes.RandomPrime(1022);
        Assert.Equal(2046, (p * q).GetBitLength());

        Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(p, q));
    }

    [Fact]
    public void GetFingerprint_DifferentKeys_Are16LowercaseHexDigitsAndDiffer()
    {
        using PaillierKeyPair other = PaillierKeyPair.GenerateInsecureForTests(256);
        string fingerprint = _keys.PublicKey.GetFingerprint();

        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
        Assert.NotEqual(fingerprint, other.PublicKey.GetFingerprint());
        Assert.Contains("2048 bits", _keys.PublicKey.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(514)]
    [InlineData(768)]
    public void GenerateInsecureForTests_EvenSize_ModulusHasExactlyThatManyBits(int modulusBits)
    {
        using PaillierKeyPair keys = PaillierKeyPair.GenerateInsecureForTests(modulusBits);
        BigInteger p = keys.PrivateKey.P, q = keys.PrivateKey.Q;

        Assert.Equal(modulusBits, keys.PublicKey.N.GetBitLength());
        Assert.Equal(modulusBits / 2, p.GetBitLength());
        Assert.Equal(modulusBits / 2, q.GetBitLength());
        Assert.NotEqual(p, q);
        Assert.Equal(new BigInteger(7), keys.PrivateKey.Decrypt(keys.PublicKey.Encrypt(7)));
    }

    [Fact]
    public void Constants_MinimumAndDefault_Are2048And3072()
    {
        Assert.Equal(2048, PaillierPublicKey.MinimumModulusBits);
        Assert.Equal(3072, PaillierPublicKey.DefaultModulusBits);
    }
}
