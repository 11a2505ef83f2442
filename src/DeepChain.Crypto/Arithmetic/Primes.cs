using System.Numerics;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Probable-prime testing (trial division, then Miller–Rabin with random bases over <see cref="MontgomeryContext"/>)
/// and random prime generation with an incremental sieve.
/// </summary>
internal static class Primes
{
    private static readonly int[] s_smallPrimes = SieveSmallPrimes(17_863); // the first 2,048 primes

    /// <summary>The odd small primes used for trial division and sieving.</summary>
    internal static ReadOnlySpan<int> SmallPrimes => s_smallPrimes;

    /// <summary>
    /// Miller–Rabin rounds for a random candidate of the given size so that the probability of accepting a composite
    /// is below 2⁻¹⁰⁰ (FIPS 186-5, Table B.1, average-case bounds for random candidates).
    /// </summary>
    public static int RoundsForRandomCandidate(long bits) => bits >= 1536 ? 4 : bits >= 1024 ? 5 : bits >= 512 ? 8 : bits >= 256 ? 16 : 40;

    /// <summary>Rounds used for integers supplied from outside (worst case 4⁻ʳ).</summary>
    public const int AdversarialRounds = 50;

    /// <summary>Whether <paramref name="n"/> is a probable prime after trial division and <paramref name="rounds"/> Miller–Rabin rounds.</summary>
    public static bool IsProbablePrime(BigInteger n, int rounds)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (int p in s_smallPrimes)
        {
            if (n == p)
            {
                return true;
            }

            if ((n % p).IsZero)
            {
                return false;
            }
        }

        if (n.IsEven)
        {
            return n == 2;
        }

        return MillerRabin(n, rounds);
    }

    /// <summary>Miller–Rabin with <paramref name="rounds"/> random bases in [2, n − 2]; n must be odd and &gt; 3.</summary>
    public static bool MillerRabin(BigInteger n, int rounds)
    {
        var context = new MontgomeryContext(n);
        BigInteger nMinusOne = n - 1;
        int s = 0;
        BigInteger d = nMinusOne;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        int limbs = context.LimbCount;
        var x = new ulong[limbs];
        var minusOne = context.ToMontgomery(nMinusOne);
        ReadOnlySpan<ulong> one = context.One;
        for (int round = 0; round < rounds; round++)
        {
            BigInteger a = 2 + NumberTheory.RandomBelow(n - 3);
            context.PowCore(context.ToMontgomery(a), d, (int)Math.Max(1, d.GetBitLength()), secret: false, x);
            if (x.AsSpan().SequenceEqual(one) || x.AsSpan().SequenceEqual(minusOne))
            {
                continue;
            }

            bool witness = true;
            for (int i = 1; i < s; i++)
            {
                context.SquareCore(x, x);
                if (x.AsSpan().SequenceEqual(minusOne))
                {
                    witness = false;
                    break;
                }

                if (x.AsSpan().SequenceEqual(one))
                {
                    return false;
                }
            }

            if (witness)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A random probable prime of exactly <paramref name="bits"/> bits with its two top bits set (so the product of
    /// two such primes has exactly 2·bits bits).
    /// </summary>
    public static BigInteger RandomPrime(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 16);
        int rounds = RoundsForRandomCandidate(bits);
        int[] residues = new int[s_smallPrimes.Length];
        while (true)
        {
            BigInteger start = NumberTheory.RandomBits(bits) | (BigInteger.One << (bits - 1)) | (BigInteger.One << (bits - 2)) | BigInteger.One;
            for (int i = 0; i < residues.Length; i++)
            {
                residues[i] = (int)(start % s_smallPrimes[i]);
            }

            // Walk odd candidates start, start + 2, ... while their residues show no small factor.
            const int span = 1 << 14;
            for (int delta = 0; delta < span; delta += 2)
            {
                bool composite = false;
                for (int i = 0; i < residues.Length; i++)
                {
                    if ((residues[i] + delta) % s_smallPrimes[i] == 0)
                    {
                        composite = true;
                        break;
                    }
                }

                if (composite)
                {
                    continue;
                }

                BigInteger candidate = start + delta;
                if (candidate.GetBitLength() != bits)
                {
                    break;
                }

                if (MillerRabin(candidate, rounds))
                {
                    return candidate;
                }
            }
        }
    }

    private static int[] SieveSmallPrimes(int limit)
    {
        var composite = new bool[limit + 1];
        var primes = new List<int>();
        for (int i = 3; i <= limit; i += 2)
        {
            if (composite[i])
            {
                continue;
            }

            primes.Add(i);
            for (long j = (long)i * i; j <= limit; j += 2L * i)
            {
                composite[j] = true;
            }
        }

        return primes.ToArray();
    }
}
