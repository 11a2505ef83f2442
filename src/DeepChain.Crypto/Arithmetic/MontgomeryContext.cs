using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Montgomery arithmetic for one fixed odd modulus m over 64-bit limbs: multiplication, squaring and modular
/// exponentiation, several times faster than <see cref="BigInteger.ModPow(BigInteger, BigInteger, BigInteger)"/>.
/// </summary>
/// <remarks>
/// <para>With s = ⌈log₂ m / 64⌉ limbs and R = 2<sup>64s</sup>, a value x is held in Montgomery form x·R mod m, and
/// <see cref="Multiply"/> returns a·b·R⁻¹ mod m, so products of Montgomery forms stay in Montgomery form. Multiplication
/// interleaves the product and the reduction limb by limb (FIOS, Koç–Acar–Kaliski 1996); squaring computes the
/// half-size symmetric product and then reduces (SOS), about 25% fewer word multiplications. The final conditional
/// subtraction is done with a mask, so neither operation branches on the values. The vector kernels
/// (<see cref="MontgomeryKernel"/>) work on 32-bit digits, a block of adjacent columns per vector, and square through
/// the symmetric half of the product as well.</para>
/// <para><see cref="Pow(BigInteger, BigInteger)"/> is a fixed-window exponentiation for public exponents;
/// <see cref="PowSecret"/> uses a fixed window, a fixed number of squarings given by the exponent's declared bit
/// length, and a table lookup that reads every entry (<c>ConstantTime.Select</c>), so its sequence of operations and
/// memory accesses does not depend on the secret exponent. <see cref="PowSecretBatch"/> raises many bases to one secret
/// exponent the same way, one base per SIMD lane (radix-2²⁸ digits), for threshold Paillier decryption shares.</para>
/// <para>Instances are immutable and thread-safe. All limb spans are little-endian and exactly
/// <see cref="LimbCount"/> long; results may alias inputs.</para>
/// </remarks>
public sealed partial class MontgomeryContext
{
    private const int StackLimbLimit = 256;
    private const int PowTableStackLimit = 4096;

    private readonly ulong[] _modulus;
    private readonly ulong[] _rSquared;
    private readonly ulong[] _one;
    private readonly ulong _mPrime;
    private readonly ulong[] _modulusDigitsPadded;

    /// <summary>Creates the context for an odd modulus greater than 1.</summary>
    /// <param name="modulus">The modulus m.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="modulus"/> is even or not greater than 1.</exception>
    public MontgomeryContext(BigInteger modulus)
        : this(modulus, MontgomeryKernel.Scalar64, chooseBest: true)
    {
    }

    /// <summary>Creates the context with a specific kernel (tests and benchmarks compare kernels this way).</summary>
    /// <param name="modulus">The modulus m, odd and greater than 1.</param>
    /// <param name="kernel">The kernel to multiply with; any kernel runs everywhere (unaccelerated vectors are emulated).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="modulus"/> is even or not greater than 1, or the kernel is unknown.</exception>
    public MontgomeryContext(BigInteger modulus, MontgomeryKernel kernel)
        : this(modulus, kernel, chooseBest: false)
    {
    }

    private MontgomeryContext(BigInteger modulus, MontgomeryKernel kernel, bool chooseBest)
    {
        if (modulus <= BigInteger.One || modulus.IsEven)
        {
            throw new ArgumentOutOfRangeException(nameof(modulus), "Montgomery arithmetic needs an odd modulus greater than 1.");
        }

        Modulus = modulus;
        LimbCount = Limbs.CountForBits(modulus.GetBitLength());
        _modulus = Limbs.From(modulus, LimbCount);

        // Newton iteration for m0⁻¹ mod 2⁶⁴: each step doubles the number of correct low bits (1 → 64 in 6 steps).
        ulong m0 = _modulus[0];
        ulong inverse = 1;
        for (int i = 0; i < 6; i++)
        {
            inverse *= 2 - (m0 * inverse);
        }

        _mPrime = 0 - inverse;
        _modulusDigitsPadded = new ulong[(2 * LimbCount) + (2 * DigitPadding)];
        Widen(_modulus, _modulusDigitsPadded.AsSpan(DigitPadding, 2 * LimbCount));
        if (!Enum.IsDefined(kernel))
        {
            throw new ArgumentOutOfRangeException(nameof(kernel));
        }

        // The block kernel pays a fixed cost per block of columns; below 640-bit moduli (10 limbs) the scalar kernel wins
        // (measured on AVX2: 8 limbs scalar 0.46 µs vs vector 1.0 µs per multiply, 10 limbs 0.57 vs 0.54 µs).
        Kernel = chooseBest ? (LimbCount >= VectorKernelMinimumLimbs ? BestKernel : MontgomeryKernel.Scalar64) : kernel;
        BigInteger r = BigInteger.One << (64 * LimbCount);
        _one = Limbs.From(r % modulus, LimbCount);
        _rSquared = Limbs.From(r * r % modulus, LimbCount);
    }

