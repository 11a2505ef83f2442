using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepChain.Crypto.Arithmetic;

/// <content>
/// The SIMD Montgomery kernel: the operands are split into d = 2s digits of 32 bits, each held in a 64-bit lane, and
/// the columns of a·b + q·m are computed in blocks of as many adjacent columns as a vector has lanes (product
/// scanning, Koç–Acar–Kaliski 1996, with one column per lane). Every term of a block is a broadcast digit aᵢ times an
/// unaligned load of b at offset k₀ − i, so a block needs no horizontal sum; the sums of the low and high 32-bit halves
/// of the products are kept apart, so no carry is propagated inside the vector loop. Carries, and the q digits of the
/// block (each depends on the earlier ones), are resolved once per block in scalar code, a 64-bit limb at a time.
/// R = 2^(32d) = 2^(64s), so Montgomery forms are the same as those of the scalar kernel.
/// </content>
public sealed partial class MontgomeryContext
{
    private const ulong LowMask = 0xFFFF_FFFFUL;

    /// <summary>
    /// Zero digits before and after the digits of a, b and m, so that a block's load at offset k₀ − i may start up to
    /// seven digits before digit 0 or end up to seven digits past digit d − 1 (eight lanes at most).
    /// </summary>
    private const int DigitPadding = 8;

    /// <summary>The best kernel this process can run, chosen once at start-up.</summary>
    internal static MontgomeryKernel BestKernel { get; } =
        Vector512.IsHardwareAccelerated ? MontgomeryKernel.Vector512 :
        Vector256.IsHardwareAccelerated ? MontgomeryKernel.Vector256 :
        Vector128.IsHardwareAccelerated ? MontgomeryKernel.Vector128 : MontgomeryKernel.Scalar64;

    /// <remarks>
    /// Squares take the symmetric half of a·a, doubled, in the vector loop (about a quarter fewer digit products).
    /// </remarks>
    [SkipLocalsInit]
    private unsafe void MultiplyVector(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, bool square)
    {
        int s = LimbCount;
        int d = 2 * s;
        int padded = d + (2 * DigitPadding);
        int length = (3 * padded) + s + 1;
        Span<ulong> scratch = length <= 8 * StackLimbLimit ? stackalloc ulong[length] : new ulong[length];
        fixed (ulong* pa = a, pb = b, work = scratch, m = _modulusDigitsPadded)
        {
            // Digits of a and of b, each with DigitPadding zeros on both sides; q's digits; then the s + 1 output limbs.
            ulong* aw = work + DigitPadding;
            ulong* bw = aw + padded;
            ulong* q = bw + padded;
            ulong* t = q + padded - DigitPadding;
            WidenPadded(pa, aw, s);
            if (!square)
            {
                WidenPadded(pb, bw, s);
            }

            ulong* bDigits = square ? aw : bw;
            switch (Kernel)
            {
                case MontgomeryKernel.Vector512:
                    ReduceBlocks<Lanes512, Vector512<ulong>>(aw, bDigits, q, m + DigitPadding, _mPrime, t, d, square);
                    break;
                case MontgomeryKernel.Vector256:
                    ReduceBlocks<Lanes256, Vector256<ulong>>(aw, bDigits, q, m + DigitPadding, _mPrime, t, d, square);
                    break;
                default:
                    ReduceBlocks<Lanes128, Vector128<ulong>>(aw, bDigits, q, m + DigitPadding, _mPrime, t, d, square);
                    break;
            }

            FinalSubtract(new ReadOnlySpan<ulong>(t, s + 1), destination);
        }
    }

    /// <summary>
    /// Writes the 2·<paramref name="count"/> 32-bit digits of the limbs, one per 64-bit lane, with
    /// <see cref="DigitPadding"/> zero digits before and after.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void WidenPadded(ulong* limbs, ulong* digits, int count)
    {
        for (int j = 1; j <= DigitPadding; j++)
        {
            digits[-j] = 0;
            digits[(2 * count) - 1 + j] = 0;
        }

        for (int j = 0; j < count; j++)
        {
            ulong limb = limbs[j];
            digits[2 * j] = limb & LowMask;
            digits[(2 * j) + 1] = limb >> 32;
        }
    }

