using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepChain.Crypto.Arithmetic;

/// <content>
/// Lane-parallel batch exponentiation: many bases raised to one common exponent, one base per 64-bit vector lane.
/// Every lane runs the same Montgomery exponentiation (the exponent's window schedule is shared), so the control flow
/// is uniform and no horizontal operation is ever needed. Operands are held in radix 2²⁸ digits, one per lane, and
/// each column of a·b and of q·m is summed in a 64-bit lane without any carry (at most n products below 2⁵⁶ each),
/// then normalised once per column (product scanning, Koç–Acar–Kaliski 1996); the products are 32×32→64
/// (<c>vpmuludq</c>), as in the AVX2 / AVX-512 batch RSA kernels of Gueron and Krasnov.
/// </content>
public sealed partial class MontgomeryContext
{
    /// <summary>
    /// The digit size of the lane kernel: the a·b and q·m parts of a column, each at most n + 4 products below 2⁵⁶,
    /// stay below 2⁶⁴ for n ≤ 248 digits when the a·b part is split into digit and carry before q·m is added.
    /// </summary>
    internal const int LaneDigitBits = 28;

    private const ulong LaneDigitMask = (1UL << LaneDigitBits) - 1;

    /// <summary>The batch window: 5 bits (32 table entries) for the 4 k-bit exponents of threshold Paillier.</summary>
    private const int LaneWindow = 5;

    /// <summary>The largest modulus the lane kernel takes, in bits (so that a column's n + 4 products below 2⁵⁶ fit in a lane).</summary>
    internal const int LaneKernelMaximumBits = (LaneDigitBits * 248) - 2;

    /// <summary>The best lane width for <see cref="PowSecretBatch"/> on this process: 8, 4, or 0 (no lane kernel).</summary>
    internal static int BestLaneCount { get; } =
        Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : 0;

