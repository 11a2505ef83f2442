using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier;

/// <summary>
/// The algebra of Paillier with g = n + 1 on a small key: decryption inverts encryption, and every homomorphic
/// operation decrypts to the matching operation on plaintexts modulo n (and equals the textbook product or power
/// modulo n², so the Montgomery paths are checked against <see cref="BigInteger"/> too).
/// </summary>
public sealed class PaillierPropertyTests : IClassFixture<InsecurePaillierKeys>
{
    private readonly InsecurePaillierKeys _keys;
    private readonly PaillierPublicKey _publicKey;
    private readonly PaillierPrivateKey _privateKey;
    private readonly BigInteger _n;
    private readonly BigInteger _nSquared;

    public PaillierPropertyTests(InsecurePaillierKeys keys)
    {
        _keys = keys;
        _publicKey = keys.PublicKey;
        _privateKey = keys.PrivateKey;
        _n = _publicKey.N;
        _nSquared = _publicKey.NSquared;
    }

    [Property]
    public void Decrypt_EncryptionOfAnyPlaintext_ReturnsPlaintext(byte[] plaintext)
    {
        BigInteger m = _keys.Plaintext(plaintext);

        PaillierCiphertext c = _publicKey.Encrypt(m);

        Assert.InRange(c.Value, BigInteger.One, _nSquared - 1);
        Assert.Equal(m, _privateKey.Decrypt(c));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)] // n − 1
    [InlineData(-2)] // n − 2
    public void Decrypt_EncryptionOfBoundaryPlaintext_ReturnsPlaintext(int offset)
    {
        BigInteger m = offset >= 0 ? offset : _n + offset;

        Assert.Equal(m, _privateKey.Decrypt(_publicKey.Encrypt(m)));
    }

    [Property]
    public void Add_TwoCiphertexts_DecryptsToSumModN(byte[] first, byte[] second)
    {
        BigInteger a = _keys.Plaintext(first), b = _keys.Plaintext(second);
        PaillierCiphertext ca = _publicKey.Encrypt(a), cb = _publicKey.Encrypt(b);

        PaillierCiphertext sum = _publicKey.Add(ca, cb);

        Assert.Equal(ca.Value * cb.Value % _nSquared, sum.Value);
        Assert.Equal((a + b) % _n, _privateKey.Decrypt(sum));
    }

    [Property(MaxTest = 60)]
    public void Sum_OneToTwentyCiphertexts_DecryptsToSumModN(int seed, byte countSource)
    {
        var random = new Random(seed);
        int count = 1 + (countSource % 20);
        BigInteger[] plaintexts = Enumerable.Range(0, count).Select(_ => RandomBelow(random, _n)).ToArray();
        PaillierCiphertext[] ciphertexts = _publicKey.Encrypt(plaintexts);

        PaillierCiphertext sum = _publicKey.Sum(ciphertexts);

        BigInteger product = ciphertexts.Aggregate(BigInteger.One, (acc, c) => acc * c.Value % _nSquared);
        Assert.Equal(product, sum.Value);
        Assert.Equal(plaintexts.Aggregate(BigInteger.Zero, (acc, m) => acc + m) % _n, _privateKey.Decrypt(sum));
    }

    [Fact]
    public void Sum_SingleCiphertext_ReturnsSameValue()
    {
        PaillierCiphertext c = _publicKey.Encrypt(_n - 7);

        Assert.Equal(c.Value, _publicKey.Sum([c]).Value);
    }

    [Property]
    public void AddPlain_CiphertextAndPlaintext_DecryptsToSumModN(byte[] encrypted, byte[] plain)
    {
        BigInteger a = _keys.Plaintext(encrypted), k = _keys.Plaintext(plain);
        PaillierCiphertext c = _publicKey.Encrypt(a);

        PaillierCiphertext result = _publicKey.AddPlain(c, k);

        Assert.Equal(c.Value * ((k * _n) + 1) % _nSquared, result.Value);
        Assert.Equal((a + k) % _n, _privateKey.Decrypt(result));
    }

    [Property]
    public void Multiply_AnyScalar_DecryptsToProductModN(byte[] encrypted, byte[] scalar, bool negative)
    {
        // Scalars come from arrays of up to ~100 bytes, so many are at or above n (and reduced modulo n).
        BigInteger a = _keys.Plaintext(encrypted);
        BigInteger k = scalar is null ? BigInteger.Zero : new BigInteger(scalar, isUnsigned: true);
        if (negative)
        {
            k = -k;
        }

        PaillierCiphertext c = _publicKey.Encrypt(a);

        PaillierCiphertext result = _publicKey.Multiply(c, k);

        Assert.Equal(BigInteger.ModPow(c.Value, Mod(k, _n), _nSquared), result.Value);
        Assert.Equal(Mod(a * k, _n), _privateKey.Decrypt(result));
    }

    public static TheoryData<string> SpecialScalars() => new() { "0", "1", "-1", "n", "-n", "n-1", "n+1", "2n+3", "-2n-3", "n^2" };

    [Theory]
    [MemberData(nameof(SpecialScalars))]
    public void Multiply_SpecialScalar_DecryptsToProductModN(string scalar)
    {
        BigInteger k = scalar switch
        {
            "0" => 0,
            "1" => 1,
            "-1" => -1,
            "n" => _n,
            "-n" => -_n,
            "n-1" => _n - 1,
            "n+1" => _n + 1,
            "2n+3" => (2 * _n) + 3,
            "-2n-3" => (-2 * _n) - 3,
            _ => _nSquared,
        };
        BigInteger a = _n - 12345;

        PaillierCiphertext result = _publicKey.Multiply(_publicKey.Encrypt(a), k);

        Assert.Equal(Mod(a * k, _n), _privateKey.Decrypt(result));
    }

    [Property]
    public void Negate_AnyCiphertext_DecryptsToAdditiveInverseModN(byte[] plaintext)
    {
        BigInteger a = _keys.Plaintext(plaintext);
        PaillierCiphertext c = _publicKey.Encrypt(a);

        PaillierCiphertext negated = _publicKey.Negate(c);

        Assert.Equal(BigInteger.One, negated.Value * c.Value % _nSquared);
        Assert.Equal(Mod(-a, _n), _privateKey.Decrypt(negated));
    }

    [Property]
    public void Subtract_TwoCiphertexts_DecryptsToDifferenceModN(byte[] first, byte[] second)
    {
        BigInteger a = _keys.Plaintext(first), b = _keys.Plaintext(second);

        PaillierCiphertext difference = _publicKey.Subtract(_publicKey.Encrypt(a), _publicKey.Encrypt(b));

        Assert.Equal(Mod(a - b, _n), _privateKey.Decrypt(difference));
    }

    [Property(MaxTest = 50)]
    public void Rerandomize_AnyCiphertext_DiffersAndDecryptsTheSame(byte[] plaintext)
    {
        BigInteger m = _keys.Plaintext(plaintext);
        PaillierCiphertext c = _publicKey.Encrypt(m);

        PaillierCiphertext fresh = _publicKey.Rerandomize(c);

        Assert.NotEqual(c.Value, fresh.Value);
        Assert.NotEqual(c, fresh);
        Assert.True(_publicKey.IsValid(fresh));
        Assert.Equal(m, _privateKey.Decrypt(fresh));
    }

    [Property(MaxTest = 50)]
    public void Encrypt_SamePlaintextTwice_GivesDifferentCiphertexts(byte[] plaintext)
    {
        BigInteger m = _keys.Plaintext(plaintext);

        PaillierCiphertext first = _publicKey.Encrypt(m), second = _publicKey.Encrypt(m);

        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(_privateKey.Decrypt(first), _privateKey.Decrypt(second));
    }

    [Property(MaxTest = 20)]
    public void EncryptDecrypt_Batch_EqualsOneAtATime(int seed, byte lengthSource)
    {
        var random = new Random(seed);
        int length = lengthSource % 24;
        BigInteger[] plaintexts = Enumerable.Range(0, length).Select(_ => RandomBelow(random, _n)).ToArray();

        PaillierCiphertext[] batch = _publicKey.Encrypt(plaintexts);
        var intoDestination = new PaillierCiphertext[length];
        _publicKey.Encrypt(plaintexts, intoDestination);
        PaillierCiphertext[] oneAtATime = plaintexts.Select(_publicKey.Encrypt).ToArray();

        // Encryption is randomized, so the batch results are compared through their decryptions.
        Assert.Equal(plaintexts, batch.Select(_privateKey.Decrypt));
        Assert.Equal(plaintexts, intoDestination.Select(_privateKey.Decrypt));
        Assert.All(batch.Concat(intoDestination), c => Assert.True(_publicKey.IsValid(c)));

        BigInteger[] decrypted = _privateKey.Decrypt(oneAtATime);
        var decryptedIntoDestination = new BigInteger[length];
        _privateKey.Decrypt(batch, decryptedIntoDestination);
        Assert.Equal(oneAtATime.Select(_privateKey.Decrypt), decrypted);
        Assert.Equal(plaintexts, decrypted);
        Assert.Equal(plaintexts, decryptedIntoDestination);
    }

    [Property(MaxTest = 40)]
    public void DecryptWithoutCrt_AnyCiphertext_EqualsDecrypt(byte[] plaintext, byte[] scalar)
    {
        BigInteger m = _keys.Plaintext(plaintext);
        PaillierCiphertext c = _publicKey.Multiply(_publicKey.Encrypt(m), _keys.Plaintext(scalar));

        Assert.Equal(_privateKey.Decrypt(c), _privateKey.DecryptWithoutCrt(c));
    }

    [Property(MaxTest = 50)]
    public void Decrypt_UnboundCiphertextFromValue_DecryptsTheSame(byte[] first, byte[] second)
    {
        BigInteger a = _keys.Plaintext(first), b = _keys.Plaintext(second);
        PaillierCiphertext bound = _publicKey.Encrypt(a);

        var unbound = new PaillierCiphertext(bound.Value);

        Assert.Equal(bound, unbound);
        Assert.True(_publicKey.IsValid(unbound));
        Assert.Equal(a, _privateKey.Decrypt(unbound));
        Assert.Equal((a + b) % _n, _privateKey.Decrypt(_publicKey.Add(unbound, _publicKey.Encrypt(b))));
        Assert.Equal(Mod(b - a, _n), _privateKey.Decrypt(_publicKey.Subtract(_publicKey.Encrypt(b), unbound)));
    }

    [Property(MaxTest = 50)]
    public void Encrypt_AnyPlaintext_HasTheFormOnePlusMnTimesAnNthResidue(byte[] plaintext)
    {
        BigInteger m = _keys.Plaintext(plaintext);
        BigInteger p = _privateKey.P, q = _privateKey.Q;
        BigInteger lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);

        PaillierCiphertext c = _publicKey.Encrypt(m);

        // c = (1 + m·n)·ρ with ρ = rⁿ: ρ is an n-th residue, and every n-th residue x of Z*_{n²} has x^λ = 1.
        BigInteger rho = c.Value * NumberTheory.ModInverse((m * _n) + 1, _nSquared) % _nSquared;
        Assert.Equal(BigInteger.One, BigInteger.ModPow(rho, lambda, _nSquared));
        Assert.Equal(BigInteger.One, BigInteger.GreatestCommonDivisor(rho, _n));
        Assert.Equal(m, _privateKey.Decrypt(c));

        PaillierCiphertext imported = _publicKey.Import(c.Value);
        Assert.Equal(c.Value, imported.Value);
        Assert.Equal(m, _privateKey.Decrypt(imported));
        Assert.Equal(Mod(2 * m, _n), _privateKey.Decrypt(_publicKey.Add(imported, c)));
    }

    [Property(MaxTest = 30)]
    public void Decrypt_TextbookEncryptions_ReturnsPlaintext(byte[] plaintext)
    {
        BigInteger m = _keys.Plaintext(plaintext);

        BigInteger viaModPow = PaillierEncryptor.EncryptWithModPow(m, _n, _nSquared);
        BigInteger viaMontgomery = _publicKey.Encryptor.EncryptFullRandomizer(m);

        Assert.Equal(m, _privateKey.Decrypt(_publicKey.Import(viaModPow)));
        Assert.Equal(m, _privateKey.Decrypt(_publicKey.Import(viaMontgomery)));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(130)]
    [InlineData(514)]
    [InlineData(1026)]
    public void GenerateInsecureForTests_UnusualModulusSize_RoundTripsAndAdds(int modulusBits)
    {
        using PaillierKeyPair keys = PaillierKeyPair.GenerateInsecureForTests(modulusBits);

        Assert.Equal(modulusBits, keys.PublicKey.ModulusBits);
        AssertRoundTripsAndAdds(keys.PrivateKey, new Random(modulusBits));
    }

    [Theory]
    [InlineData(64, 67)]
    [InlineData(256, 259)]
    [InlineData(300, 213)]
    public void FromPrimes_PrimesOfDifferentSizes_RoundTripsAndAdds(int pBits, int qBits)
    {
        BigInteger p = Primes.RandomPrime(pBits), q = Primes.RandomPrime(qBits);

        using PaillierPrivateKey privateKey = PaillierPrivateKey.FromPrimes(p, q, allowInsecureTestSizes: true);

        Assert.Equal((p * q).GetBitLength(), privateKey.ModulusBits);
        AssertRoundTripsAndAdds(privateKey, new Random(pBits + qBits));
    }

    private static void AssertRoundTripsAndAdds(PaillierPrivateKey privateKey, Random random)
    {
        PaillierPublicKey publicKey = privateKey.PublicKey;
        BigInteger n = publicKey.N;
        BigInteger[] plaintexts = [0, 1, n - 1, .. Enumerable.Range(0, 8).Select(_ => RandomBelow(random, n))];
        PaillierCiphertext[] ciphertexts = publicKey.Encrypt(plaintexts);

        Assert.Equal(plaintexts, privateKey.Decrypt(ciphertexts));
        Assert.Equal(plaintexts, ciphertexts.Select(privateKey.DecryptWithoutCrt));
        Assert.Equal(plaintexts.Aggregate(BigInteger.Zero, (acc, m) => acc + m) % n, privateKey.Decrypt(publicKey.Sum(ciphertexts)));
        Assert.Equal(Mod(plaintexts[3] - plaintexts[4], n), privateKey.Decrypt(publicKey.Subtract(ciphertexts[3], ciphertexts[4])));
        Assert.Equal(Mod(-5 * plaintexts[5], n), privateKey.Decrypt(publicKey.Multiply(ciphertexts[5], -5)));
    }

    private static BigInteger Mod(BigInteger a, BigInteger m)
    {
        BigInteger r = a % m;
        return r.Sign < 0 ? r + m : r;
    }

    internal static BigInteger RandomBelow(Random random, BigInteger bound)
    {
        var bytes = new byte[(int)((bound.GetBitLength() + 7) / 8) + 8];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % bound;
    }
}