    /// <summary>
    /// Columns k = 0 … 2d − 1 of a·b + q·m, L adjacent columns per vector: for k &lt; d the q digits are chosen to
    /// clear the low columns; the columns k ≥ d give the s + 1 output limbs written to <paramref name="t"/>.
    /// </summary>
    /// <remarks>
    /// <para>A block k₀ … k₀ + L − 1 accumulates, lane l holding column k₀ + l, the terms aᵢ·b_{k₀+l−i} for every i
    /// (b and m are zero-padded, so out-of-range digits contribute nothing) and qᵢ·m_{k₀+l−i} for the q digits already
    /// known (i &lt; k₀). The block is then resolved a limb (two columns) at a time in scalar code: the limb's 64-bit q
    /// (two digits) clears it, and the products of those digits with m that land in later columns of the block are
    /// added to those lanes (the in-block triangle), because each q depends on the complete columns below it.</para>
    /// <para>Each lane holds W = Σ pᵢ mod 2⁶⁴ and H = Σ ⌊pᵢ/2³²⌋ of its products; then the column is L + 2³²·H where
    /// L = Σ (pᵢ mod 2³²) = W − 2³²·H mod 2⁶⁴ exactly (fewer than 2³¹ terms), so no carry is needed inside the vector
    /// loop, and accumulating W rather than L saves a mask per product.</para>
    /// </remarks>
    private static unsafe void ReduceBlocks<TLanes, TVector>(ulong* a, ulong* b, ulong* q, ulong* m, ulong mPrime, ulong* t, int d, bool square)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int lanes = TLanes.Count;
        ulong* wrappedLanes = stackalloc ulong[16];
        ulong* highLanes = wrappedLanes + 8;
        ulong m0 = m[0], m1 = m[1];
        ulong carry = 0;

