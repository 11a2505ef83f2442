using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepChain.Crypto.Arithmetic;

/// <content>
/// The SIMD Montgomery kernel: the operands are split into d = 2s digits of 32 bits, each held in a 64-bit lane, and
/// the columns of a·b + q·m are computed in blocks of as many adjacent columns as a vector has lanes (finely
/// integrated product scanning, Koç–Acar–Kaliski 1996, with one column per lane). Every term of a block is a broadcast
/// digit aᵢ times an unaligned load of b at offset k − i, so a block needs no horizontal sum; the sums of the low and
/// high 32-bit halves of the products are kept apart, so no carry is propagated inside the vector loop. Carries, and
/// the q digits of the block (each depends on the earlier ones), are resolved once per block in scalar code.
/// R = 2^(32d) = 2^(64s), so Montgomery forms are the same as those of the scalar kernel.
/// </content>
public sealed partial class MontgomeryContext
{
    private const ulong LowMask = 0xFFFF_FFFFUL;

    /// <summary>The best kernel this process can run, chosen once at start-up.</summary>
    internal static MontgomeryKernel BestKernel { get; } =
        Vector512.IsHardwareAccelerated ? MontgomeryKernel.Vector512 :
        Vector256.IsHardwareAccelerated ? MontgomeryKernel.Vector256 :
        Vector128.IsHardwareAccelerated ? MontgomeryKernel.Vector128 : MontgomeryKernel.Scalar64;

    /// <summary>
    /// Zero digits before and after the digits of b and m, so that a block's load at offset k − i may start up to
    /// seven digits before digit 0 or end up to seven digits past digit d − 1 (eight lanes at most).
    /// </summary>
    private const int DigitPadding = 8;

    /// <remarks>
    /// Squares use this too: halving the a·a products (the symmetric half, doubled) measured slower than the plain
    /// product with the earlier column-by-column layout (AVX2, 2048- and 4096-bit moduli).
    /// </remarks>
    [SkipLocalsInit]
    private void MultiplyVector(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, bool square)
    {
        int d = 2 * LimbCount;
        int padded = d + (2 * DigitPadding);
        Span<ulong> aw = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> bw = d <= 2 * StackLimbLimit ? stackalloc ulong[padded] : new ulong[padded];
        Span<ulong> qw = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> t = LimbCount + 1 <= StackLimbLimit ? stackalloc ulong[LimbCount + 1] : new ulong[LimbCount + 1];
        Widen(a, aw);
        bw[..DigitPadding].Clear();
        Widen(b, bw.Slice(DigitPadding, d));
        bw[(DigitPadding + d)..].Clear();
        switch (Kernel)
        {
            case MontgomeryKernel.Vector512:
                ReduceBlocks<Lanes512, Vector512<ulong>>(aw, bw, qw, t, square);
                break;
            case MontgomeryKernel.Vector256:
                ReduceBlocks<Lanes256, Vector256<ulong>>(aw, bw, qw, t, square);
                break;
            default:
                ReduceBlocks<Lanes128, Vector128<ulong>>(aw, bw, qw, t, square);
                break;
        }

        FinalSubtract(t, destination);
    }