    /// <summary>The smallest limb count for which the default constructor picks a vector kernel.</summary>
    internal const int VectorKernelMinimumLimbs = 10;

    /// <summary>Gets the kernel this context multiplies with.</summary>
    public MontgomeryKernel Kernel { get; }

    /// <summary>Gets the modulus m.</summary>
    public BigInteger Modulus { get; }

    /// <summary>Gets the number of 64-bit limbs s of every operand.</summary>
    public int LimbCount { get; }

    /// <summary>Gets 1 in Montgomery form (R mod m).</summary>
    public ReadOnlySpan<ulong> One => _one;

    /// <summary>Converts a non-negative integer (reduced modulo m first) to Montgomery form.</summary>
    /// <param name="value">A non-negative integer.</param>
    /// <returns>A new array of <see cref="LimbCount"/> limbs holding value·R mod m.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public ulong[] ToMontgomery(BigInteger value)
    {
        var result = new ulong[LimbCount];
        ToMontgomery(value, result);
        return result;
    }

    /// <summary>Writes the Montgomery form of a non-negative integer (reduced modulo m first) into <paramref name="destination"/>.</summary>
    /// <param name="value">A non-negative integer.</param>
    /// <param name="destination">Exactly <see cref="LimbCount"/> limbs.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public void ToMontgomery(BigInteger value, Span<ulong> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value.Sign, nameof(value));
        CheckLength(destination.Length, nameof(destination));
        if (value >= Modulus)
        {
            value %= Modulus;
        }

