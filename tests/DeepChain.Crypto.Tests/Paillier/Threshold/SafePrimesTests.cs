using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier.Threshold;

/// <summary>Safe-prime generation and the dealer's argument checks.</summary>
public sealed class SafePrimesTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(127)]
    [InlineData(256)]
    public void Generate_ReturnsDistinctSafePrimesWithTheTopTwoBitsSet(int bits)
    {
        BigInteger[] primes = SafePrimes.Generate(bits, 3);

        Assert.Equal(3, primes.Distinct().Count());
        foreach (BigInteger p in primes)
        {
            Assert.Equal(bits, p.GetBitLength());
            Assert.True(((p >> (bits - 2)) & 3) == 3);
            Assert.True(Primes.IsProbablePrime(p, 40));
            Assert.True(Primes.IsProbablePrime((p - 1) / 2, 40));
        }
    }

    [Theory]
    [InlineData(23, true)]
    [InlineData(47, true)]
    [InlineData(2579, true)]
    [InlineData(1_000_000_000_000_223, false)] // prime, but (p − 1)/2 is not
    [InlineData(29, false)]
    [InlineData(45, false)]
    public void IsSafePrime_KnownValues(long value, bool expected) =>
        Assert.Equal(expected, SafePrimes.IsSafePrime(value, 40));

    [Fact]
    public void IsSafePrime_KnownLargeSafePrime()
    {
        // 2^127 − 1 is prime; 2·(2^127 − 1) + 1 = 2^128 − 1 is not, but the RFC 3526 1536-bit MODP prime is safe.
        BigInteger modp1536 = BigInteger.Parse(
            "0FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF",
            System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(SafePrimes.IsSafePrime(modp1536, 8));
        Assert.False(SafePrimes.IsSafePrime((BigInteger.One << 128) - 1, 8));
    }

    [Fact]
    public void Dealer_GenerateInsecure_GivesSafePrimeModulusOfTheRequestedSize()
    {
        using ThresholdPaillierKeySet keys = ThresholdPaillierDealer.GenerateInsecureForTests(192, 4, 3);

        Assert.Equal(192, keys.PublicKey.ModulusBits);
        Assert.Equal(4, keys.Shares.Count);
        Assert.Equal(24, keys.PublicKey.Delta);
        Assert.Equal([1, 2, 3, 4], keys.Shares.Select(s => s.Index));
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(99);
        Assert.Equal(99, new DecryptionShareCombiner(keys.PublicKey).Combine(c, keys.Shares.Skip(1).Select(s => s.CreateDecryptionShare(c))).Plaintext);
    }

    [Theory]
    [InlineData(1024, 3, 2)]
    [InlineData(2048, 0, 1)]
    [InlineData(2048, 3, 0)]
    [InlineData(2048, 3, 4)]
    [InlineData(2048, 257, 2)]
    [InlineData(16384, 3, 2)]
    public void Dealer_Generate_OutOfRangeArguments_Throw(int bits, int parties, int threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdPaillierDealer.Generate(bits, parties, threshold));

    [Fact]
    public void PublicKey_FromIntegers_ValidatesEveryValue()
    {
        using ThresholdPaillierKeySet keys = ThresholdPaillierDealer.GenerateInsecureForTests(128, 3, 2);
        ThresholdPaillierPublicKey key = keys.PublicKey;
        BigInteger[] vks = [.. key.VerificationKeys];

        // The public constructor refuses a test-sized n; the internal one is used for the remaining checks.
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdPaillierPublicKey(key.N, 3, 2, key.VerificationBase, vks));
        Assert.Throws<ArgumentException>(() => new ThresholdPaillierPublicKey(key.PaillierKey, 3, 2, key.VerificationBase, vks[..2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdPaillierPublicKey(key.PaillierKey, 3, 2, BigInteger.One, vks));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdPaillierPublicKey(key.PaillierKey, 3, 2, key.VerificationBase, [vks[0], key.N, vks[2]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdPaillierPublicKey(key.PaillierKey, 3, 4, key.VerificationBase, vks));
        Assert.Equal(key, new ThresholdPaillierPublicKey(key.PaillierKey, 3, 2, key.VerificationBase, vks));
    }

    [Fact]
    public void CreateDecryptionShare_CiphertextUnderAnotherKey_Throws()
    {
        using ThresholdPaillierKeySet keys = ThresholdPaillierDealer.GenerateInsecureForTests(128, 2, 1);
        using PaillierKeyPair other = PaillierKeyPair.GenerateInsecureForTests(128);

        Assert.Throws<PaillierKeyMismatchException>(() => keys.Shares[0].CreateDecryptionShare(other.PublicKey.Encrypt(1)));
        Assert.Throws<ArgumentException>(() => keys.Shares[0].CreateDecryptionShares([]));
        Assert.Throws<InvalidCiphertextException>(() => keys.Shares[0].CreateDecryptionShare(new PaillierCiphertext(keys.PublicKey.N)));
    }
}
