using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// One SIMD width of 64-bit lanes as the word-size modular kernels (NTT butterflies, coefficient-wise kernels) see it:
/// the handful of lane operations they are written in, so that every kernel is written once, generic over the width.
/// </summary>
/// <remarks>
/// <para>x86 has no 64×64→128-bit lane multiply below AVX-512 IFMA (52-bit, and not exposed by .NET 10), so products
/// are built from 32×32→64 lane multiplies (<c>vpmuludq</c>, <see cref="MultiplyLow32"/>); see
/// <see cref="ModularLanes"/> for the modular operations on top.</para>
/// <para>Every value the kernels hold is below 2⁶³ (q &lt; 2⁶¹ and at most 4q is ever held), so unsigned comparisons
/// can be done as signed ones, which AVX2 has.</para>
/// <para>Every method works on any hardware: where an instruction set is missing, the portable
/// <see cref="Vector256{T}"/> operators give the same lane results (slowly), so a width can be forced for tests.</para>
/// </remarks>
internal interface IModularLanes<TVector>
    where TVector : struct
{
    /// <summary>Gets the number of 64-bit lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Gets whether <see cref="MultiplyLow"/> is one instruction (AVX-512DQ <c>vpmullq</c>) rather than three 32-bit multiplies.</summary>
    static abstract bool HasFastMultiplyLow { get; }

    static abstract TVector Load(ref ulong source, nuint index);

    static abstract void Store(TVector value, ref ulong destination, nuint index);

    static abstract TVector Broadcast(ulong value);

    static abstract TVector Add(TVector x, TVector y);

    static abstract TVector Subtract(TVector x, TVector y);

    static abstract TVector And(TVector x, TVector y);

    static abstract TVector Or(TVector x, TVector y);

    static abstract TVector ShiftRightLogical(TVector x, int count);

    static abstract TVector ShiftLeft(TVector x, int count);

    /// <summary>(x mod 2³²)·(y mod 2³²), exact, per lane.</summary>
    static abstract TVector MultiplyLow32(TVector x, TVector y);

    /// <summary>x·y mod 2⁶⁴ per lane.</summary>
    static abstract TVector MultiplyLow(TVector x, TVector y);

    /// <summary>x ≥ bound ? x − bound : x per lane, for x and bound below 2⁶³.</summary>
    static abstract TVector SubtractIfAtLeast(TVector x, TVector bound);

    /// <summary>x &lt; y ? addend : 0 per lane, for x and y below 2⁶³.</summary>
    static abstract TVector SelectIfLess(TVector x, TVector y, TVector addend);

    /// <summary>x == 0 ? 0 : value per lane.</summary>
    static abstract TVector ZeroWhereZero(TVector x, TVector value);

    /// <summary>
    /// Splits the 2·<see cref="Count"/> values of <paramref name="v0"/>‖<paramref name="v1"/>, read as blocks of
    /// <paramref name="t"/> (t &lt; <see cref="Count"/>, a power of two), into the even blocks <paramref name="x"/> and
    /// the odd blocks <paramref name="y"/>: the two halves of the butterflies of an NTT stage with half-size t. The
    /// lane order is the width's own; <see cref="Zip"/> undoes it.
    /// </summary>
    static abstract void Unzip(int t, TVector v0, TVector v1, out TVector x, out TVector y);

    static abstract void Zip(int t, TVector x, TVector y, out TVector v0, out TVector v1);
}

