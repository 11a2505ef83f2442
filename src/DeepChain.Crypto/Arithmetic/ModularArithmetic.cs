using System.Runtime.CompilerServices;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Word-size modular arithmetic for NTT-friendly primes q &lt; 2⁶²: products via 128-bit multiplication, Shoup's
/// precomputed-quotient multiplication for a fixed operand, and deterministic primality for 64-bit integers.
/// </summary>
/// <remarks>
/// Shoup (also Harvey 2014, "Faster arithmetic for number-theoretic transforms"): for a fixed w &lt; q let
/// w′ = ⌊w·2⁶⁴/q⌋; then for any x &lt; 2⁶⁴, r = x·w − ⌊x·w′/2⁶⁴⌋·q (mod 2⁶⁴) lies in [0, 2q). One high multiply, two
/// low multiplies and no division; q &lt; 2⁶² keeps the lazy values of the butterflies (below 4q) inside a word.
/// </remarks>
internal static class ModularArithmetic
{
    /// <summary>The largest modulus the NTT supports: 4q must fit in 64 bits.</summary>
    public const int MaximumModulusBits = 61;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Multiply(ulong a, ulong b, ulong q) => (ulong)(Math.BigMul(a, b) % q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong a, ulong b, ulong q)
    {
        ulong sum = a + b;
        return sum >= q ? sum - q : sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Subtract(ulong a, ulong b, ulong q) => a >= b ? a - b : a + q - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Negate(ulong a, ulong q) => a == 0 ? 0 : q - a;

    /// <summary>w′ = ⌊w·2⁶⁴/q⌋ for <see cref="MultiplyShoupLazy"/>; requires w &lt; q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShoupPrecompute(ulong w, ulong q) => (ulong)(((UInt128)w << 64) / q);

    /// <summary>x·w mod q in [0, 2q) for any 64-bit x, with w′ from <see cref="ShoupPrecompute"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyShoupLazy(ulong x, ulong w, ulong wPrime, ulong q) => (x * w) - (Math.BigMul(x, wPrime, out _) * q);

    /// <summary>x·w mod q in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyShoup(ulong x, ulong w, ulong wPrime, ulong q)
    {
        ulong r = MultiplyShoupLazy(x, w, wPrime, q);
        return r >= q ? r - q : r;
    }

    public static ulong Pow(ulong value, ulong exponent, ulong q)
    {
        ulong result = 1 % q;
        ulong x = value % q;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, x, q);
            }

            x = Multiply(x, x, q);
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>a⁻¹ mod q for a prime q and a ≢ 0.</summary>
    public static ulong Inverse(ulong a, ulong q)
    {
        if (a % q == 0)
        {
            throw new ArithmeticException("Zero has no inverse.");
        }

        return Pow(a, q - 2, q);
    }

    /// <summary>Deterministic Miller–Rabin for 64-bit integers (the first 12 prime bases suffice below 3.3·10²⁴).</summary>
    public static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        ReadOnlySpan<ulong> bases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
        foreach (ulong p in bases)
        {
            if (n % p == 0)
            {
                return n == p;
            }
        }

        ulong d = n - 1;
        int s = 0;
        while ((d & 1) == 0)
        {
            d >>= 1;
            s++;
        }

        foreach (ulong a in bases)
        {
            ulong x = Pow(a, d, n);
            if (x == 1 || x == n - 1)
            {
                continue;
            }

            bool composite = true;
            for (int i = 1; i < s; i++)
            {
                x = Multiply(x, x, n);
                if (x == n - 1)
                {
                    composite = false;
                    break;
                }
            }

            if (composite)
            {
                return false;
            }
        }

        return true;
    }
}