        Span<ulong> plain = LimbCount <= StackLimbLimit ? stackalloc ulong[LimbCount] : new ulong[LimbCount];
        Limbs.Write(value, plain);
        MultiplyCore(plain, _rSquared, destination);
    }

    /// <summary>Converts a Montgomery form back to the ordinary integer in [0, m).</summary>
    /// <param name="montgomery">Exactly <see cref="LimbCount"/> limbs.</param>
    /// <returns>x where the input is x·R mod m.</returns>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public BigInteger FromMontgomery(ReadOnlySpan<ulong> montgomery)
    {
        CheckLength(montgomery.Length, nameof(montgomery));
        Span<ulong> plain = LimbCount <= StackLimbLimit ? stackalloc ulong[LimbCount] : new ulong[LimbCount];
        ReduceCore(montgomery, plain);
        return Limbs.Read(plain);
    }

    /// <summary>Montgomery product: <paramref name="destination"/> = a·b·R⁻¹ mod m.</summary>
    /// <param name="a">First factor (&lt; m), <see cref="LimbCount"/> limbs.</param>
    /// <param name="b">Second factor (&lt; m), <see cref="LimbCount"/> limbs.</param>
    /// <param name="destination">The product; may alias an input.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        CheckLength(a.Length, nameof(a));
        CheckLength(b.Length, nameof(b));
        CheckLength(destination.Length, nameof(destination));
        MultiplyCore(a, b, destination);
    }

    /// <summary>Montgomery square: <paramref name="destination"/> = a²·R⁻¹ mod m.</summary>
    /// <param name="a">The value (&lt; m), <see cref="LimbCount"/> limbs.</param>
    /// <param name="destination">The square; may alias <paramref name="a"/>.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Square(ReadOnlySpan<ulong> a, Span<ulong> destination)
    {
        CheckLength(a.Length, nameof(a));
        CheckLength(destination.Length, nameof(destination));
        SquareCore(a, destination);
    }

    /// <summary>Computes baseᵉ mod m for a public exponent (the running time may depend on the exponent).</summary>
    /// <param name="value">The base, any non-negative integer.</param>
    /// <param name="exponent">A non-negative exponent.</param>
    /// <returns>valueᵉ mod m.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The base or exponent is negative.</exception>
    public BigInteger Pow(BigInteger value, BigInteger exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent.Sign, nameof(exponent));
        var result = new ulong[LimbCount];
        PowCore(ToMontgomery(value), exponent, (int)Math.Max(1, exponent.GetBitLength()), secret: false, result);
        return FromMontgomery(result);
    }

    /// <summary>
    /// Computes baseᵉ mod m for a secret exponent, in a sequence of operations and memory accesses that depends only on
    /// <paramref name="exponentBits"/>, not on the exponent's value.
    /// </summary>
    /// <param name="value">The base, any non-negative integer.</param>
    /// <param name="exponent">The secret exponent, 0 ≤ e &lt; 2^<paramref name="exponentBits"/>.</param>
    /// <param name="exponentBits">The public bound on the exponent's length in bits.</param>
    /// <returns>valueᵉ mod m.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The exponent is negative or longer than <paramref name="exponentBits"/>.</exception>
    public BigInteger PowSecret(BigInteger value, BigInteger exponent, int exponentBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exponentBits);
        if (exponent.Sign < 0 || exponent.GetBitLength() > exponentBits)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), "The exponent must be non-negative and fit in the declared number of bits.");
        }

        var result = new ulong[LimbCount];
        PowCore(ToMontgomery(value), exponent, exponentBits, secret: true, result);
        return FromMontgomery(result);
    }

    /// <summary>Exponentiation on Montgomery forms; the result is in Montgomery form.</summary>
    [SkipLocalsInit]
    internal void PowCore(ReadOnlySpan<ulong> baseMontgomery, BigInteger exponent, int exponentBits, bool secret, Span<ulong> destination)
    {
        int s = LimbCount;
        int window = exponentBits > 512 ? 5 : exponentBits > 128 ? 4 : exponentBits > 24 ? 3 : 1;
        int entries = 1 << window;
        // The table lives on the stack up to 32 KiB (a 2048-bit modulus with the 5-bit window takes 8 KiB), so an
        // exponentiation allocates nothing but its result.
        Span<ulong> table = entries * s <= PowTableStackLimit ? stackalloc ulong[entries * s] : new ulong[entries * s];
        _one.CopyTo(table[..s]);
        baseMontgomery.CopyTo(table.Slice(s, s));
        for (int k = 2; k < entries; k++)
        {
            MultiplyCore(table.Slice((k - 1) * s, s), baseMontgomery, table.Slice(k * s, s));
        }

        int windows = (exponentBits + window - 1) / window;
        int exponentLimbCount = Limbs.CountForBits((long)windows * window) + 1;
        Span<ulong> exponentLimbs = exponentLimbCount <= StackLimbLimit ? stackalloc ulong[exponentLimbCount] : new ulong[exponentLimbCount];
        Limbs.Write(exponent, exponentLimbs);

        Span<ulong> accumulator = s <= StackLimbLimit ? stackalloc ulong[s] : new ulong[s];
        Span<ulong> selected = s <= StackLimbLimit ? stackalloc ulong[s] : new ulong[s];
        _one.CopyTo(accumulator);
        bool started = false;
        for (int w = windows - 1; w >= 0; w--)
        {
            int digit = ExtractBits(exponentLimbs, w * window, window);
            if (secret)
            {
                for (int k = 0; k < window; k++)
                {
                    SquareCore(accumulator, accumulator);
                }

                ConstantTime.Select(table, entries, digit, selected);
                MultiplyCore(accumulator, selected, accumulator);
            }
            else
            {
                if (started)
                {
                    for (int k = 0; k < window; k++)
                    {
                        SquareCore(accumulator, accumulator);
                    }
                }

                if (digit != 0)
                {
                    if (started)
                    {
                        MultiplyCore(accumulator, table.Slice(digit * s, s), accumulator);
                    }
                    else
                    {
                        table.Slice(digit * s, s).CopyTo(accumulator);
                        started = true;
                    }
                }
            }
        }

        accumulator.CopyTo(destination);
        if (secret)
        {
            exponentLimbs.Clear();
            selected.Clear();
            table.Clear();
        }
    }

    internal static int ExtractBits(ReadOnlySpan<ulong> limbs, int bitOffset, int count)
    {
        int limb = bitOffset >> 6;
        int shift = bitOffset & 63;
        if (limb >= limbs.Length)
        {
            return 0;
        }

        ulong value = limbs[limb] >> shift;
        if (shift + count > 64 && limb + 1 < limbs.Length)
        {
            value |= limbs[limb + 1] << (64 - shift);
        }

        return (int)(value & ((1UL << count) - 1));
    }

    /// <summary>Montgomery multiplication with the context's kernel; trusts its arguments' lengths.</summary>
    internal void MultiplyCore(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        if (Kernel == MontgomeryKernel.Scalar64)
        {
            MultiplyScalar(a, b, destination);
        }
        else
        {
            MultiplyVector(a, b, destination, square: false);
        }
    }

    /// <summary>Montgomery squaring with the context's kernel; trusts its arguments' lengths.</summary>
    internal void SquareCore(ReadOnlySpan<ulong> a, Span<ulong> destination)
    {
        if (Kernel == MontgomeryKernel.Scalar64)
        {
            SquareScalar(a, destination);
        }
        else
        {
            MultiplyVector(a, a, destination, square: true);
        }
    }

    [SkipLocalsInit]
    private unsafe void MultiplyScalar(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        int s = LimbCount;
        Span<ulong> scratch = s + 1 <= StackLimbLimit ? stackalloc ulong[s + 1] : new ulong[s + 1];
        scratch.Clear();
        fixed (ulong* pa = a, pb = b, pm = _modulus, t = scratch)
        {
            ulong mPrime = _mPrime;
            for (int i = 0; i < s; i++)
            {
                ulong ai = pa[i];
                ulong hi = Math.BigMul(ai, pb[0], out ulong lo);
                lo += t[0];
                hi += lo < t[0] ? 1UL : 0UL;
                ulong c1 = hi;
                ulong q = lo * mPrime;
                ulong hi2 = Math.BigMul(q, pm[0], out ulong lo2);
                lo2 += lo;
                hi2 += lo2 < lo ? 1UL : 0UL;
                ulong c2 = hi2;
                for (int j = 1; j < s; j++)
                {
                    ulong tj = t[j];
                    hi = Math.BigMul(ai, pb[j], out lo);
                    lo += tj;
                    hi += lo < tj ? 1UL : 0UL;
                    lo += c1;
                    hi += lo < c1 ? 1UL : 0UL;
                    c1 = hi;
                    hi2 = Math.BigMul(q, pm[j], out lo2);
                    lo2 += lo;
                    hi2 += lo2 < lo ? 1UL : 0UL;
                    lo2 += c2;
                    hi2 += lo2 < c2 ? 1UL : 0UL;
                    c2 = hi2;
                    t[j - 1] = lo2;
                }

                ulong u = t[s] + c1;
                ulong carry = u < c1 ? 1UL : 0UL;
                u += c2;
                carry += u < c2 ? 1UL : 0UL;
                t[s - 1] = u;
                t[s] = carry;
            }
        }

        FinalSubtract(scratch, destination);
    }

    /// <summary>SOS Montgomery squaring: symmetric product into 2s limbs, then word-by-word reduction.</summary>
    [SkipLocalsInit]
    private unsafe void SquareScalar(ReadOnlySpan<ulong> a, Span<ulong> destination)
    {
        int s = LimbCount;
        Span<ulong> scratch = s <= StackLimbLimit ? stackalloc ulong[(2 * s) + 1] : new ulong[(2 * s) + 1];
        scratch.Clear();
        fixed (ulong* pa = a, pm = _modulus, t = scratch)
        {
            // Off-diagonal products a[i]·a[j], i < j.
            for (int i = 0; i < s - 1; i++)
            {
                t[i + s] = MultiplyAddRow(pa[i], pa + i + 1, t + (2 * i) + 1, s - i - 1);
            }

            // Double, then add the diagonal squares a[i]².
            ulong top = 0;
            for (int k = 0; k < 2 * s; k++)
            {
                ulong v = t[k];
                t[k] = (v << 1) | top;
                top = v >> 63;
            }

            ulong c = 0;
            for (int i = 0; i < s; i++)
            {
                ulong hi = Math.BigMul(pa[i], pa[i], out ulong lo);
                ulong x = t[2 * i];
                ulong sum = x + lo;
                ulong carry1 = sum < x ? 1UL : 0UL;
                ulong sum2 = sum + c;
                carry1 += sum2 < sum ? 1UL : 0UL;
                t[2 * i] = sum2;
                ulong y = t[(2 * i) + 1];
                ulong sum3 = y + hi;
                ulong carry2 = sum3 < y ? 1UL : 0UL;
                ulong sum4 = sum3 + carry1;
                carry2 += sum4 < sum3 ? 1UL : 0UL;
                t[(2 * i) + 1] = sum4;
                c = carry2;
            }

            // Word-by-word Montgomery reduction of the 2s-limb square.
            ulong mPrime = _mPrime;
            ulong overflow = 0;
            for (int i = 0; i < s; i++)
            {
                ulong carry = MultiplyAddRow(t[i] * mPrime, pm, t + i, s);

                ulong x = t[i + s];
                ulong sum = x + carry;
                ulong o = sum < x ? 1UL : 0UL;
                ulong sum2 = sum + overflow;
                o += sum2 < sum ? 1UL : 0UL;
                t[i + s] = sum2;
                overflow = o;
            }

            t[2 * s] = overflow;
        }

        FinalSubtract(scratch.Slice(s, s + 1), destination);
    }

    /// <summary>t[0..count) += x·y[0..count); returns the carry out of the top word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong MultiplyAddRow(ulong x, ulong* y, ulong* t, int count)
    {
        ulong carry = 0;
        for (int j = 0; j < count; j++)
        {
            ulong tj = t[j];
            ulong hi = Math.BigMul(x, y[j], out ulong lo);
            lo += tj;
            hi += lo < tj ? 1UL : 0UL;
            lo += carry;
            hi += lo < carry ? 1UL : 0UL;
            t[j] = lo;
            carry = hi;
        }

        return carry;
    }

    /// <summary>Montgomery reduction of a single-width value: destination = x·R⁻¹ mod m (leaves Montgomery form).</summary>
    internal void ReduceCore(ReadOnlySpan<ulong> x, Span<ulong> destination)
    {
        Span<ulong> plainOne = LimbCount <= StackLimbLimit ? stackalloc ulong[LimbCount] : new ulong[LimbCount];
        plainOne.Clear();
        plainOne[0] = 1;
        MultiplyCore(x, plainOne, destination);
    }

    /// <summary>destination = t − m if t ≥ m else t, for t &lt; 2m held in s + 1 limbs; branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FinalSubtract(ReadOnlySpan<ulong> t, Span<ulong> destination)
    {
        int s = LimbCount;
        Span<ulong> difference = s <= StackLimbLimit ? stackalloc ulong[s] : new ulong[s];
        ulong borrow = 0;
        for (int j = 0; j < s; j++)
        {
            ulong tj = t[j];
            ulong mj = _modulus[j];
            ulong d = tj - mj;
            ulong b1 = tj < mj ? 1UL : 0UL;
            ulong d2 = d - borrow;
            ulong b2 = d < borrow ? 1UL : 0UL;
            difference[j] = d2;
            borrow = b1 | b2;
        }

        // Keep t when the subtraction borrowed out of the top limb (t < m); take t − m otherwise.
        ulong keep = 0 - (borrow & (1UL ^ (t[s] != 0 ? 1UL : 0UL)));
        for (int j = 0; j < s; j++)
        {
            destination[j] = (t[j] & keep) | (difference[j] & ~keep);
        }
    }

    /// <summary>Zeroes the limbs this context holds (used when the modulus is secret, e.g. p² of a private key).</summary>
    internal void Clear()
    {
        Array.Clear(_modulus);
        Array.Clear(_rSquared);
        Array.Clear(_one);
        Array.Clear(_modulusDigitsPadded);
    }

    private void CheckLength(int length, string parameterName)
    {
        if (length != LimbCount)
        {
            throw new ArgumentException($"Expected {LimbCount} limbs, got {length}.", parameterName);
        }
    }
}