/// <summary>Modular operations on 64-bit lanes, written once over <see cref="IModularLanes{TVector}"/>.</summary>
internal static class ModularLanes
{
    /// <summary>
    /// x·w mod q in [0, 4q) for any 64-bit x, with w &lt; q, w′ = ⌊w·2⁶⁴/q⌋ and the high halves wHigh = w ≫ 32,
    /// w′High = w′ ≫ 32 (hoisted by the caller).
    /// </summary>
    /// <remarks>
    /// Shoup's quotient ⌊x·w′/2⁶⁴⌋ is estimated from three of the four 32-bit partial products, dropping the low×low one
    /// and the carries of the middle column: the estimate is at most 2 below the quotient, so the remainder lies in
    /// [0, 2q + 2q) instead of Shoup's [0, 2q). That saves one 32-bit multiply and the carry chain; callers fold the extra
    /// range into one conditional subtraction of 2q.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector MultiplyShoupLazy4<TLanes, TVector>(
        TVector x, TVector w, TVector wHigh, TVector wPrime, TVector wPrimeHigh, TVector q, TVector qHigh)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        TVector xHigh = TLanes.ShiftRightLogical(x, 32);
        TVector quotient = TLanes.Add(
            TLanes.MultiplyLow32(xHigh, wPrimeHigh),
            TLanes.Add(
                TLanes.ShiftRightLogical(TLanes.MultiplyLow32(xHigh, wPrime), 32),
                TLanes.ShiftRightLogical(TLanes.MultiplyLow32(x, wPrimeHigh), 32)));
        if (TLanes.HasFastMultiplyLow)
        {
            return TLanes.Subtract(TLanes.MultiplyLow(x, w), TLanes.MultiplyLow(quotient, q));
        }

        // x·w − quotient·q mod 2⁶⁴ from 32-bit pieces, with the two middle columns subtracted before the one shift.
        TVector quotientHigh = TLanes.ShiftRightLogical(quotient, 32);
        TVector middle = TLanes.Subtract(
            TLanes.Add(TLanes.MultiplyLow32(xHigh, w), TLanes.MultiplyLow32(x, wHigh)),
            TLanes.Add(TLanes.MultiplyLow32(quotientHigh, q), TLanes.MultiplyLow32(quotient, qHigh)));
        return TLanes.Add(
            TLanes.Subtract(TLanes.MultiplyLow32(x, w), TLanes.MultiplyLow32(quotient, q)),
            TLanes.ShiftLeft(middle, 32));
    }

    /// <summary>x·y mod 2⁶⁴ from the high halves the caller already has.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector MultiplyLow<TLanes, TVector>(TVector x, TVector xHigh, TVector y, TVector yHigh)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        if (TLanes.HasFastMultiplyLow)
        {
            return TLanes.MultiplyLow(x, y);
        }

        TVector cross = TLanes.Add(TLanes.MultiplyLow32(xHigh, y), TLanes.MultiplyLow32(x, yHigh));
        return TLanes.Add(TLanes.MultiplyLow32(x, y), TLanes.ShiftLeft(cross, 32));
    }

    /// <summary>The exact 128-bit products x·y per lane, as high and low 64-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector MultiplyFull<TLanes, TVector>(TVector x, TVector y, out TVector low)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        TVector mask = TLanes.Broadcast(0xFFFF_FFFFUL);
        TVector xHigh = TLanes.ShiftRightLogical(x, 32), yHigh = TLanes.ShiftRightLogical(y, 32);
        TVector lowLow = TLanes.MultiplyLow32(x, y);
        TVector lowHigh = TLanes.MultiplyLow32(x, yHigh);
        TVector highLow = TLanes.MultiplyLow32(xHigh, y);
        TVector highHigh = TLanes.MultiplyLow32(xHigh, yHigh);
        TVector middle = TLanes.Add(
            TLanes.ShiftRightLogical(lowLow, 32),
            TLanes.Add(TLanes.And(lowHigh, mask), TLanes.And(highLow, mask)));
        low = TLanes.Or(TLanes.And(lowLow, mask), TLanes.ShiftLeft(middle, 32));
        return TLanes.Add(
            TLanes.Add(highHigh, TLanes.ShiftRightLogical(middle, 32)),
            TLanes.Add(TLanes.ShiftRightLogical(lowHigh, 32), TLanes.ShiftRightLogical(highLow, 32)));
    }

    /// <summary>⌊x·y/2⁶⁴⌋ per lane, exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector MultiplyHigh<TLanes, TVector>(TVector x, TVector y)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        TVector mask = TLanes.Broadcast(0xFFFF_FFFFUL);
        TVector xHigh = TLanes.ShiftRightLogical(x, 32), yHigh = TLanes.ShiftRightLogical(y, 32);
        TVector lowHigh = TLanes.MultiplyLow32(x, yHigh);
        TVector highLow = TLanes.MultiplyLow32(xHigh, y);
        TVector middle = TLanes.Add(
            TLanes.ShiftRightLogical(TLanes.MultiplyLow32(x, y), 32),
            TLanes.Add(TLanes.And(lowHigh, mask), TLanes.And(highLow, mask)));
        return TLanes.Add(
            TLanes.Add(TLanes.MultiplyLow32(xHigh, yHigh), TLanes.ShiftRightLogical(middle, 32)),
            TLanes.Add(TLanes.ShiftRightLogical(lowHigh, 32), TLanes.ShiftRightLogical(highLow, 32)));
    }

    /// <summary>
    /// a·b mod q in [0, q) for a, b &lt; q &lt; 2⁶¹, by Barrett reduction of the exact 128-bit product with the
    /// constants of <see cref="BarrettConstants"/> (see there for the bounds).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector MultiplyBarrett<TLanes, TVector>(TVector a, TVector b, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        TVector high = MultiplyFull<TLanes, TVector>(a, b, out TVector low);
        TVector shifted = TLanes.Or(TLanes.ShiftRightLogical(low, m.Shift), TLanes.ShiftLeft(high, 64 - m.Shift));
        TVector quotient = MultiplyHigh<TLanes, TVector>(shifted, m.BarrettFactor);
        TVector r = TLanes.Subtract(low, MultiplyLow<TLanes, TVector>(quotient, TLanes.ShiftRightLogical(quotient, 32), m.Q, m.QHigh));
        r = TLanes.SubtractIfAtLeast(r, m.TwoQ);
        return TLanes.SubtractIfAtLeast(r, m.Q);
    }
}