    /// <summary>
    /// Columns k = 0 … 2d − 1 of a·b + q·m, L adjacent columns per vector: for k &lt; d, qₖ is chosen to clear the
    /// column's low digit; for k ≥ d the columns give the output digits k − d. Writes s + 1 limbs to
    /// <paramref name="tw"/>.
    /// </summary>
    /// <remarks>
    /// A block k₀ … k₀ + L − 1 accumulates, lane l holding column k₀ + l, the terms aᵢ·b_{k₀+l−i} for every i (b is
    /// zero-padded, so out-of-range digits contribute nothing) and qᵢ·m_{k₀+l−i} for the q digits already known
    /// (i &lt; k₀). The missing triangle qⱼ·m_{k−j}, k₀ ≤ j &lt; k, is added in scalar code while the block's carries
    /// are resolved from the lowest lane up, because each qₖ depends on the complete column k.
    /// </remarks>
    private void ReduceBlocks<TLanes, TVector>(ReadOnlySpan<ulong> aw, ReadOnlySpan<ulong> bw, Span<ulong> qw, Span<ulong> tw, bool square)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int d = aw.Length;
        int lanes = TLanes.Count;
        ref ulong a = ref MemoryMarshal.GetReference(aw);
        ref ulong b = ref MemoryMarshal.GetReference(bw);
        ref ulong q = ref MemoryMarshal.GetReference(qw);
        ref ulong m = ref MemoryMarshal.GetArrayDataReference(_modulusDigitsPadded);
        ref ulong t = ref MemoryMarshal.GetReference(tw);
        Span<ulong> sums = stackalloc ulong[16];
        ref ulong wrappedLanes = ref MemoryMarshal.GetReference(sums);
        ref ulong highLanes = ref Unsafe.Add(ref wrappedLanes, 8);
        ulong m0 = Unsafe.Add(ref m, DigitPadding);
        ulong m1 = Unsafe.Add(ref m, DigitPadding + 1);
        ulong carry = 0;
        for (int k0 = 0; k0 < 2 * d; k0 += lanes)
        {
            int first = Math.Max(0, k0 - d + 1);
            int lastBoth = Math.Min(k0 - 1, d - 1);
            int lastProduct = Math.Min(k0 + lanes - 1, d - 1);
            if (square)
            {
                SquareBlock<TLanes, TVector>(ref a, ref b, ref q, ref m, k0, first, lastBoth, ref wrappedLanes, ref highLanes);
            }
            else
            {
                TVector wrapped = TLanes.Zero, high = TLanes.Zero;
                int i = first;
                for (; i <= lastBoth; i++)
                {
                    nuint offset = (nuint)(DigitPadding + k0 - i);
                    TVector p = TLanes.MultiplyLow(TLanes.Broadcast(Unsafe.Add(ref a, i)), TLanes.Load(ref b, offset));
                    TVector r = TLanes.MultiplyLow(TLanes.Broadcast(Unsafe.Add(ref q, i)), TLanes.Load(ref m, offset));
                    wrapped = TLanes.Add(wrapped, TLanes.Add(p, r));
                    high = TLanes.Add(high, TLanes.Add(TLanes.ShiftRight32(p), TLanes.ShiftRight32(r)));
                }

                for (; i <= lastProduct; i++)
                {
                    TVector p = TLanes.MultiplyLow(TLanes.Broadcast(Unsafe.Add(ref a, i)), TLanes.Load(ref b, (nuint)(DigitPadding + k0 - i)));
                    wrapped = TLanes.Add(wrapped, p);
                    high = TLanes.Add(high, TLanes.ShiftRight32(p));
                }

                TLanes.Store(wrapped, ref wrappedLanes);
                TLanes.Store(high, ref highLanes);
            }

            // Resolve the block a limb (two columns) at a time; see ResolveLimb for the carry arithmetic.
            int count = Math.Min(lanes, (2 * d) - k0);
            for (int l = 0; l < count; l += 2)
            {
                int k = k0 + l;
                ulong wrapped0 = Unsafe.Add(ref wrappedLanes, l), high0 = Unsafe.Add(ref highLanes, l);
                ulong wrapped1 = Unsafe.Add(ref wrappedLanes, l + 1), high1 = Unsafe.Add(ref highLanes, l + 1);
                ulong low = carry + (wrapped0 - (high0 << 32));
                ulong middle = high0 + (wrapped1 - (high1 << 32));
                if (k < d)
                {
                    // q = (column pair mod 2⁶⁴)·(−m⁻¹) mod 2⁶⁴ clears the limb; only its digit products with m₀ and m₁ that
                    // land in this limb are added here, q_{k+1}·m₁ and higher belong to later columns.
                    ulong q64 = (low + (middle << 32)) * _mPrime;
                    ulong qLow = q64 & LowMask, qHigh = q64 >> 32;
                    Unsafe.Add(ref q, k) = qLow;
                    Unsafe.Add(ref q, k + 1) = qHigh;
                    ulong p0 = qLow * m0, p1 = qLow * m1, p2 = qHigh * m0;
                    low += p0 & LowMask;
                    middle += (p0 >> 32) + (p1 & LowMask) + (p2 & LowMask);
                    high1 += (p1 >> 32) + (p2 >> 32);
                    for (int later = l + 2; later < count; later++)
                    {
                        ulong r = qLow * Unsafe.Add(ref m, DigitPadding + later - l);
                        ulong u = qHigh * Unsafe.Add(ref m, DigitPadding + later - l - 1);
                        Unsafe.Add(ref wrappedLanes, later) += r + u;
                        Unsafe.Add(ref highLanes, later) += (r >> 32) + (u >> 32);
                    }
                }
                else
                {
                    Unsafe.Add(ref t, (k - d) >> 1) = low + (middle << 32);
                }

                // low + 2³²·middle + 2⁶⁴·high1 is the limb plus its carry; low, middle < 2⁴⁵, so nothing overflows.
                carry = (((low >> 32) + middle) >> 32) + high1;
            }
        }

