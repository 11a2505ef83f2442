using System.Numerics;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Factors n from a multiple of its Carmichael function λ(n): knowing such a multiple is as good as knowing the
/// factors (Miller 1976; the same reduction shows that an RSA decryption exponent reveals the modulus' factors).
/// </summary>
/// <remarks>
/// Write the multiple L = 2<sup>s</sup>·t with t odd. For a random base a, the sequence a<sup>t</sup>, a<sup>2t</sup>, …,
/// a<sup>2<sup>s</sup>t</sup> = a<sup>L</sup> mod n ends in 1. The element just before the first 1 is a square root
/// of 1; when it is not ±1 it is a nontrivial root x, and gcd(x − 1, n) is a proper factor. For n = p·q with distinct
/// odd primes at least half of all bases give a nontrivial root, so each attempt fails with probability at most ½.
/// A base with a<sup>L</sup> ≠ 1 proves that L is not a multiple of λ(n).
/// </remarks>
internal static class CarmichaelFactorization
{
    /// <summary>Attempts before giving up: a false "no factor" for a valid multiple has probability at most 2⁻⁶⁴.</summary>
    internal const int DefaultAttempts = 64;

    /// <summary>
    /// Tries to find a proper factor of the odd composite <paramref name="n"/> from a multiple of λ(n).
    /// </summary>
    /// <param name="n">An odd integer greater than 3.</param>
    /// <param name="carmichaelMultiple">A claimed positive multiple of λ(n).</param>
    /// <param name="factor">A divisor 1 &lt; factor &lt; n when the method returns <see langword="true"/>, otherwise zero.</param>
    /// <param name="attempts">How many random bases to try.</param>
    /// <returns><see langword="true"/> when a proper factor was found; <see langword="false"/> when
    /// <paramref name="carmichaelMultiple"/> is shown not to be a multiple of λ(n), or every base gave a trivial root.</returns>
    public static bool TryFindFactor(BigInteger n, BigInteger carmichaelMultiple, out BigInteger factor, int attempts = DefaultAttempts)
    {
        factor = BigInteger.Zero;
        if (n <= 3 || n.IsEven || carmichaelMultiple.Sign <= 0 || !carmichaelMultiple.IsEven)
        {
            // λ(n) is even for every odd n > 2, so an odd claimed multiple is wrong.
            return false;
        }

        int s = 0;
        BigInteger t = carmichaelMultiple;
        while (t.IsEven)
        {
            t >>= 1;
            s++;
        }

        var context = new MontgomeryContext(n);
        int tBits = (int)t.GetBitLength();
        BigInteger nMinusOne = n - 1;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            BigInteger a = 2 + NumberTheory.RandomBelow(n - 3);
            BigInteger common = BigInteger.GreatestCommonDivisor(a, n);
            if (!common.IsOne)
            {
                factor = common;
                return true;
            }

            // t is derived from the secret multiple, so the exponentiation is the constant-time one.
            BigInteger x = context.PowSecret(a, t, tBits);
            if (x.IsOne)
            {
                continue;
            }

            bool reachedOne = false;
            for (int i = 0; i < s; i++)
            {
                BigInteger y = x * x % n;
                if (y.IsOne)
                {
                    reachedOne = true;
                    if (x != nMinusOne)
                    {
                        factor = BigInteger.GreatestCommonDivisor(x - 1, n);
                        return true;
                    }

                    break;
                }

                x = y;
            }

            if (!reachedOne)
            {
                // a^L ≠ 1 (mod n), so L is not a multiple of the order of a, let alone of λ(n).
                return false;
            }
        }

        return false;
    }
}
