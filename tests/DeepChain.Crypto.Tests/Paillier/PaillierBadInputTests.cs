using System.Globalization;
using System.Numerics;
using DeepChain.Crypto.Paillier;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier;

/// <summary>
/// What the Paillier API refuses, and how: ciphertexts outside Z*<sub>n²</sub>, ciphertexts of another key, plaintexts
/// outside Z<sub>n</sub>, wrong destination lengths, unacceptable moduli and primes, and disposed keys. Secrets never
/// appear in <c>ToString()</c> or exception messages.
/// </summary>
public sealed class PaillierBadInputTests : IClassFixture<InsecurePaillierKeys>
{
    private readonly InsecurePaillierKeys _keys;
    private readonly PaillierPublicKey _publicKey;
    private readonly PaillierPrivateKey _privateKey;
    private readonly BigInteger _n;
    private readonly BigInteger _nSquared;

    public PaillierBadInputTests(InsecurePaillierKeys keys)
    {
        _keys = keys;
        _publicKey = keys.PublicKey;
        _privateKey = keys.PrivateKey;
        _n = _publicKey.N;
        _nSquared = _publicKey.NSquared;
    }

    public static TheoryData<int> TooLargeOffsets() => new() { 0, 1, 12345 };

    [Theory]
    [MemberData(nameof(TooLargeOffsets))]
    public void Operations_CiphertextNotBelowNSquared_ThrowInvalidCiphertext(int offset)
    {
        BigInteger value = _nSquared + offset;
        var tooLarge = new PaillierCiphertext(value);
        PaillierCiphertext valid = _publicKey.Encrypt(5);

        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Add(tooLarge, valid));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Add(valid, tooLarge));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Sum([valid, tooLarge]));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.AddPlain(tooLarge, 1));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Multiply(tooLarge, 3));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Negate(tooLarge));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Subtract(valid, tooLarge));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Rerandomize(tooLarge));
        Assert.Throws<InvalidCiphertextException>(() => _privateKey.Decrypt(tooLarge));
        Assert.Throws<InvalidCiphertextException>(() => _privateKey.Decrypt([valid, tooLarge]));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Import(value));
        Assert.False(_publicKey.IsValid(tooLarge));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-123456789)]
    public void Constructor_ZeroOrNegativeValue_ThrowsArgumentOutOfRange(int value)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new PaillierCiphertext(value));

        Assert.Equal("value", exception.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Import_ZeroOrNegativeValue_ThrowsInvalidCiphertext(int value)
    {
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Import(value));
    }

    public static TheoryData<string> FactorSharingValues() => new() { "p", "q", "7p", "p^2", "n", "(n+1)q", "n^2-p" };

    private BigInteger FactorSharingValue(string name)
    {
        BigInteger p = _privateKey.P, q = _privateKey.Q;
        return name switch
        {
            "p" => p,
            "q" => q,
            "7p" => 7 * p,
            "p^2" => p * p,
            "n" => _n,
            "(n+1)q" => (_n + 1) * q,
            _ => _nSquared - p,
        };
    }

    [Theory]
    [MemberData(nameof(FactorSharingValues))]
    public void DecryptImportNegate_ValueSharingFactorWithN_ThrowInvalidCiphertext(string name)
    {
        BigInteger value = FactorSharingValue(name);
        var ciphertext = new PaillierCiphertext(value);

        Assert.Throws<InvalidCiphertextException>(() => _privateKey.Decrypt(ciphertext));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Import(value));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Negate(ciphertext));
        Assert.Throws<InvalidCiphertextException>(() => _publicKey.Subtract(_publicKey.Encrypt(1), ciphertext));
        Assert.False(_publicKey.IsValid(ciphertext));
    }

    [Fact]
    public void DecryptBatch_OneValueSharingFactorWithN_ThrowsInvalidCiphertextAndLeavesDestination()
    {
        // Decrypt(ReadOnlySpan<PaillierCiphertext>, Span<BigInteger>) documents InvalidCiphertextException for a
        // ciphertext outside Z*_{n²} and promises to leave the destination unchanged on failure.
        PaillierCiphertext[] ciphertexts = [_publicKey.Encrypt(1), new PaillierCiphertext(7 * _privateKey.P), _publicKey.Encrypt(2)];
        BigInteger[] destination = [-1, -1, -1];

        Assert.Throws<InvalidCiphertextException>(() => _privateKey.Decrypt(ciphertexts, destination));
        Assert.All(destination, value => Assert.Equal(BigInteger.MinusOne, value));
        Assert.Throws<InvalidCiphertextException>(() => _privateKey.Decrypt(ciphertexts));
    }

    [Fact]
    public void Operations_CiphertextOfAnotherKey_ThrowKeyMismatch()
    {
        PaillierPublicKey otherPublicKey = _keys.OtherKeys.PublicKey;
        PaillierCiphertext mine = _publicKey.Encrypt(3);
        PaillierCiphertext theirs = otherPublicKey.Encrypt(3);

        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.Add(mine, theirs));
        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.Add(theirs, mine));
        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.Sum([mine, theirs]));
        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.AddPlain(theirs, 1));
        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.Multiply(theirs, 2));
        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.Negate(theirs));
        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.Subtract(mine, theirs));
        Assert.Throws<PaillierKeyMismatchException>(() => _publicKey.Rerandomize(theirs));
        Assert.Throws<PaillierKeyMismatchException>(() => _privateKey.Decrypt(theirs));
        Assert.Throws<PaillierKeyMismatchException>(() => _privateKey.Decrypt([mine, theirs]));
        Assert.Throws<PaillierKeyMismatchException>(() => _keys.OtherKeys.PrivateKey.Decrypt(mine));
        Assert.False(_publicKey.IsValid(theirs));
        Assert.False(_privateKey.Matches(otherPublicKey));
    }

    [Fact]
    public void Operations_CiphertextOfAnEqualKeyObject_AreAccepted()
    {
        // A key is identified by n: a second object with the same modulus is the same key.
        var sameKey = new PaillierPublicKey(_n, allowInsecureTestSizes: true);
        PaillierCiphertext c = sameKey.Encrypt(41);

        Assert.Equal(_publicKey, sameKey);
        Assert.True(_privateKey.Matches(sameKey));
        Assert.Equal(new BigInteger(42), _privateKey.Decrypt(_publicKey.AddPlain(c, 1)));
    }

    public static TheoryData<string> BadPlaintexts() => new() { "-1", "-n", "n", "n+1", "n^2" };

    private BigInteger BadPlaintext(string name) => name switch
    {
        "-1" => BigInteger.MinusOne,
        "-n" => -_n,
        "n" => _n,
        "n+1" => _n + 1,
        _ => _nSquared,
    };

    [Theory]
    [MemberData(nameof(BadPlaintexts))]
    public void Encrypt_PlaintextOutsideZn_ThrowsArgumentOutOfRange(string name)
    {
        BigInteger m = BadPlaintext(name);

        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => _publicKey.Encrypt(m)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => _publicKey.AddPlain(_publicKey.Encrypt(1), m)).ParamName);
    }

    [Theory]
    [MemberData(nameof(BadPlaintexts))]
    public void EncryptBatch_OnePlaintextOutsideZn_ThrowsAndWritesNothing(string name)
    {
        BigInteger[] plaintexts = [1, 2, 3, BadPlaintext(name)];
        PaillierCiphertext sentinel = _publicKey.Encrypt(0);
        PaillierCiphertext[] destination = [sentinel, sentinel, sentinel, sentinel];

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => _publicKey.Encrypt(plaintexts, destination));

        Assert.Equal("plaintexts", exception.ParamName);
        Assert.All(destination, c => Assert.Same(sentinel, c));
        Assert.Throws<ArgumentOutOfRangeException>(() => _publicKey.Encrypt(plaintexts));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(3, 4)]
    [InlineData(0, 1)]
    public void BatchOperations_DestinationLengthMismatch_ThrowArgumentException(int sourceLength, int destinationLength)
    {
        BigInteger[] plaintexts = Enumerable.Range(0, sourceLength).Select(i => new BigInteger(i)).ToArray();
        PaillierCiphertext[] ciphertexts = _publicKey.Encrypt(plaintexts);

        var encryptException = Assert.Throws<ArgumentException>(() => _publicKey.Encrypt(plaintexts, new PaillierCiphertext[destinationLength]));
        var decryptException = Assert.Throws<ArgumentException>(() => _privateKey.Decrypt(ciphertexts, new BigInteger[destinationLength]));

        Assert.Equal("destination", encryptException.ParamName);
        Assert.Equal("destination", decryptException.ParamName);
    }

    [Fact]
    public void Sum_EmptySpan_ThrowsArgumentException()
    {
        Assert.Equal("ciphertexts", Assert.Throws<ArgumentException>(() => _publicKey.Sum([])).ParamName);
    }

    [Fact]
    public void Operations_NullCiphertext_ThrowArgumentNull()
    {
        PaillierCiphertext valid = _publicKey.Encrypt(1);

        Assert.Throws<ArgumentNullException>(() => _publicKey.Add(valid, null!));
        Assert.Throws<ArgumentNullException>(() => _publicKey.Multiply(null!, 2));
        Assert.Throws<ArgumentNullException>(() => _publicKey.IsValid(null!));
        Assert.Throws<ArgumentNullException>(() => _privateKey.Decrypt((PaillierCiphertext)null!));
    }

    public static TheoryData<string> UnacceptableModuli() => new() { "2047-bit odd", "2048-bit even", "0", "-2048-bit odd", "1" };

    [Theory]
    [MemberData(nameof(UnacceptableModuli))]
    public void PublicKeyConstructor_SmallEvenOrNonPositiveModulus_ThrowsArgumentOutOfRange(string name)
    {
        BigInteger n = name switch
        {
            "2047-bit odd" => (BigInteger.One << 2046) + 1,
            "2048-bit even" => (BigInteger.One << 2047) + 2,
            "0" => BigInteger.Zero,
            "-2048-bit odd" => -((BigInteger.One << 2047) + 1),
            _ => BigInteger.One,
        };

        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => new PaillierPublicKey(n)).ParamName);
    }

    [Fact]
    public void PublicKeyConstructor_2048BitOddModulusWithoutSmallFactors_IsAccepted()
    {
        // The smallest n ≥ 2²⁰⁴⁷ + 1 with no prime factor below 17,864 (the constructor refuses those).
        BigInteger n = (BigInteger.One << 2047) + 1;
        while (HasSmallFactor(n))
        {
            n += 2;
        }

        var key = new PaillierPublicKey(n);

        Assert.Equal(2048, key.ModulusBits);
    }

    [Fact]
    public void PublicKeyConstructor_ModulusWithSmallFactor_ThrowsArgumentOutOfRange()
    {
        BigInteger n = (BigInteger.One << 2047) + 1; // divisible by 3

        Assert.Throws<ArgumentOutOfRangeException>(() => new PaillierPublicKey(n));
    }

    private static bool HasSmallFactor(BigInteger n)
    {
        for (int d = 3; d < 17_864; d += 2)
        {
            if ((n % d).IsZero)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void PublicKeyConstructor_PerfectPowerOfSmallPrime_ThrowsArgumentOutOfRange()
    {
        // PaillierPublicKey(BigInteger n) documents ArgumentOutOfRangeException when n is "a perfect power of a small
        // prime"; 3^1300 is odd, has 2061 bits and factors trivially.
        BigInteger n = BigInteger.Pow(3, 1300);

        Assert.Throws<ArgumentOutOfRangeException>(() => new PaillierPublicKey(n));
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2046)]
    [InlineData(2049)]
    [InlineData(0)]
    [InlineData(-2048)]
    public void Generate_TooSmallOrOddModulusSize_ThrowsArgumentOutOfRange(int modulusBits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierKeyPair.Generate(modulusBits));
    }

    [Theory]
    [InlineData(513)]
    [InlineData(30)]
    public void GenerateInsecureForTests_OddOrTinyModulusSize_ThrowsArgumentOutOfRange(int modulusBits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierKeyPair.GenerateInsecureForTests(modulusBits));
    }

    [Fact]
    public void FromPrimes_EqualPrimes_ThrowsArgumentException()
    {
        BigInteger p = _privateKey.P;

        Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(p, p));
        Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(p, p, allowInsecureTestSizes: true));
    }

    [Fact]
    public void FromPrimes_CompositeFactor_ThrowsArgumentException()
    {
        BigInteger prime = _privateKey.P;
        BigInteger composite = _keys.OtherKeys.PublicKey.N; // a 512-bit product of two primes: no small factor
        BigInteger carmichael = BigInteger.Parse("3825123056546413051", CultureInfo.InvariantCulture);

        Assert.Equal("p", Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(composite, prime)).ParamName);
        Assert.Equal("q", Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(prime, composite)).ParamName);
        Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(carmichael, prime, allowInsecureTestSizes: true));
        Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(prime, 1, allowInsecureTestSizes: true));
    }

    [Fact]
    public void FromPrimes_ProductBelow2048Bits_ThrowsArgumentExceptionOnPublicPath()
    {
        BigInteger p = _privateKey.P, q = _privateKey.Q;

        var exception = Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(p, q));

        Assert.IsType<ArgumentOutOfRangeException>(exception.InnerException);
        using PaillierPrivateKey insecure = PaillierPrivateKey.FromPrimes(p, q, allowInsecureTestSizes: true);
        Assert.Equal(_publicKey, insecure.PublicKey);
    }

    [Fact]
    public void FromPrimes_GcdOfNAndPhiNotOne_ThrowsArgumentException()
    {
        // 3 divides 7 − 1, so gcd(21, 2·6) = 3.
        Assert.Throws<ArgumentException>(() => PaillierPrivateKey.FromPrimes(3, 7, allowInsecureTestSizes: true));
    }

    [Fact]
    public void DisposedPrivateKey_EveryOperation_ThrowsObjectDisposed()
    {
        PaillierCiphertext c = _publicKey.Encrypt(9);
        PaillierPrivateKey privateKey = PaillierPrivateKey.FromPrimes(_privateKey.P, _privateKey.Q, allowInsecureTestSizes: true);
        Assert.Equal(new BigInteger(9), privateKey.Decrypt(c));

        privateKey.Dispose();
        privateKey.Dispose(); // idempotent

        Assert.Throws<ObjectDisposedException>(() => privateKey.Decrypt(c));
        Assert.Throws<ObjectDisposedException>(() => privateKey.Decrypt([c]));
        Assert.Throws<ObjectDisposedException>(() => privateKey.Decrypt([c], new BigInteger[1]));
        Assert.Throws<ObjectDisposedException>(() => privateKey.DecryptWithoutCrt(c));
        Assert.Throws<ObjectDisposedException>(() => privateKey.P);
        Assert.Throws<ObjectDisposedException>(() => privateKey.Q);
        Assert.DoesNotContain(_privateKey.P.ToString(CultureInfo.InvariantCulture), privateKey.ToString(), StringComparison.Ordinal);

        // The fixture's key object, built from the same primes, is unaffected.
        Assert.Equal(new BigInteger(9), _privateKey.Decrypt(c));
    }

    [Fact]
    public void DisposedKeyPair_Decrypt_ThrowsObjectDisposed()
    {
        var keys = PaillierKeyPair.GenerateInsecureForTests(128);
        PaillierCiphertext c = keys.PublicKey.Encrypt(1);

        keys.Dispose();

        Assert.Throws<ObjectDisposedException>(() => keys.PrivateKey.Decrypt(c));
    }

    [Fact]
    public void ToString_PrivateKeyAndKeyPair_ContainNoSecret()
    {
        BigInteger p = _privateKey.P, q = _privateKey.Q;
        string[] descriptions = [_privateKey.ToString(), _keys.Keys.ToString(), _publicKey.ToString()];
        string[] secrets =
        [
            p.ToString(CultureInfo.InvariantCulture), q.ToString(CultureInfo.InvariantCulture),
            p.ToString("x", CultureInfo.InvariantCulture).TrimStart('0'), q.ToString("x", CultureInfo.InvariantCulture).TrimStart('0'),
            p.ToString("X", CultureInfo.InvariantCulture).TrimStart('0'), q.ToString("X", CultureInfo.InvariantCulture).TrimStart('0'),
            _n.ToString(CultureInfo.InvariantCulture),
        ];

        foreach (string description in descriptions)
        {
            Assert.Contains(_publicKey.GetFingerprint(), description, StringComparison.Ordinal);
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, description, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ExceptionMessages_BadCiphertexts_ContainNeitherValueNorPrimes()
    {
        BigInteger p = _privateKey.P;
        BigInteger sharing = 7 * p;
        string[] messages =
        [
            Assert.Throws<InvalidCiphertextException>(() => _privateKey.Decrypt(new PaillierCiphertext(sharing))).Message,
            Assert.Throws<InvalidCiphertextException>(() => _publicKey.Import(sharing)).Message,
            Assert.Throws<InvalidCiphertextException>(() => _publicKey.Negate(new PaillierCiphertext(sharing))).Message,
            Assert.Throws<InvalidCiphertextException>(() => _publicKey.Add(new PaillierCiphertext(_nSquared + 1), _publicKey.Encrypt(1))).Message,
        ];

        foreach (string message in messages)
        {
            Assert.DoesNotContain(p.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
            Assert.DoesNotContain(_privateKey.Q.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
            Assert.DoesNotContain(sharing.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_Ciphertext_ShowsSizeNotValue()
    {
        PaillierCiphertext c = _publicKey.Encrypt(77);

        Assert.DoesNotContain(c.Value.ToString(CultureInfo.InvariantCulture), c.ToString(), StringComparison.Ordinal);
        Assert.Contains("bits", c.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void IsValid_UnitsBelowNSquared_AreValid()
    {
        PaillierCiphertext c = _publicKey.Encrypt(_n - 1);

        Assert.True(_publicKey.IsValid(c));
        Assert.True(_publicKey.IsValid(_publicKey.Import(c.Value)));
        Assert.True(_publicKey.IsValid(new PaillierCiphertext(1)));
        Assert.True(_publicKey.IsValid(new PaillierCiphertext(_nSquared - 1)));
        Assert.False(_publicKey.IsValid(new PaillierCiphertext(_nSquared)));
    }
}