        Unsafe.Add(ref t, d >> 1) = carry;
    }

    /// <summary>
    /// The vector part of a squaring block: lane l gets 2·Σ aᵢ·a_{k−i} over i &lt; k − i (only the i ≤ (k₀ − 1)/2
    /// that are below the diagonal in every lane) plus Σ qᵢ·m_{k−i} over the known q digits; the remaining terms on and
    /// next to the diagonal (at most L/2 + 1 per lane) are added in scalar code. Writes the wrapped and high sums of
    /// every lane (see <see cref="Combine"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareBlock<TLanes, TVector>(
        ref ulong a, ref ulong aPadded, ref ulong q, ref ulong m, int k0, int first, int lastBoth, ref ulong wrappedLanes, ref ulong highLanes)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        // Doubling the sums of the products keeps Combine exact: the low halves still sum to far less than 2⁶⁴.
        int half = (k0 - 1) >> 1;
        TVector wrappedA = TLanes.Zero, highA = TLanes.Zero, wrappedQ = TLanes.Zero, highQ = TLanes.Zero;
        int i = first;
        for (; i <= half; i++)
        {
            nuint offset = (nuint)(DigitPadding + k0 - i);
            TVector p = TLanes.MultiplyLow(TLanes.Broadcast(Unsafe.Add(ref a, i)), TLanes.Load(ref aPadded, offset));
            TVector r = TLanes.MultiplyLow(TLanes.Broadcast(Unsafe.Add(ref q, i)), TLanes.Load(ref m, offset));
            wrappedA = TLanes.Add(wrappedA, p);
            highA = TLanes.Add(highA, TLanes.ShiftRight32(p));
            wrappedQ = TLanes.Add(wrappedQ, r);
            highQ = TLanes.Add(highQ, TLanes.ShiftRight32(r));
        }

        for (; i <= lastBoth; i++)
        {
            TVector r = TLanes.MultiplyLow(TLanes.Broadcast(Unsafe.Add(ref q, i)), TLanes.Load(ref m, (nuint)(DigitPadding + k0 - i)));
            wrappedQ = TLanes.Add(wrappedQ, r);
            highQ = TLanes.Add(highQ, TLanes.ShiftRight32(r));
        }

        TLanes.Store(TLanes.Add(TLanes.Add(wrappedA, wrappedA), wrappedQ), ref wrappedLanes);
        TLanes.Store(TLanes.Add(TLanes.Add(highA, highA), highQ), ref highLanes);

        // Terms i > (k₀ − 1)/2 with i ≤ k − i; a is zero-padded, so digits past d − 1 contribute nothing.
        for (int l = 0; l < TLanes.Count; l++)
        {
            int k = k0 + l;
            ulong wrapped = 0, high = 0;
            for (int j = half + 1; 2 * j <= k; j++)
            {
                ulong p = Unsafe.Add(ref aPadded, DigitPadding + j) * Unsafe.Add(ref aPadded, DigitPadding + k - j);
                ulong twice = 2 * j < k ? 2UL : 1UL;
                wrapped += twice * p;
                high += twice * (p >> 32);
            }

            Unsafe.Add(ref wrappedLanes, l) += wrapped;
            Unsafe.Add(ref highLanes, l) += high;
        }
    }

    /// <summary>
    /// The exact sum S = Σ pᵢ of 64-bit products from W = Σ pᵢ mod 2⁶⁴ and H = Σ ⌊pᵢ/2³²⌋: S = L + 2³²·H where
    /// L = Σ (pᵢ mod 2³²) &lt; 2⁶⁴ (at most 2³¹ terms), and L = W − 2³²·H mod 2⁶⁴. Accumulating W instead of L saves
    /// a mask per product in the vector loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 Combine(ulong wrapped, ulong high) => (wrapped - (high << 32)) + ((UInt128)high << 32);

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

        /// <summary>Loads <see cref="Count"/> lanes starting at <paramref name="source"/> + <paramref name="offset"/>.</summary>
        static abstract TVector Load(ref ulong source, nuint offset);

        /// <summary>Lane-wise product of the low 32 bits of each lane (both factors below 2³², so it is exact).</summary>
        static abstract TVector MultiplyLow(TVector x, TVector y);

        /// <summary>Lane-wise x + y modulo 2⁶⁴.</summary>
        static abstract TVector Add(TVector x, TVector y);

        /// <summary>Lane-wise x / 2³².</summary>
        static abstract TVector ShiftRight32(TVector x);

        /// <summary>Stores every lane at <paramref name="destination"/>.</summary>
        static abstract void Store(TVector value, ref ulong destination);
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
        public static Vector512<ulong> Load(ref ulong source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> MultiplyLow(Vector512<ulong> x, Vector512<ulong> y) =>
            Avx512F.IsSupported ? Avx512F.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Add(Vector512<ulong> x, Vector512<ulong> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> ShiftRight32(Vector512<ulong> x) => Vector512.ShiftRightLogical(x, 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<ulong> value, ref ulong destination) => value.StoreUnsafe(ref destination);
    }

    private readonly struct Lanes256 : ILanes<Vector256<ulong>>
    {
        public static int Count => Vector256<ulong>.Count;

        public static Vector256<ulong> Zero => Vector256<ulong>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Broadcast(ulong value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Load(ref ulong source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> MultiplyLow(Vector256<ulong> x, Vector256<ulong> y) =>
            Avx2.IsSupported ? Avx2.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Add(Vector256<ulong> x, Vector256<ulong> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> ShiftRight32(Vector256<ulong> x) => Vector256.ShiftRightLogical(x, 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<ulong> value, ref ulong destination) => value.StoreUnsafe(ref destination);
    }

    private readonly struct Lanes128 : ILanes<Vector128<ulong>>
    {
        public static int Count => Vector128<ulong>.Count;

        public static Vector128<ulong> Zero => Vector128<ulong>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> Broadcast(ulong value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> Load(ref ulong source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> MultiplyLow(Vector128<ulong> x, Vector128<ulong> y) =>
            Sse2.IsSupported ? Sse2.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> Add(Vector128<ulong> x, Vector128<ulong> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> ShiftRight32(Vector128<ulong> x) => Vector128.ShiftRightLogical(x, 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<ulong> value, ref ulong destination) => value.StoreUnsafe(ref destination);
    }
}
