using System.Collections.Concurrent;
using System.Numerics;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Random safe primes p = 2p′ + 1 (p′ prime), as threshold Paillier needs them.
/// </summary>
/// <remarks>
/// <para>A random start p′₀ is drawn and a window of candidates p′ = p′₀ + 2j is sieved at once: for every small prime r,
/// the positions where r divides p′ and where r divides 2p′ + 1 are struck out with a stride of r, so the cost of the
/// sieve is about window·ln ln B and nothing is divided per candidate. Only the survivors (≈ 0.4 % of the window) reach
/// Miller–Rabin, first on p′; a p′ that passes is then confirmed with Pocklington's criterion on p (for p = 2p′ + 1 with
/// p′ prime, 2<sup>p−1</sup> ≡ 1 (mod p) and p > 3 prove p prime), followed by the same Miller–Rabin rounds on p as
/// a guard against a wrong p′.</para>
/// <para>The search runs on every core: each worker sieves its own random windows, and all stop as soon as the
/// requested number of distinct safe primes has been found.</para>
/// </remarks>
internal static class SafePrimes
{
    /// <summary>Candidates p′ per sieved window.</summary>
    private const int WindowSize = 1 << 16;

    /// <summary>
    /// Odd primes below 2¹⁸ (23,000 of them). A safe-prime candidate must survive two sieves, so a larger bound pays off
    /// sooner than for ordinary primes: against the first 2,048 primes it cuts the Miller–Rabin tests by about 40 %
    /// ((ln 17,863 / ln 2¹⁸)²), for a few milliseconds of residues per window.
    /// </summary>
    private static readonly int[] s_sievePrimes = OddPrimesBelow(1 << 18);

    /// <summary>Finds <paramref name="count"/> distinct random safe primes of exactly <paramref name="bits"/> bits,
    /// each with its two top bits set (so the product of two has exactly 2·bits bits).</summary>
    /// <param name="bits">The bit length of each safe prime p, at least 21 (so no candidate p′ is itself one of the sieving primes).</param>
    /// <param name="count">How many distinct safe primes to return.</param>
    /// <param name="maxDegreeOfParallelism">Workers to run; −1 for one per core.</param>
    public static BigInteger[] Generate(int bits, int count, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 21);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var found = new ConcurrentDictionary<BigInteger, bool>();
        using var done = new CancellationTokenSource();
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            CancellationToken token = done.Token;
            while (!token.IsCancellationRequested)
            {
                if (TrySearchWindow(bits, token, out BigInteger prime) && found.TryAdd(prime, true) && found.Count >= count)
                {
                    done.Cancel();
                }
            }
        });

        return found.Keys.Take(count).ToArray();
    }

    /// <summary>Returns whether <paramref name="p"/> is a safe prime, by Miller–Rabin on (p − 1)/2 and on p.</summary>
    public static bool IsSafePrime(BigInteger p, int rounds) =>
        p > 5 && !p.IsEven && Primes.IsProbablePrime((p - 1) >> 1, rounds) && Primes.IsProbablePrime(p, rounds);

    /// <summary>Sieves one random window; returns the first safe prime in it, if any.</summary>
    internal static bool TrySearchWindow(int bits, CancellationToken token, out BigInteger safePrime)
    {
        // p′ has bits − 1 bits with its top two set, so p = 2p′ + 1 has bits bits with its top two set.
        int halfBits = bits - 1;
        BigInteger start = NumberTheory.RandomBits(halfBits)
            | (BigInteger.One << (halfBits - 1)) | (BigInteger.One << (halfBits - 2)) | BigInteger.One;
        bool[] struck = Sieve(start);
        int rounds = Primes.RoundsForRandomCandidate(bits);
        for (int j = 0; j < WindowSize; j++)
        {
            if (struck[j])
            {
                continue;
            }

            if ((j & 15) == 0 && token.IsCancellationRequested)
            {
                break;
            }

            BigInteger sophieGermain = start + (2 * j);
            if (sophieGermain.GetBitLength() != halfBits)
            {
                break;
            }

            // One round rejects almost every composite p′; the full count runs only on the rare survivors.
            if (!Primes.MillerRabin(sophieGermain, 1))
            {
                continue;
            }

            BigInteger p = (sophieGermain << 1) + 1;
            if (!IsPocklingtonWitness(p) || !Primes.MillerRabin(sophieGermain, rounds) || !Primes.MillerRabin(p, rounds))
            {
                continue;
            }

            safePrime = p;
            return true;
        }

        safePrime = BigInteger.Zero;
        return false;
    }

    /// <summary>Marks j when a small prime divides start + 2j or 2(start + 2j) + 1.</summary>
    private static bool[] Sieve(BigInteger start)
    {
        var struck = new bool[WindowSize];
        foreach (int r in s_sievePrimes)
        {
            // r is odd, so 2 is invertible: j ≡ −start·2⁻¹ (r | p′) and j ≡ (−2⁻¹ − start)·2⁻¹ (r | 2p′ + 1).
            long inverseOfTwo = (r + 1) / 2;
            long residue = (long)(start % r);
            long divisibleSelf = (r - residue) % r * inverseOfTwo % r;
            long divisibleSafe = ((2L * r) - inverseOfTwo - residue) % r * inverseOfTwo % r;
            for (long j = divisibleSelf; j < WindowSize; j += r)
            {
                struck[j] = true;
            }

            for (long j = divisibleSafe; j < WindowSize; j += r)
            {
                struck[j] = true;
            }
        }

        return struck;
    }

    private static int[] OddPrimesBelow(int limit)
    {
        var composite = new bool[limit];
        var primes = new List<int>();
        for (int i = 3; i < limit; i += 2)
        {
            if (composite[i])
            {
                continue;
            }

            primes.Add(i);
            for (long j = (long)i * i; j < limit; j += 2L * i)
            {
                composite[j] = true;
            }
        }

        return [.. primes];
    }

    /// <summary>2<sup>p−1</sup> ≡ 1 (mod p): with p′ = (p − 1)/2 prime, this proves p prime (Pocklington, a = 2).</summary>
    private static bool IsPocklingtonWitness(BigInteger p)
    {
        var context = new MontgomeryContext(p);
        return context.Pow(2, p - 1).IsOne;
    }
}