/// <summary>
/// The constants of one modulus (and of one multiplier w, for scaling) broadcast to one lane width; with
/// <c>TVector</c> = <see cref="ulong"/> they are the scalar constants.
/// </summary>
internal readonly struct ModulusLanes<TVector>
    where TVector : struct
{
    public TVector Q { get; init; }

    public TVector QHigh { get; init; }

    public TVector TwoQ { get; init; }

    /// <summary>Gets μ′ of <see cref="BarrettConstants"/>.</summary>
    public TVector BarrettFactor { get; init; }

    /// <summary>Gets the shift k − 2 of <see cref="BarrettConstants"/>.</summary>
    public int Shift { get; init; }

    /// <summary>Gets the multiplier w &lt; q of a scaling.</summary>
    public TVector W { get; init; }

    public TVector WHigh { get; init; }

    /// <summary>Gets w′ = ⌊w·2⁶⁴/q⌋.</summary>
    public TVector WPrime { get; init; }

    public TVector WPrimeHigh { get; init; }

    public static ModulusLanes<TVector> Create<TLanes>(in ModulusLanes<ulong> scalar)
        where TLanes : struct, IModularLanes<TVector> => new()
        {
            Q = TLanes.Broadcast(scalar.Q),
            QHigh = TLanes.Broadcast(scalar.QHigh),
            TwoQ = TLanes.Broadcast(scalar.TwoQ),
            BarrettFactor = TLanes.Broadcast(scalar.BarrettFactor),
            Shift = scalar.Shift,
            W = TLanes.Broadcast(scalar.W),
            WHigh = TLanes.Broadcast(scalar.WHigh),
            WPrime = TLanes.Broadcast(scalar.WPrime),
            WPrimeHigh = TLanes.Broadcast(scalar.WPrimeHigh),
        };
}

/// <summary>Builds the scalar <see cref="ModulusLanes{TVector}"/>.</summary>
internal static class ModulusLanes
{
    /// <param name="q">The modulus, below 2⁶¹.</param>
    /// <param name="w">A multiplier below q, or 0 where the kernel has none.</param>
    /// <param name="withBarrett">Whether to compute the Barrett constants (one 128-bit division).</param>
    public static ModulusLanes<ulong> Create(ulong q, ulong w, bool withBarrett)
    {
        BarrettConstants barrett = withBarrett ? new BarrettConstants(q) : default;
        ulong wPrime = w == 0 ? 0 : ModularArithmetic.ShoupPrecompute(w, q);
        return new ModulusLanes<ulong>
        {
            Q = q,
            QHigh = q >> 32,
            TwoQ = 2 * q,
            BarrettFactor = barrett.Factor,
            Shift = barrett.Shift,
            W = w,
            WHigh = w >> 32,
            WPrime = wPrime,
            WPrimeHigh = wPrime >> 32,
        };
    }
}