    /// <summary>
    /// Computes vᵉ mod m for every base v of <paramref name="values"/> and one secret exponent e, in a sequence of
    /// operations and memory accesses that depends only on <paramref name="exponentBits"/> and the number of bases.
    /// </summary>
    /// <param name="values">The bases, any non-negative integers (public: their values may affect timing).</param>
    /// <param name="exponent">The secret exponent, 0 ≤ e &lt; 2^<paramref name="exponentBits"/>.</param>
    /// <param name="exponentBits">The public bound on the exponent's length in bits.</param>
    /// <param name="destination">Receives vᵉ mod m for each base, in order; as long as <paramref name="values"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A base or the exponent is negative, or the exponent is longer than
    /// <paramref name="exponentBits"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="values"/>.</exception>
    /// <remarks>
    /// <para>With SIMD (Vector512 or Vector256 accelerated) and a modulus up to 6910 bits, the bases are processed
    /// 8 or 4 at a time, one per lane, by a fixed-window (5-bit) exponentiation in radix-2²⁸ Montgomery arithmetic
    /// with R = 2^(28n) &gt; 4m; values stay below 2m between steps (almost-Montgomery form, no final subtraction).
    /// Otherwise every base goes through <see cref="PowSecret"/>.</para>
    /// <para>What is constant-time: the number and order of squarings and multiplications is fixed by
    /// <paramref name="exponentBits"/>; the window's table entry is read by scanning every entry with masks
    /// (<c>ConstantTime.Select</c>), so the memory access pattern does not depend on the exponent; the arithmetic has
    /// no branch on any value. What is not: the conversions of the bases in and out of Montgomery form use
    /// <see cref="BigInteger"/> division, whose time depends on the (public) bases and results.</para>
    /// </remarks>
    public void PowSecretBatch(ReadOnlySpan<BigInteger> values, BigInteger exponent, int exponentBits, Span<BigInteger> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exponentBits);
        if (exponent.Sign < 0 || exponent.GetBitLength() > exponentBits)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), "The exponent must be non-negative and fit in the declared number of bits.");
        }

        if (destination.Length < values.Length)
        {
            throw new ArgumentException("The destination is shorter than the bases.", nameof(destination));
        }

        foreach (BigInteger value in values)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value.Sign, nameof(values));
        }

        PowSecretBatchCore(values, exponent, exponentBits, destination, BestLaneCount);
    }

    /// <summary>As <see cref="PowSecretBatch"/> with a chosen lane count (8, 4 or 0 for the per-base path); trusts its arguments.</summary>
    internal void PowSecretBatchCore(ReadOnlySpan<BigInteger> values, BigInteger exponent, int exponentBits, Span<BigInteger> destination, int lanes)
    {
        if (lanes == 0 || Modulus.GetBitLength() > LaneKernelMaximumBits)
        {
            for (int j = 0; j < values.Length; j++)
            {
                destination[j] = FromMontgomeryPow(values[j], exponent, exponentBits);
            }

            return;
        }

        for (int start = 0; start < values.Length; start += lanes)
        {
            int count = Math.Min(lanes, values.Length - start);
            if (lanes == 8)
            {
                PowLanes<Lanes512, Vector512<ulong>>(values.Slice(start, count), exponent, exponentBits, destination.Slice(start, count));
            }
            else
            {
                PowLanes<Lanes256, Vector256<ulong>>(values.Slice(start, count), exponent, exponentBits, destination.Slice(start, count));
            }
        }
    }

    private BigInteger FromMontgomeryPow(BigInteger value, BigInteger exponent, int exponentBits)
    {
        var result = new ulong[LimbCount];
        PowCore(ToMontgomery(value), exponent, exponentBits, secret: true, result);
        return FromMontgomery(result);
    }

    /// <summary>The number of radix-2²⁸ digits n of the lane kernel: the smallest with 2^(28n) &gt; 4m.</summary>
    private int LaneDigitCount => (int)((Modulus.GetBitLength() + 2 + LaneDigitBits - 1) / LaneDigitBits);

    /// <summary>Raises up to <c>TLanes.Count</c> bases (one per lane; missing lanes get 1) to the exponent.</summary>
    [SkipLocalsInit]
    private unsafe void PowLanes<TLanes, TVector>(ReadOnlySpan<BigInteger> values, BigInteger exponent, int exponentBits, Span<BigInteger> destination)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int lanes = TLanes.Count;
        int n = LaneDigitCount;
        int width = n * lanes;
        int entries = 1 << LaneWindow;
        int shift = LaneDigitBits * n;

        // m broadcast to every lane with LanePadding zero rows on both sides; then the accumulator, the selected entry,
        // the base and the multiplier's scratch. Pooled (the table is about 150 KiB for a 4096-bit modulus and 4 lanes)
        // and cleared before it goes back.
        int paddedWidth = (n + (2 * LanePadding)) * lanes;
        ulong[] table = ArrayPool<ulong>.Shared.Rent(entries * width);
        ulong[] work = ArrayPool<ulong>.Shared.Rent(paddedWidth + (3 * width) + LaneScratchLength(n, lanes));
        Array.Clear(work);
        fixed (ulong* pt = table, pw = work)
        {
            ulong* m = pw + (LanePadding * lanes);
            ulong* accumulator = pw + paddedWidth;
            ulong* selected = accumulator + width;
            ulong* baseDigits = selected + width;
            ulong* scratch = baseDigits + width;
            for (int l = 0; l < lanes; l++)
            {
                WriteDigits(Modulus, m + l, n, lanes);
            }

            ulong mPrime = LaneMPrime(m[0]);

            BigInteger oneMontgomery = (BigInteger.One << shift) % Modulus;
            for (int l = 0; l < lanes; l++)
            {
                WriteDigits(oneMontgomery, pt + l, n, lanes);
                BigInteger value = l < values.Length ? values[l] : BigInteger.One;
                WriteDigits((value << shift) % Modulus, baseDigits + l, n, lanes);
            }

            new ReadOnlySpan<ulong>(baseDigits, width).CopyTo(new Span<ulong>(pt + width, width));
            for (int k = 2; k < entries; k++)
            {
                MultiplyLanes<TLanes, TVector>(pt + ((k - 1) * width), baseDigits, m, mPrime, scratch, pt + (k * width), n, square: false);
            }

            int windows = (exponentBits + LaneWindow - 1) / LaneWindow;
            int exponentLimbCount = Limbs.CountForBits((long)windows * LaneWindow) + 1;
            ulong[] exponentLimbs = new ulong[exponentLimbCount];
            Limbs.Write(exponent, exponentLimbs);
            var selectedSpan = new Span<ulong>(selected, width);
            ReadOnlySpan<ulong> tableSpan = table.AsSpan(0, entries * width);
            ConstantTime.Select(tableSpan, entries, ExtractBits(exponentLimbs, (windows - 1) * LaneWindow, LaneWindow), new Span<ulong>(accumulator, width));
            for (int w = windows - 2; w >= 0; w--)
            {
                for (int k = 0; k < LaneWindow; k++)
                {
                    MultiplyLanes<TLanes, TVector>(accumulator, accumulator, m, mPrime, scratch, accumulator, n, square: true);
                }

                ConstantTime.Select(tableSpan, entries, ExtractBits(exponentLimbs, w * LaneWindow, LaneWindow), selectedSpan);
                MultiplyLanes<TLanes, TVector>(accumulator, selected, m, mPrime, scratch, accumulator, n, square: false);
            }

            // Leave Montgomery form: multiply by the plain 1; the result is at most m.
            selectedSpan.Clear();
            for (int l = 0; l < lanes; l++)
            {
                selected[l] = 1;
            }

            MultiplyLanes<TLanes, TVector>(accumulator, selected, m, mPrime, scratch, accumulator, n, square: false);
            for (int l = 0; l < values.Length; l++)
            {
                BigInteger result = ReadDigits(accumulator + l, n, lanes);
                destination[l] = result >= Modulus ? result - Modulus : result;
            }

            Array.Clear(exponentLimbs);
        }

        Array.Clear(table);
        Array.Clear(work);
        ArrayPool<ulong>.Shared.Return(table);
        ArrayPool<ulong>.Shared.Return(work);
    }

    /// <summary>−m⁻¹ mod 2²⁸ by Newton iteration.</summary>
    private static ulong LaneMPrime(ulong m0)
    {
        ulong inverse = 1;
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - (m0 * inverse);
        }

        return (0 - inverse) & LaneDigitMask;
    }

    /// <summary>Zero digit rows before and after the padded operands of <see cref="MultiplyLanes"/> (a block spans 4 columns).</summary>
    private const int LanePadding = 4;

    /// <summary>The columns of a·b + q·m summed together in registers by <see cref="MultiplyLanes"/>.</summary>
    private const int LaneBlock = 4;

    /// <summary>The scratch length of <see cref="MultiplyLanes"/>: padded a and b, q, and the output columns.</summary>
    private static int LaneScratchLength(int n, int lanes) => ((2 * (n + (2 * LanePadding))) + n + n + LaneBlock) * lanes;

    /// <summary>Writes the n radix-2²⁸ digits of a non-negative value below 2^(28n) at digits[k·stride].</summary>
    private static unsafe void WriteDigits(BigInteger value, ulong* digits, int n, int stride)
    {
        ulong[] limbs = new ulong[Limbs.CountForBits((long)n * LaneDigitBits) + 1];
        Limbs.Write(value, limbs);
        for (int k = 0; k < n; k++)
        {
            digits[k * stride] = (ulong)ExtractBits(limbs, k * LaneDigitBits, LaneDigitBits);
        }
    }

    /// <summary>Reads n normalised radix-2²⁸ digits at digits[k·stride].</summary>
    private static unsafe BigInteger ReadDigits(ulong* digits, int n, int stride)
    {
        ulong[] limbs = new ulong[Limbs.CountForBits((long)n * LaneDigitBits) + 1];
        for (int k = 0; k < n; k++)
        {
            int bit = k * LaneDigitBits;
            ulong digit = digits[k * stride];
            limbs[bit >> 6] |= digit << (bit & 63);
            if ((bit & 63) + LaneDigitBits > 64)
            {
                limbs[(bit >> 6) + 1] |= digit >> (64 - (bit & 63));
            }
        }

        return Limbs.Read(limbs);
    }

    /// <summary>
    /// Lane-wise almost-Montgomery product: destination = a·b·2^(−28n) mod m, below 2m for inputs below 2m, in
    /// normalised digits; a, b and destination are lane-interleaved (digit k of lane l at [k·L + l]) and may alias.
    /// </summary>
    /// <remarks>
    /// <para>The columns of a·b + q·m are summed four at a time, each in its own register of lanes with no carry: a
    /// term i loads aᵢ once and multiplies it by the four digits b_{k₀−i} … b_{k₀+3−i}, three of which were loaded for
    /// term i − 1 (half a load per product). The q digits of the block (each clears its column's low 28 bits and
    /// depends on the columns below) are then found one column at a time, adding their products with m₁ … m₃ to the
    /// later columns of the block; each column's carry (its sum shifted right 28 bits) goes to the next. The a·b sums
    /// are split into digit and carry before the q·m sums are added, so that neither part overflows 64 bits.</para>
    /// <para><paramref name="m"/> is m broadcast to all lanes with <see cref="LanePadding"/> zero rows on both sides;
    /// the operands are copied into padded scratch so a block's out-of-range digits read as zeros.</para>
    /// </remarks>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyLanes<TLanes, TVector>(ulong* a, ulong* b, ulong* m, ulong mPrime, ulong* scratch, ulong* destination, int n, bool square)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int lanes = TLanes.Count;
        int width = n * lanes;
        int padded = (n + (2 * LanePadding)) * lanes;
        ulong* ap = scratch + (LanePadding * lanes);
        ulong* bp = ap + padded;
        ulong* q = bp + padded - (LanePadding * lanes);
        ulong* t = q + width;
        CopyPadded(a, ap, width, lanes);
        if (square)
        {
            bp = ap;
        }
        else
        {
            CopyPadded(b, bp, width, lanes);
        }

        TVector mask = TLanes.Broadcast(LaneDigitMask);
        TVector prime = TLanes.Broadcast(mPrime);
        TVector carry = TLanes.Zero;
        for (int k0 = 0; k0 < 2 * n; k0 += LaneBlock)
        {
            int first = Math.Max(0, k0 - n + 1);
            int lastProduct = Math.Min(n - 1, k0 + LaneBlock - 1);
            TVector c0 = TLanes.Zero, c1 = TLanes.Zero, c2 = TLanes.Zero, c3 = TLanes.Zero;
            if (square)
            {
                // Pairs i < k − i once, then doubled: below i = k₀/2 they are below the diagonal in all four columns;
                // the few pairs from i = k₀/2 on are added by hand, then the diagonal squares.
                int u = k0 >> 1;
                AccumulateBlock<TLanes, TVector>(ap, ap, k0, first, u - 1, ref c0, ref c1, ref c2, ref c3);
                TVector a0 = TLanes.Load(ap + (u * lanes)), a1 = TLanes.Load(ap + ((u + 1) * lanes));
                TVector a2 = TLanes.Load(ap + ((u + 2) * lanes)), a3 = TLanes.Load(ap + ((u + 3) * lanes));
                c1 = TLanes.Add(c1, TLanes.MultiplyLow(a0, a1));
                c2 = TLanes.Add(c2, TLanes.MultiplyLow(a0, a2));
                c3 = TLanes.Add(c3, TLanes.Add(TLanes.MultiplyLow(a0, a3), TLanes.MultiplyLow(a1, a2)));
                c0 = TLanes.Add(TLanes.Add(c0, c0), TLanes.MultiplyLow(a0, a0));
                c1 = TLanes.Add(c1, c1);
                c2 = TLanes.Add(TLanes.Add(c2, c2), TLanes.MultiplyLow(a1, a1));
                c3 = TLanes.Add(c3, c3);
            }
            else
            {
                AccumulateBlock<TLanes, TVector>(ap, bp, k0, first, lastProduct, ref c0, ref c1, ref c2, ref c3);
            }

            // Leave each a·b column sum as a digit plus a carry into the next column, so that adding the q·m sum
            // cannot overflow; the top column's carry joins the block's carry out.
            c1 = TLanes.Add(c1, TLanes.ShiftRight(c0, LaneDigitBits));
            c0 = TLanes.And(c0, mask);
            c2 = TLanes.Add(c2, TLanes.ShiftRight(c1, LaneDigitBits));
            c1 = TLanes.And(c1, mask);
            c3 = TLanes.Add(c3, TLanes.ShiftRight(c2, LaneDigitBits));
            c2 = TLanes.And(c2, mask);
            TVector topCarry = TLanes.ShiftRight(c3, LaneDigitBits);
            c3 = TLanes.And(c3, mask);
            AccumulateBlock<TLanes, TVector>(q, m, k0, first, Math.Min(n, k0) - 1, ref c0, ref c1, ref c2, ref c3);

            c0 = TLanes.Add(c0, carry);
            if (k0 < n)
            {
                // Resolve the block's q digits column by column (the in-block triangle of q·m).
                TVector m1 = TLanes.Load(m + lanes), m2 = TLanes.Load(m + (2 * lanes)), m3 = TLanes.Load(m + (3 * lanes));
                TVector q0 = ResolveColumn<TLanes, TVector>(ref c0, k0, n, mask, prime, m, q + (k0 * lanes), t + ((k0 - n) * lanes));
                c1 = TLanes.Add(TLanes.Add(c1, TLanes.MultiplyLow(q0, m1)), TLanes.ShiftRight(c0, LaneDigitBits));
                c2 = TLanes.Add(c2, TLanes.MultiplyLow(q0, m2));
                c3 = TLanes.Add(c3, TLanes.MultiplyLow(q0, m3));
                TVector q1 = ResolveColumn<TLanes, TVector>(ref c1, k0 + 1, n, mask, prime, m, q + ((k0 + 1) * lanes), t + ((k0 + 1 - n) * lanes));
                c2 = TLanes.Add(TLanes.Add(c2, TLanes.MultiplyLow(q1, m1)), TLanes.ShiftRight(c1, LaneDigitBits));
                c3 = TLanes.Add(c3, TLanes.MultiplyLow(q1, m2));
                TVector q2 = ResolveColumn<TLanes, TVector>(ref c2, k0 + 2, n, mask, prime, m, q + ((k0 + 2) * lanes), t + ((k0 + 2 - n) * lanes));
                c3 = TLanes.Add(TLanes.Add(c3, TLanes.MultiplyLow(q2, m1)), TLanes.ShiftRight(c2, LaneDigitBits));
                ResolveColumn<TLanes, TVector>(ref c3, k0 + 3, n, mask, prime, m, q + ((k0 + 3) * lanes), t + ((k0 + 3 - n) * lanes));
                carry = TLanes.Add(TLanes.ShiftRight(c3, LaneDigitBits), topCarry);
            }
            else
            {
                ulong* column = t + ((k0 - n) * lanes);
                TLanes.Store(TLanes.And(c0, mask), column);
                c1 = TLanes.Add(c1, TLanes.ShiftRight(c0, LaneDigitBits));
                TLanes.Store(TLanes.And(c1, mask), column + lanes);
                c2 = TLanes.Add(c2, TLanes.ShiftRight(c1, LaneDigitBits));
                TLanes.Store(TLanes.And(c2, mask), column + (2 * lanes));
                c3 = TLanes.Add(c3, TLanes.ShiftRight(c2, LaneDigitBits));
                TLanes.Store(TLanes.And(c3, mask), column + (3 * lanes));
                carry = TLanes.Add(TLanes.ShiftRight(c3, LaneDigitBits), topCarry);
            }
        }

        new ReadOnlySpan<ulong>(t, width).CopyTo(new Span<ulong>(destination, width));
    }

    /// <summary>
    /// Column k of a block, its carry from below already added: below n, picks q_k to clear the low 28 bits, stores it
    /// and adds q_k·m₀ (returns q_k); from n on, stores the column's digit (returns zero). The caller carries c ≫ 28.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector ResolveColumn<TLanes, TVector>(ref TVector column, int k, int n, TVector mask, TVector prime, ulong* m, ulong* q, ulong* t)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        if (k < n)
        {
            TVector qk = TLanes.And(TLanes.MultiplyLow(TLanes.And(column, mask), prime), mask);
            TLanes.Store(qk, q);
            column = TLanes.Add(column, TLanes.MultiplyLow(qk, TLanes.Load(m)));
            return qk;
        }

        TLanes.Store(TLanes.And(column, mask), t);
        return TLanes.Zero;
    }

    /// <summary>Copies width lane-interleaved digits and zeroes <see cref="LanePadding"/> rows on both sides.</summary>
    private static unsafe void CopyPadded(ulong* source, ulong* destination, int width, int lanes)
    {
        new Span<ulong>(destination - (LanePadding * lanes), LanePadding * lanes).Clear();
        new Span<ulong>(destination + width, LanePadding * lanes).Clear();
        new ReadOnlySpan<ulong>(source, width).CopyTo(new Span<ulong>(destination, width));
    }

    /// <summary>
    /// c_j += Σ_{i=first…last} x_i·y_{k₀+j−i} for j = 0 … 3, lane-wise (x and y lane-interleaved; y's digits outside
    /// its range must read as zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AccumulateBlock<TLanes, TVector>(ulong* x, ulong* y, int k0, int first, int last, ref TVector c0, ref TVector c1, ref TVector c2, ref TVector c3)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        if (last < first)
        {
            return;
        }

        int lanes = TLanes.Count;
        ulong* xi = x + (first * lanes);
        ulong* yi = y + ((k0 - first) * lanes);
        TVector y1 = TLanes.Load(yi + lanes), y2 = TLanes.Load(yi + (2 * lanes)), y3 = TLanes.Load(yi + (3 * lanes));
        int count = last - first + 1;
        for (; count >= 2; count -= 2)
        {
            TVector x0 = TLanes.Load(xi);
            TVector y0 = TLanes.Load(yi);
            c0 = TLanes.Add(c0, TLanes.MultiplyLow(x0, y0));
            c1 = TLanes.Add(c1, TLanes.MultiplyLow(x0, y1));
            c2 = TLanes.Add(c2, TLanes.MultiplyLow(x0, y2));
            c3 = TLanes.Add(c3, TLanes.MultiplyLow(x0, y3));
            TVector x1 = TLanes.Load(xi + lanes);
            TVector yn = TLanes.Load(yi - lanes);
            c0 = TLanes.Add(c0, TLanes.MultiplyLow(x1, yn));
            c1 = TLanes.Add(c1, TLanes.MultiplyLow(x1, y0));
            c2 = TLanes.Add(c2, TLanes.MultiplyLow(x1, y1));
            c3 = TLanes.Add(c3, TLanes.MultiplyLow(x1, y2));
            y3 = y1;
            y2 = y0;
            y1 = yn;
            xi += 2 * lanes;
            yi -= 2 * lanes;
        }

        if (count > 0)
        {
            TVector x0 = TLanes.Load(xi);
            TVector y0 = TLanes.Load(yi);
            c0 = TLanes.Add(c0, TLanes.MultiplyLow(x0, y0));
            c1 = TLanes.Add(c1, TLanes.MultiplyLow(x0, y1));
            c2 = TLanes.Add(c2, TLanes.MultiplyLow(x0, y2));
            c3 = TLanes.Add(c3, TLanes.MultiplyLow(x0, y3));
        }
    }
}
