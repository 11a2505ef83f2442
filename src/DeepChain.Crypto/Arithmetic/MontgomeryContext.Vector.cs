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

    /// <summary>Zero lanes after every digit array, so that dot products can be rounded up to whole vectors.</summary>
    private const int DigitPadding = 8;

    /// <remarks>
    /// Squares use this too: halving the a·a products (the symmetric half, doubled) measured slower than the plain
    /// product here, because the doubled half-sums cannot be rounded up to whole vectors and the reduction is
    /// unchanged (AVX2, 2048- and 4096-bit moduli).
    /// </remarks>
    [SkipLocalsInit]
    private void MultiplyVector(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        int d = 2 * LimbCount;
        int padded = d + DigitPadding;
        Span<ulong> aw = d <= 2 * StackLimbLimit ? stackalloc ulong[padded] : new ulong[padded];
        Span<ulong> br = d <= 2 * StackLimbLimit ? stackalloc ulong[padded] : new ulong[padded];
        Span<ulong> qw = d <= 2 * StackLimbLimit ? stackalloc ulong[padded] : new ulong[padded];
        Span<ulong> t = LimbCount + 1 <= StackLimbLimit ? stackalloc ulong[LimbCount + 1] : new ulong[LimbCount + 1];
        Widen(a, aw[..d]);
        WidenReversed(b, br[..d]);
        aw[d..].Clear();
        br[d..].Clear();
        qw.Clear();
        ReduceColumns(aw, br, qw, t, d);
        FinalSubtract(t, destination);
    }

    /// <summary>
    /// Column k of a·b + q·m: Σ aᵢ·b_{k−i} + Σ qᵢ·m_{k−i}; for k &lt; d, qₖ is chosen to clear the column's low digit;
    /// for k ≥ d the column's low digit is output digit k − d. Writes d + 1 digits (s + 1 limbs) to <paramref name="t"/>.
    /// </summary>
    /// <remarks>
    /// The digit arrays carry <see cref="DigitPadding"/> zero lanes (and q's digits are zero until computed), so every
    /// dot product's extra terms meet a zero factor and it can be rounded up to whole vectors with no scalar tail.
    /// </remarks>
    private void ReduceColumns(Span<ulong> aw, Span<ulong> br, Span<ulong> qw, Span<ulong> t, int d)
    {
        ref ulong a = ref MemoryMarshal.GetReference(aw);
        ref ulong b = ref MemoryMarshal.GetReference(br);
        ref ulong q = ref MemoryMarshal.GetReference(qw);
        ref ulong mr = ref MemoryMarshal.GetArrayDataReference(_modulusDigitsReversed);
        Span<uint> output = MemoryMarshal.Cast<ulong, uint>(t);
        ulong mPrime = _mPrime & LowMask;
        ulong m0 = Unsafe.Add(ref mr, d - 1);
        UInt128 carry = UInt128.Zero;
        MontgomeryKernel kernel = Kernel;
        int lanes = kernel == MontgomeryKernel.Vector512 ? 8 : kernel == MontgomeryKernel.Vector256 ? 4 : 2;
        for (int k = 0; k < d; k++)
        {
            // Terms i = 0..k of a·b (b_{k−i} = br[d − 1 − k + i]) and i = 0..k−1 of q·m (qₖ is still zero).
            int offset = d - 1 - k;
            ref ulong bk = ref Unsafe.Add(ref b, offset);
            ref ulong mk = ref Unsafe.Add(ref mr, offset);
            int rounded = RoundUp(k + 1, lanes);
            UInt128 column = carry + Combine(ColumnSum(ref a, ref bk, ref q, ref mk, rounded, kernel));

            ulong qk = ((ulong)column * mPrime) & LowMask;
            Unsafe.Add(ref q, k) = qk;
            column += qk * m0;
            carry = column >> 32;
        }

        for (int k = d; k < (2 * d) - 1; k++)
        {
            int start = k - d + 1;
            int length = (2 * d) - 1 - k;
            ref ulong ak = ref Unsafe.Add(ref a, start);
            ref ulong qk = ref Unsafe.Add(ref q, start);
            UInt128 column = carry + Combine(ColumnSum(ref ak, ref b, ref qk, ref mr, RoundUp(length, lanes), kernel));

            output[k - d] = (uint)column;
            carry = column >> 32;
        }

        output[d - 1] = (uint)carry;
        output[d] = (uint)(carry >> 32);
        output[d + 1] = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int length, int lanes) => (length + lanes - 1) & -lanes;

    /// <summary>
    /// The exact sum S = Σ pᵢ of 64-bit products from W = Σ pᵢ mod 2⁶⁴ and H = Σ ⌊pᵢ/2³²⌋: S = L + 2³²·H where
    /// L = Σ (pᵢ mod 2³²) &lt; 2⁶⁴ (at most 2³¹ terms), and L = W − 2³²·H mod 2⁶⁴. Accumulating W instead of L saves
    /// a mask per product in the vector loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 Combine((ulong Wrapped, ulong High) sums) => (sums.Wrapped - (sums.High << 32)) + ((UInt128)sums.High << 32);

    /// <summary>
    /// Σ_{i&lt;length} xᵢ·yᵢ + uᵢ·vᵢ over 32-bit digits in 64-bit lanes (length a multiple of the kernel's lane count),
    /// returned as the wrapped sum of the products and the exact sum of their high halves (see <see cref="Combine"/>),
    /// so that no carry is propagated inside the loop and one horizontal sum serves both dot products.
    /// </summary>
    private static (ulong Wrapped, ulong High) ColumnSum(ref ulong x, ref ulong y, ref ulong u, ref ulong v, int length, MontgomeryKernel kernel)
    {
        ulong sumWrapped = 0, sumHigh = 0;
        int i = 0;
        if (kernel == MontgomeryKernel.Vector512)
        {
            Vector512<ulong> wrapped = Vector512<ulong>.Zero, high = Vector512<ulong>.Zero;
            for (; i <= length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                Vector512<ulong> p = MultiplyLanes(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i));
                Vector512<ulong> r = MultiplyLanes(Vector512.LoadUnsafe(ref u, (nuint)i), Vector512.LoadUnsafe(ref v, (nuint)i));
                wrapped += p + r;
                high += Vector512.ShiftRightLogical(p, 32) + Vector512.ShiftRightLogical(r, 32);
            }

            sumWrapped = Vector512.Sum(wrapped);
            sumHigh = Vector512.Sum(high);
        }
        else if (kernel >= MontgomeryKernel.Vector256)
        {
            Vector256<ulong> wrapped = Vector256<ulong>.Zero, high = Vector256<ulong>.Zero;
            for (; i <= length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                Vector256<ulong> p = MultiplyLanes(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i));
                Vector256<ulong> r = MultiplyLanes(Vector256.LoadUnsafe(ref u, (nuint)i), Vector256.LoadUnsafe(ref v, (nuint)i));
                wrapped += p + r;
                high += Vector256.ShiftRightLogical(p, 32) + Vector256.ShiftRightLogical(r, 32);
            }

            sumWrapped = Vector256.Sum(wrapped);
            sumHigh = Vector256.Sum(high);
        }
        else if (kernel >= MontgomeryKernel.Vector128)
        {
            Vector128<ulong> wrapped = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
            for (; i <= length - Vector128<ulong>.Count; i += Vector128<ulong>.Count)
            {
                Vector128<ulong> p = MultiplyLanes(Vector128.LoadUnsafe(ref x, (nuint)i), Vector128.LoadUnsafe(ref y, (nuint)i));
                Vector128<ulong> r = MultiplyLanes(Vector128.LoadUnsafe(ref u, (nuint)i), Vector128.LoadUnsafe(ref v, (nuint)i));
                wrapped += p + r;
                high += Vector128.ShiftRightLogical(p, 32) + Vector128.ShiftRightLogical(r, 32);
            }

            sumWrapped = Vector128.Sum(wrapped);
            sumHigh = Vector128.Sum(high);
        }

        return (sumWrapped, sumHigh);
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
