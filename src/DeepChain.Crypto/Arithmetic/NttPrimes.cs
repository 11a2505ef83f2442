namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Deterministic NTT-friendly primes: the largest primes below 2<sup>bits</sup> with q ≡ 1 (mod 2N), so Z<sub>q</sub>
/// has a primitive 2N-th root of unity and the negacyclic NTT of length N exists.
/// </summary>
internal static class NttPrimes
{
    /// <summary>
    /// The <paramref name="count"/> largest primes q &lt; 2<sup>bits</sup>, q ≡ 1 (mod 2·<paramref name="degree"/>),
    /// in decreasing order, skipping any listed in <paramref name="exclude"/>. The same arguments always give the same
    /// primes, so parameters can be rebuilt from their bit sizes alone.
    /// </summary>
    public static ulong[] Generate(int bits, int degree, int count, ReadOnlySpan<ulong> exclude = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, ModularArithmetic.MaximumModulusBits);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ulong step = 2UL * (ulong)degree;
        var result = new List<ulong>(count);
        ulong upper = 1UL << bits;

        // The largest value ≡ 1 (mod 2N) below 2^bits, then downwards in steps of 2N while staying above 2^(bits−1).
        ulong candidate = ((upper - 2) / step * step) + 1;
        ulong lower = 1UL << (bits - 1);
        while (result.Count < count)
        {
            if (candidate <= lower || candidate < step)
            {
                throw new ArgumentException($"There are fewer than {count} primes of {bits} bits congruent to 1 modulo {step}.", nameof(count));
            }

            if (ModularArithmetic.IsPrime(candidate) && !exclude.Contains(candidate) && !result.Contains(candidate))
            {
                result.Add(candidate);
            }

            candidate -= step;
        }

        return [.. result];
    }
}
