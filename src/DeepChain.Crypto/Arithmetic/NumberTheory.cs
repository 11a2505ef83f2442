using System.Numerics;
using System.Security.Cryptography;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>Big-integer number theory used by the cryptosystems: inverses, random integers, CRT.</summary>
internal static class NumberTheory
{
    /// <summary>Returns a⁻¹ mod m (extended Euclid).</summary>
    /// <exception cref="ArithmeticException">a is not invertible modulo m.</exception>
    public static BigInteger ModInverse(BigInteger a, BigInteger m)
    {
        BigInteger r0 = m, r1 = ((a % m) + m) % m;
        BigInteger t0 = BigInteger.Zero, t1 = BigInteger.One;
        while (!r1.IsZero)
        {
            BigInteger quotient = BigInteger.DivRem(r0, r1, out BigInteger remainder);
            (r0, r1) = (r1, remainder);
            (t0, t1) = (t1, t0 - (quotient * t1));
        }

        if (!r0.IsOne)
        {
            throw new ArithmeticException("The value is not invertible modulo the given modulus.");
        }

        return t0.Sign < 0 ? t0 + m : t0;
    }

    /// <summary>Non-negative a mod m.</summary>
    public static BigInteger Mod(BigInteger a, BigInteger m)
    {
        BigInteger r = BigInteger.Remainder(a, m);
        return r.Sign < 0 ? r + m : r;
    }

    /// <summary>A uniformly random integer in [0, 2^<paramref name="bits"/>) from <see cref="RandomNumberGenerator"/>.</summary>
    public static BigInteger RandomBits(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bits);
        var bytes = new byte[(bits + 7) / 8];
        RandomNumberGenerator.Fill(bytes);
        int excess = (bytes.Length * 8) - bits;
        bytes[^1] &= (byte)(0xFF >> excess);
        var value = new BigInteger(bytes, isUnsigned: true);
        CryptographicOperations.ZeroMemory(bytes);
        return value;
    }

    /// <summary>A uniformly random integer in [0, <paramref name="bound"/>) by rejection sampling.</summary>
    public static BigInteger RandomBelow(BigInteger bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bound.Sign, 0, nameof(bound));
        int bits = (int)bound.GetBitLength();
        while (true)
        {
            BigInteger candidate = RandomBits(bits);
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    /// <summary>A uniformly random unit of Z<sub>n</sub> (1 ≤ r &lt; n, gcd(r, n) = 1).</summary>
    public static BigInteger RandomUnit(BigInteger n)
    {
        while (true)
        {
            BigInteger r = RandomBelow(n);
            if (!r.IsZero && BigInteger.GreatestCommonDivisor(r, n).IsOne)
            {
                return r;
            }
        }
    }
}
