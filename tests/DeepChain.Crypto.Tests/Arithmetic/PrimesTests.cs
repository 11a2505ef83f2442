using System.Globalization;
using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Arithmetic;

/// <summary>
/// Probable-prime testing against trial division and known pseudoprimes, and random primes of an exact size.
/// Primality of large results is checked with an independent Miller–Rabin over <see cref="BigInteger.ModPow"/>.
/// </summary>
public sealed class PrimesTests
{
    private const int Rounds = 20;

    private static readonly int[] s_referenceBases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71];

    [Fact]
    public void IsProbablePrime_EveryIntegerBelow20000_AgreesWithTrialDivision()
    {
        for (int n = -3; n < 20_000; n++)
        {
            Assert.True(IsPrimeByTrialDivision(n) == Primes.IsProbablePrime(n, Rounds), $"n = {n}");
        }
    }

    [Theory]
    [InlineData("561")]            // 3·11·17, the smallest Carmichael number
    [InlineData("1105")]
    [InlineData("1729")]
    [InlineData("41041")]          // 7·11·13·41
    [InlineData("825265")]         // 5·7·17·19·73
    [InlineData("321197185")]
    [InlineData("35700127755121")] // 18121·36241·54361 (Chernick), every factor above the trial-division primes
    public void IsProbablePrime_CarmichaelNumber_ReturnsFalse(string value)
    {
        BigInteger n = BigInteger.Parse(value, CultureInfo.InvariantCulture);

        Assert.False(Primes.IsProbablePrime(n, Rounds));
        Assert.False(Primes.MillerRabin(n, 40), "Miller–Rabin alone, without trial division, rejects it");
    }

    [Theory]
    [InlineData("3825123056546413051")]      // 149491·747451·34233211: strong pseudoprime to every base up to 31
    [InlineData("318665857834031151167461")] // 399165290221·798330580441: strong pseudoprime to every base up to 37
    [InlineData("2047")]                     // 23·89: strong pseudoprime to base 2
    [InlineData("3215031751")]               // 151·751·28351: strong pseudoprime to bases 2, 3, 5, 7
    public void IsProbablePrime_StrongPseudoprimeToSmallBases_ReturnsFalse(string value)
    {
        BigInteger n = BigInteger.Parse(value, CultureInfo.InvariantCulture);

        Assert.False(Primes.IsProbablePrime(n, Rounds));
        Assert.False(Primes.MillerRabin(n, 40));
    }

    [Theory]
    [InlineData("2305843009213693951")]                           // 2^61 − 1
    [InlineData("170141183460469231731687303715884105727")]       // 2^127 − 1
    [InlineData("18446744073709551557")]                          // the largest prime below 2^64
    public void IsProbablePrime_KnownLargePrime_ReturnsTrue(string value)
    {
        BigInteger n = BigInteger.Parse(value, CultureInfo.InvariantCulture);

        Assert.True(Primes.IsProbablePrime(n, Rounds));
        Assert.True(Primes.MillerRabin(n, Rounds));
    }

    [Fact]
    public void IsProbablePrime_ProductOfTwoLargePrimes_ReturnsFalse()
    {
        BigInteger p = Primes.RandomPrime(128), q = Primes.RandomPrime(128);

        Assert.False(Primes.IsProbablePrime(p * q, Rounds));
        Assert.False(Primes.IsProbablePrime(p * p, Rounds));
        Assert.False(Primes.IsProbablePrime(p * 17_881, Rounds));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(256)]
    [InlineData(512)]
    public void RandomPrime_AnySize_HasExactlyThatManyBitsTopTwoSetAndIsPrime(int bits)
    {
        for (int i = 0; i < (bits >= 256 ? 1 : 3); i++)
        {
            BigInteger prime = Primes.RandomPrime(bits);

            Assert.Equal(bits, prime.GetBitLength());
            Assert.True(((prime >> (bits - 2)) & 3) == 3, $"the top two bits of {prime} are set");
            Assert.True(IsPrimeByReference(prime), $"{prime} is prime");
        }
    }

    [Property(MaxTest = 40)]
    public void RandomPrime_ProductOfTwo_HasTwiceTheBits(byte sizeSource)
    {
        int bits = 16 + (sizeSource % 113);

        BigInteger product = Primes.RandomPrime(bits) * Primes.RandomPrime(bits);

        Assert.Equal(2 * bits, product.GetBitLength());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(0)]
    [InlineData(-1)]
    public void RandomPrime_FewerThan16Bits_ThrowsArgumentOutOfRange(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Primes.RandomPrime(bits));
    }

    [Fact]
    public void RoundsForRandomCandidate_LargerCandidates_NeedNoMoreRounds()
    {
        int previous = int.MaxValue;
        foreach (int bits in new[] { 16, 128, 256, 512, 1024, 1536, 2048, 4096 })
        {
            int rounds = Primes.RoundsForRandomCandidate(bits);
            Assert.InRange(rounds, 1, previous);
            previous = rounds;
        }

        Assert.True(Primes.AdversarialRounds >= 50);
    }

    private static bool IsPrimeByTrialDivision(int n)
    {
        if (n < 2)
        {
            return false;
        }

        for (int d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }

    // Deterministic below 3.3·10^24 (Sorenson–Webster: the first 13 prime bases suffice); for larger n the 20 fixed
    // bases make a composite's acceptance vanishingly unlikely for the random candidates tested here.
    private static bool IsPrimeByReference(BigInteger n)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (int b in s_referenceBases)
        {
            if (n == b)
            {
                return true;
            }

            if ((n % b).IsZero)
            {
                return false;
            }
        }

        BigInteger d = n - 1;
        int s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        foreach (int b in s_referenceBases)
        {
            BigInteger x = BigInteger.ModPow(b, d, n);
            if (x.IsOne || x == n - 1)
            {
                continue;
            }

            bool composite = true;
            for (int i = 1; i < s && composite; i++)
            {
                x = x * x % n;
                composite = x != n - 1;
            }

            if (composite)
            {
                return false;
            }
        }

        return true;
    }
}