        // The masks are static data (never moved by the garbage collector).
        ulong* diagonalMasks = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(DiagonalMasks));
        for (int k0 = 0; k0 < 2 * d; k0 += lanes)
        {
            int first = Math.Max(0, k0 - d + 1);
            int knownQ = Math.Min(k0, d) - first;
            TVector wrapped = TLanes.Zero, high = TLanes.Zero;
            if (square)
            {
                // i < k − i in every lane for i < k₀/2; the L/2 terms nearer the diagonal are masked per lane.
                // Doubling W and H keeps L exact: the low halves still sum to far less than 2⁶⁴.
                int middle = k0 >> 1;
                Accumulate<TLanes, TVector>(a + first, b + k0 - first, middle - first, ref wrapped, ref high);
                TVector diagonalWrapped = TLanes.Zero, diagonalHigh = TLanes.Zero;
                for (int j = 0; 2 * j < lanes; j++)
                {
                    // Term i = k₀/2 + j: below the diagonal in lanes l > 2j (doubled with the rest), on it in lane 2j.
                    TVector p = TLanes.MultiplyLow(TLanes.Broadcast(a[middle + j]), TLanes.Load(a + middle - j));
                    TVector below = TLanes.And(p, TLanes.Load(diagonalMasks + (16 * j)));
                    TVector on = TLanes.And(p, TLanes.Load(diagonalMasks + (16 * j) + 8));
                    wrapped = TLanes.Add(wrapped, below);
                    high = TLanes.Add(high, TLanes.ShiftRight32(below));
                    diagonalWrapped = TLanes.Add(diagonalWrapped, on);
                    diagonalHigh = TLanes.Add(diagonalHigh, TLanes.ShiftRight32(on));
                }

                wrapped = TLanes.Add(TLanes.Add(wrapped, wrapped), diagonalWrapped);
                high = TLanes.Add(TLanes.Add(high, high), diagonalHigh);
                Accumulate<TLanes, TVector>(q + first, m + k0 - first, knownQ, ref wrapped, ref high);
                TLanes.Store(wrapped, wrappedLanes);
                TLanes.Store(high, highLanes);
            }
            else
            {
                int lastProduct = Math.Min(k0 + lanes - 1, d - 1);
                Accumulate<TLanes, TVector>(a + first, b + k0 - first, lastProduct + 1 - first, ref wrapped, ref high);
                Accumulate<TLanes, TVector>(q + first, m + k0 - first, knownQ, ref wrapped, ref high);
                TLanes.Store(wrapped, wrappedLanes);
                TLanes.Store(high, highLanes);
            }

            int count = Math.Min(lanes, (2 * d) - k0);
            for (int l = 0; l < count; l += 2)
            {
                int k = k0 + l;
                ulong high0 = highLanes[l], high1 = highLanes[l + 1];
                ulong low = carry + (wrappedLanes[l] - (high0 << 32));
                ulong middle = high0 + (wrappedLanes[l + 1] - (high1 << 32));
                if (k < d)
                {
                    // q = (limb mod 2⁶⁴)·(−m⁻¹) mod 2⁶⁴ clears the limb; only its digit products with m₀ and m₁ that
                    // land in this limb are added here: q_{k+1}·m₁ and higher belong to later columns.
                    ulong q64 = (low + (middle << 32)) * mPrime;
                    ulong qLow = q64 & LowMask, qHigh = q64 >> 32;
                    q[k] = qLow;
                    q[k + 1] = qHigh;
                    ulong p0 = qLow * m0, p1 = qLow * m1, p2 = qHigh * m0;
                    low += p0 & LowMask;
                    middle += (p0 >> 32) + (p1 & LowMask) + (p2 & LowMask);
                    high1 += (p1 >> 32) + (p2 >> 32);
                    for (int later = l + 2; later < count; later++)
                    {
                        ulong r = qLow * m[later - l];
                        ulong u = qHigh * m[later - l - 1];
                        wrappedLanes[later] += r + u;
                        highLanes[later] += (r >> 32) + (u >> 32);
                    }
                }
                else
                {
                    t[(k - d) >> 1] = low + (middle << 32);
                }

                // low + 2³²·middle + 2⁶⁴·high1 is the limb plus its carry; low and middle stay far below 2⁶⁴ (about 2⁴³ for
                // 2048-bit moduli: a column has at most 2d products), so nothing overflows.
                carry = (((low >> 32) + middle) >> 32) + high1;
            }
        }

        t[d >> 1] = carry;
    }

    /// <summary>
    /// wrapped += Σ_{i&lt;count} xᵢ·y₋ᵢ lane-wise modulo 2⁶⁴ and high += Σ ⌊xᵢ·y₋ᵢ/2³²⌋, where y₋ᵢ is the vector loaded
    /// at y − i and xᵢ is broadcast: every lane of the block gets the terms of its own column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate<TLanes, TVector>(ulong* x, ulong* y, int count, ref TVector wrapped, ref TVector high)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        // Two accumulator pairs halve the dependency chains of the additions.
        TVector wrapped2 = TLanes.Zero, high2 = TLanes.Zero;
        for (; count >= 4; count -= 4)
        {
            TVector p0 = TLanes.MultiplyLow(TLanes.Broadcast(x[0]), TLanes.Load(y));
            TVector p1 = TLanes.MultiplyLow(TLanes.Broadcast(x[1]), TLanes.Load(y - 1));
            TVector p2 = TLanes.MultiplyLow(TLanes.Broadcast(x[2]), TLanes.Load(y - 2));
            TVector p3 = TLanes.MultiplyLow(TLanes.Broadcast(x[3]), TLanes.Load(y - 3));
            wrapped = TLanes.Add(wrapped, TLanes.Add(p0, p1));
            wrapped2 = TLanes.Add(wrapped2, TLanes.Add(p2, p3));
            high = TLanes.Add(high, TLanes.Add(TLanes.ShiftRight32(p0), TLanes.ShiftRight32(p1)));
            high2 = TLanes.Add(high2, TLanes.Add(TLanes.ShiftRight32(p2), TLanes.ShiftRight32(p3)));
            x += 4;
            y -= 4;
        }

        for (; count > 0; count--)
        {
            TVector p = TLanes.MultiplyLow(TLanes.Broadcast(x[0]), TLanes.Load(y));
            wrapped = TLanes.Add(wrapped, p);
            high = TLanes.Add(high, TLanes.ShiftRight32(p));
            x++;
            y--;
        }

        wrapped = TLanes.Add(wrapped, wrapped2);
        high = TLanes.Add(high, high2);
    }

    /// <summary>
    /// For the square's near-diagonal term j (0 ≤ j &lt; 4) of a block: 16 lanes per j, first the lanes l &gt; 2j (below
    /// the diagonal, doubled), then the lane l = 2j (on it); all ones selects the lane.
    /// </summary>
    private static ReadOnlySpan<ulong> DiagonalMasks =>
    [
        0, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, ~0UL, ~0UL, ~0UL, ~0UL, ~0UL, 0, 0, ~0UL, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, ~0UL, ~0UL, ~0UL, 0, 0, 0, 0, ~0UL, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, ~0UL, 0, 0, 0, 0, 0, 0, ~0UL, 0,
    ];

    private static void Widen(ReadOnlySpan<ulong> limbs, Span<ulong> digits)
    {
        for (int j = 0; j < limbs.Length; j++)
        {
            digits[2 * j] = limbs[j] & LowMask;
            digits[(2 * j) + 1] = limbs[j] >> 32;
        }
    }

    /// <summary>The vector operations of the block kernel at one width (an operator struct, specialized by the JIT).</summary>
    /// <typeparam name="TVector">The vector of 64-bit lanes.</typeparam>
    private interface ILanes<TVector>
        where TVector : struct
    {
        /// <summary>Gets the number of 64-bit lanes.</summary>
        static abstract int Count { get; }

        /// <summary>Gets the zero vector.</summary>
        static abstract TVector Zero { get; }

        /// <summary>Every lane set to <paramref name="value"/>.</summary>
        static abstract TVector Broadcast(ulong value);

        /// <summary>Loads <see cref="Count"/> lanes starting at <paramref name="source"/>.</summary>
        static abstract unsafe TVector Load(ulong* source);

        /// <summary>Lane-wise product of the low 32 bits of each lane (both factors below 2³², so it is exact).</summary>
        static abstract TVector MultiplyLow(TVector x, TVector y);

        /// <summary>Lane-wise x + y modulo 2⁶⁴.</summary>
        static abstract TVector Add(TVector x, TVector y);

        /// <summary>Lane-wise x AND y.</summary>
        static abstract TVector And(TVector x, TVector y);

        /// <summary>Lane-wise x / 2³².</summary>
        static abstract TVector ShiftRight32(TVector x);

        /// <summary>Lane-wise x / 2^<paramref name="count"/>.</summary>
        static abstract TVector ShiftRight(TVector x, int count);

        /// <summary>Stores every lane at <paramref name="destination"/>.</summary>
        static abstract unsafe void Store(TVector value, ulong* destination);
    }

    // 32×32→64 multiplies of the low halves of each lane (vpmuludq / pmuludq); the generic 64-bit lane multiply
    // gives the same exact result on other hardware because both factors are below 2³².
    private readonly struct Lanes512 : ILanes<Vector512<ulong>>
    {
        public static int Count => Vector512<ulong>.Count;

        public static Vector512<ulong> Zero => Vector512<ulong>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Broadcast(ulong value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Vector512<ulong> Load(ulong* source) => Vector512.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> MultiplyLow(Vector512<ulong> x, Vector512<ulong> y) =>
            Avx512F.IsSupported ? Avx512F.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Add(Vector512<ulong> x, Vector512<ulong> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> And(Vector512<ulong> x, Vector512<ulong> y) => x & y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> ShiftRight32(Vector512<ulong> x) => Vector512.ShiftRightLogical(x, 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> ShiftRight(Vector512<ulong> x, int count) => Vector512.ShiftRightLogical(x, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(Vector512<ulong> value, ulong* destination) => value.Store(destination);
    }

    private readonly struct Lanes256 : ILanes<Vector256<ulong>>
    {
        public static int Count => Vector256<ulong>.Count;

        public static Vector256<ulong> Zero => Vector256<ulong>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Broadcast(ulong value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Vector256<ulong> Load(ulong* source) => Vector256.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> MultiplyLow(Vector256<ulong> x, Vector256<ulong> y) =>
            Avx2.IsSupported ? Avx2.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Add(Vector256<ulong> x, Vector256<ulong> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> And(Vector256<ulong> x, Vector256<ulong> y) => x & y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> ShiftRight32(Vector256<ulong> x) => Vector256.ShiftRightLogical(x, 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> ShiftRight(Vector256<ulong> x, int count) => Vector256.ShiftRightLogical(x, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(Vector256<ulong> value, ulong* destination) => value.Store(destination);
    }

    private readonly struct Lanes128 : ILanes<Vector128<ulong>>
    {
        public static int Count => Vector128<ulong>.Count;

        public static Vector128<ulong> Zero => Vector128<ulong>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> Broadcast(ulong value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Vector128<ulong> Load(ulong* source) => Vector128.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> MultiplyLow(Vector128<ulong> x, Vector128<ulong> y) =>
            Sse2.IsSupported ? Sse2.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> Add(Vector128<ulong> x, Vector128<ulong> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> And(Vector128<ulong> x, Vector128<ulong> y) => x & y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> ShiftRight32(Vector128<ulong> x) => Vector128.ShiftRightLogical(x, 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> ShiftRight(Vector128<ulong> x, int count) => Vector128.ShiftRightLogical(x, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(Vector128<ulong> value, ulong* destination) => value.Store(destination);
    }
}