/// <summary>
/// Barrett reduction of a 128-bit product p = a·b (a, b &lt; q &lt; 2⁶¹) by one 64×64 high multiply: with k the bit
/// length of q, p′ = ⌊p/2^(k−2)⌋ &lt; 2^(k+2) ≤ 2⁶³ and μ′ = ⌊2^(2k)/q⌋·2^(62−k) ≤ 2⁶³, the estimate
/// ⌊p′·μ′/2⁶⁴⌋ = ⌊⌊p/2^(k−2)⌋·μ/2^(k+2)⌋ is at most 2 below ⌊p/q⌋ (the error terms are p/2^(2k) &lt; 1 and
/// 2^k/(4q) ≤ 1/2), so p − estimate·q lies in [0, 3q) and two conditional subtractions finish.
/// </summary>
internal readonly struct BarrettConstants
{
    public BarrettConstants(ulong q)
    {
        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(q);
        Shift = bits - 2;
        Factor = (ulong)((UInt128.One << (2 * bits)) / q) << (62 - bits);
    }

    /// <summary>Gets μ′ = ⌊2^(2k)/q⌋·2^(62−k).</summary>
    public ulong Factor { get; }

    /// <summary>Gets k − 2.</summary>
    public int Shift { get; }

    /// <summary>a·b mod q in [0, q) for a, b &lt; q, with the constants of q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Multiply(ulong a, ulong b, in ModulusLanes<ulong> m)
    {
        ulong q = m.Q;
        ulong high = Math.BigMul(a, b, out ulong low);
        ulong shifted = m.Shift == 0 ? low : (low >> m.Shift) | (high << (64 - m.Shift));
        ulong r = low - (Math.BigMul(shifted, m.BarrettFactor, out _) * q);

        // Branch-free: r < 3q < 2⁶³, so r − c wraps above r exactly when r < c.
        r = Math.Min(r, r - (2 * q));
        return Math.Min(r, r - q);
    }
}

/// <summary>Two 64-bit lanes (<see cref="Vector128{T}"/>: SSE2 on x64, AdvSimd on Arm64).</summary>
internal readonly struct Lanes128 : IModularLanes<Vector128<ulong>>
{
    public static int Count => Vector128<ulong>.Count;

    public static bool HasFastMultiplyLow => Avx512DQ.VL.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Load(ref ulong source, nuint index) => Vector128.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<ulong> value, ref ulong destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Broadcast(ulong value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Add(Vector128<ulong> x, Vector128<ulong> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Subtract(Vector128<ulong> x, Vector128<ulong> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> And(Vector128<ulong> x, Vector128<ulong> y) => x & y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Or(Vector128<ulong> x, Vector128<ulong> y) => x | y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ShiftRightLogical(Vector128<ulong> x, int count) => Vector128.ShiftRightLogical(x, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ShiftLeft(Vector128<ulong> x, int count) => Vector128.ShiftLeft(x, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> MultiplyLow32(Vector128<ulong> x, Vector128<ulong> y) =>
        Sse2.IsSupported ? Sse2.Multiply(x.AsUInt32(), y.AsUInt32()) : (x & Vector128.Create(0xFFFF_FFFFUL)) * (y & Vector128.Create(0xFFFF_FFFFUL));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> MultiplyLow(Vector128<ulong> x, Vector128<ulong> y) =>
        HasFastMultiplyLow || !Sse2.IsSupported ? x * y : MultiplyLowBy32(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> SubtractIfAtLeast(Vector128<ulong> x, Vector128<ulong> bound) =>
        Sse41.IsSupported ? Sse41.BlendVariable((x - bound).AsDouble(), x.AsDouble(), (x - bound).AsDouble()).AsUInt64() :
        x - Vector128.AndNot(bound, Vector128.GreaterThan(bound.AsInt64(), x.AsInt64()).AsUInt64());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> SelectIfLess(Vector128<ulong> x, Vector128<ulong> y, Vector128<ulong> addend) =>
        addend & Vector128.GreaterThan(y.AsInt64(), x.AsInt64()).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> ZeroWhereZero(Vector128<ulong> x, Vector128<ulong> value) =>
        Vector128.AndNot(value, Vector128.Equals(x, Vector128<ulong>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unzip(int t, Vector128<ulong> v0, Vector128<ulong> v1, out Vector128<ulong> x, out Vector128<ulong> y)
    {
        // t = 1 is the only block size below two lanes.
        if (Sse2.IsSupported)
        {
            x = Sse2.UnpackLow(v0, v1);
            y = Sse2.UnpackHigh(v0, v1);
        }
        else
        {
            x = Vector128.Create(v0.GetElement(0), v1.GetElement(0));
            y = Vector128.Create(v0.GetElement(1), v1.GetElement(1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Zip(int t, Vector128<ulong> x, Vector128<ulong> y, out Vector128<ulong> v0, out Vector128<ulong> v1) =>
        Unzip(t, x, y, out v0, out v1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> MultiplyLowBy32(Vector128<ulong> x, Vector128<ulong> y)
    {
        Vector128<ulong> cross = Sse2.Multiply(Vector128.ShiftRightLogical(x, 32).AsUInt32(), y.AsUInt32())
            + Sse2.Multiply(x.AsUInt32(), Vector128.ShiftRightLogical(y, 32).AsUInt32());
        return Sse2.Multiply(x.AsUInt32(), y.AsUInt32()) + Vector128.ShiftLeft(cross, 32);
    }
}
