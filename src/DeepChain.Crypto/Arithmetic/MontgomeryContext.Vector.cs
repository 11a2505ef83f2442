using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepChain.Crypto.Arithmetic;

/// <content>
/// The SIMD Montgomery kernel: the operands are split into d = 2s digits of 32 bits, each held in a 64-bit lane, and
/// every output column is a dot product of a with b reversed (and of q with m reversed), accumulated as separate sums
/// of the low and high 32-bit halves of each 64-bit product so that no carry is propagated inside the vector loop
/// (finely integrated product scanning, Koç–Acar–Kaliski 1996). Carries are resolved once per column.
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

    [SkipLocalsInit]
    private void MultiplyVector(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        int d = 2 * LimbCount;
        Span<ulong> aw = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> br = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> qw = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> t = LimbCount + 1 <= StackLimbLimit ? stackalloc ulong[LimbCount + 1] : new ulong[LimbCount + 1];
        Widen(a, aw);
        WidenReversed(b, br);
        ReduceColumns(aw, br, qw, t, squaring: false);
        FinalSubtract(t, destination);
    }

    [SkipLocalsInit]
    private void SquareVector(ReadOnlySpan<ulong> a, Span<ulong> destination)
    {
        int d = 2 * LimbCount;
        Span<ulong> aw = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> ar = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> qw = d <= 2 * StackLimbLimit ? stackalloc ulong[d] : new ulong[d];
        Span<ulong> t = LimbCount + 1 <= StackLimbLimit ? stackalloc ulong[LimbCount + 1] : new ulong[LimbCount + 1];
        Widen(a, aw);
        WidenReversed(a, ar);
        ReduceColumns(aw, ar, qw, t, squaring: true);
        FinalSubtract(t, destination);
    }

    /// <summary>
    /// Column k of a·b + q·m: Σ aᵢ·b_{k−i} + Σ qᵢ·m_{k−i}; for k &lt; d, qₖ is chosen to clear the column's low digit;
    /// for k ≥ d the column's low digit is output digit k − d. Writes d + 1 digits (s + 1 limbs) to <paramref name="t"/>.
    /// </summary>
    private void ReduceColumns(ReadOnlySpan<ulong> aw, ReadOnlySpan<ulong> br, Span<ulong> qw, Span<ulong> t, bool squaring)
    {
        int d = aw.Length;
        ReadOnlySpan<ulong> mr = _modulusDigitsReversed;
        Span<uint> output = MemoryMarshal.Cast<ulong, uint>(t);
        ulong mPrime = _mPrime & LowMask;
        ulong m0 = mr[d - 1];
        UInt128 carry = UInt128.Zero;
        MontgomeryKernel kernel = Kernel;
        for (int k = 0; k < d; k++)
        {
            // Terms i = 0..k of a·b (b_{k−i} = br[d − 1 − k + i]) and i = 0..k−1 of q·m; the last a·b term is added apart
            // so that both dot products run over the same k indices in one loop.
            int offset = d - 1 - k;
            UInt128 column = carry + (aw[k] * br[d - 1]);
            if (squaring)
            {
                int half = (k + 1) / 2;
                var (square, reduction) = DotPair(aw, br[offset..], half, qw, mr[offset..], k, kernel);
                column = carry + (Combine(square) * 2) + Combine(reduction);
                if ((k & 1) == 0)
                {
                    column += aw[k / 2] * aw[k / 2];
                }
            }
            else
            {
                var (product, reduction) = DotPair(aw, br[offset..], k, qw, mr[offset..], k, kernel);
                column += Combine(product) + Combine(reduction);
            }

            ulong q = ((ulong)column * mPrime) & LowMask;
            qw[k] = q;
            column += q * m0;
            carry = column >> 32;
        }

        for (int k = d; k < (2 * d) - 1; k++)
        {
            int start = k - d + 1;
            int length = (2 * d) - 1 - k;
            UInt128 column;
            if (squaring)
            {
                int half = length / 2;
                var (square, reduction) = DotPair(aw[start..], br, half, qw[start..], mr, length, kernel);
                column = carry + (Combine(square) * 2) + Combine(reduction);
                if ((length & 1) != 0)
                {
                    column += aw[start + half] * aw[start + half];
                }
            }
            else
            {
                var (product, reduction) = DotPair(aw[start..], br, length, qw[start..], mr, length, kernel);
                column = carry + Combine(product) + Combine(reduction);
            }

            output[k - d] = (uint)column;
            carry = column >> 32;
        }

        output[d - 1] = (uint)carry;
        output[d] = (uint)(carry >> 32);
        output[d + 1] = 0;
    }

    /// <summary>
    /// The exact sum S = Σ pᵢ of 64-bit products from W = Σ pᵢ mod 2⁶⁴ and H = Σ ⌊pᵢ/2³²⌋: S = L + 2³²·H where
    /// L = Σ (pᵢ mod 2³²) &lt; 2⁶⁴ (at most 2³¹ terms), and L = W − 2³²·H mod 2⁶⁴. Accumulating W instead of L saves
    /// a mask per product in the vector loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 Combine((ulong Wrapped, ulong High) sums) => (sums.Wrapped - (sums.High << 32)) + ((UInt128)sums.High << 32);

    /// <summary>
    /// Two dot products over 32-bit digits held in 64-bit lanes, Σ_{i&lt;n} xᵢ·yᵢ and Σ_{i&lt;m} uᵢ·vᵢ with n ≤ m, run in one
    /// loop; each is returned as their wrapped sum and the exact sum of their high 32-bit halves (see <see cref="Combine"/>), so no carry is needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ((ulong Low, ulong High) First, (ulong Low, ulong High) Second) DotPair(
        ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, int n, ReadOnlySpan<ulong> u, ReadOnlySpan<ulong> v, int m, MontgomeryKernel kernel)
    {
        ref ulong px = ref MemoryMarshal.GetReference(x);
        ref ulong py = ref MemoryMarshal.GetReference(y);
        ref ulong pu = ref MemoryMarshal.GetReference(u);
        ref ulong pv = ref MemoryMarshal.GetReference(v);
        ulong lowXY = 0, highXY = 0, lowUV = 0, highUV = 0;
        int i = 0;
        int xyDone = 0;
        if (kernel == MontgomeryKernel.Vector512 && m >= Vector512<ulong>.Count)
        {
            Vector512<ulong> aLow = Vector512<ulong>.Zero, aHigh = Vector512<ulong>.Zero;
            Vector512<ulong> bLow = Vector512<ulong>.Zero, bHigh = Vector512<ulong>.Zero;
            for (; i <= n - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                Vector512<ulong> p = MultiplyLanes(Vector512.LoadUnsafe(ref px, (nuint)i), Vector512.LoadUnsafe(ref py, (nuint)i));
                Vector512<ulong> r = MultiplyLanes(Vector512.LoadUnsafe(ref pu, (nuint)i), Vector512.LoadUnsafe(ref pv, (nuint)i));
                aLow += p;
                aHigh += Vector512.ShiftRightLogical(p, 32);
                bLow += r;
                bHigh += Vector512.ShiftRightLogical(r, 32);
            }

            xyDone = i;
            for (; i <= m - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                Vector512<ulong> r = MultiplyLanes(Vector512.LoadUnsafe(ref pu, (nuint)i), Vector512.LoadUnsafe(ref pv, (nuint)i));
                bLow += r;
                bHigh += Vector512.ShiftRightLogical(r, 32);
            }

            lowXY = Vector512.Sum(aLow);
            highXY = Vector512.Sum(aHigh);
            lowUV = Vector512.Sum(bLow);
            highUV = Vector512.Sum(bHigh);
        }
        else if (kernel >= MontgomeryKernel.Vector256 && m >= Vector256<ulong>.Count)
        {
            Vector256<ulong> aLow = Vector256<ulong>.Zero, aHigh = Vector256<ulong>.Zero;
            Vector256<ulong> bLow = Vector256<ulong>.Zero, bHigh = Vector256<ulong>.Zero;
            for (; i <= n - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                Vector256<ulong> p = MultiplyLanes(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i));
                Vector256<ulong> r = MultiplyLanes(Vector256.LoadUnsafe(ref pu, (nuint)i), Vector256.LoadUnsafe(ref pv, (nuint)i));
                aLow += p;
                aHigh += Vector256.ShiftRightLogical(p, 32);
                bLow += r;
                bHigh += Vector256.ShiftRightLogical(r, 32);
            }

            xyDone = i;
            for (; i <= m - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                Vector256<ulong> r = MultiplyLanes(Vector256.LoadUnsafe(ref pu, (nuint)i), Vector256.LoadUnsafe(ref pv, (nuint)i));
                bLow += r;
                bHigh += Vector256.ShiftRightLogical(r, 32);
            }

            lowXY = Vector256.Sum(aLow);
            highXY = Vector256.Sum(aHigh);
            lowUV = Vector256.Sum(bLow);
            highUV = Vector256.Sum(bHigh);
        }
        else if (kernel >= MontgomeryKernel.Vector128 && m >= Vector128<ulong>.Count)
        {
            Vector128<ulong> aLow = Vector128<ulong>.Zero, aHigh = Vector128<ulong>.Zero;
            Vector128<ulong> bLow = Vector128<ulong>.Zero, bHigh = Vector128<ulong>.Zero;
            for (; i <= n - Vector128<ulong>.Count; i += Vector128<ulong>.Count)
            {
                Vector128<ulong> p = MultiplyLanes(Vector128.LoadUnsafe(ref px, (nuint)i), Vector128.LoadUnsafe(ref py, (nuint)i));
                Vector128<ulong> r = MultiplyLanes(Vector128.LoadUnsafe(ref pu, (nuint)i), Vector128.LoadUnsafe(ref pv, (nuint)i));
                aLow += p;
                aHigh += Vector128.ShiftRightLogical(p, 32);
                bLow += r;
                bHigh += Vector128.ShiftRightLogical(r, 32);
            }

            xyDone = i;
            for (; i <= m - Vector128<ulong>.Count; i += Vector128<ulong>.Count)
            {
                Vector128<ulong> r = MultiplyLanes(Vector128.LoadUnsafe(ref pu, (nuint)i), Vector128.LoadUnsafe(ref pv, (nuint)i));
                bLow += r;
                bHigh += Vector128.ShiftRightLogical(r, 32);
            }

            lowXY = Vector128.Sum(aLow);
            highXY = Vector128.Sum(aHigh);
            lowUV = Vector128.Sum(bLow);
            highUV = Vector128.Sum(bHigh);
        }

        // Scalar tails: x·y from where the vectors stopped up to n, u·v up to m.
        for (int j = xyDone; j < n; j++)
        {
            ulong p = Unsafe.Add(ref px, j) * Unsafe.Add(ref py, j);
            lowXY += p;
            highXY += p >> 32;
        }

        for (; i < m; i++)
        {
            ulong r = Unsafe.Add(ref pu, i) * Unsafe.Add(ref pv, i);
            lowUV += r;
            highUV += r >> 32;
        }

        return ((lowXY, highXY), (lowUV, highUV));
    }

    // 32×32→64 multiplies of the low halves of each lane (vpmuludq / pmuludq); the generic 64-bit lane multiply
    // gives the same exact result on other hardware because both factors are below 2³².
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> MultiplyLanes(Vector512<ulong> x, Vector512<ulong> y) =>
        Avx512F.IsSupported ? Avx512F.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MultiplyLanes(Vector256<ulong> x, Vector256<ulong> y) =>
        Avx2.IsSupported ? Avx2.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> MultiplyLanes(Vector128<ulong> x, Vector128<ulong> y) =>
        Sse2.IsSupported ? Sse2.Multiply(x.AsUInt32(), y.AsUInt32()) : x * y;

    private static void Widen(ReadOnlySpan<ulong> limbs, Span<ulong> digits)
    {
        for (int j = 0; j < limbs.Length; j++)
        {
            digits[2 * j] = limbs[j] & LowMask;
            digits[(2 * j) + 1] = limbs[j] >> 32;
        }
    }

    private static void WidenReversed(ReadOnlySpan<ulong> limbs, Span<ulong> digits)
    {
        int last = digits.Length - 1;
        for (int j = 0; j < limbs.Length; j++)
        {
            digits[last - (2 * j)] = limbs[j] & LowMask;
            digits[last - (2 * j) - 1] = limbs[j] >> 32;
        }
    }
}
