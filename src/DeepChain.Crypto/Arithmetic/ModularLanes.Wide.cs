using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>Four 64-bit lanes (<see cref="Vector256{T}"/>: AVX2, with AVX-512VL instructions where present).</summary>
internal readonly struct Lanes256 : IModularLanes<Vector256<ulong>>
{
    public static int Count => Vector256<ulong>.Count;

    public static bool HasFastMultiplyLow => Avx512DQ.VL.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Load(ref ulong source, nuint index) => Vector256.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<ulong> value, ref ulong destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Broadcast(ulong value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Add(Vector256<ulong> x, Vector256<ulong> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Subtract(Vector256<ulong> x, Vector256<ulong> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> And(Vector256<ulong> x, Vector256<ulong> y) => x & y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Or(Vector256<ulong> x, Vector256<ulong> y) => x | y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ShiftRightLogical(Vector256<ulong> x, int count) => Vector256.ShiftRightLogical(x, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ShiftLeft(Vector256<ulong> x, int count) => Vector256.ShiftLeft(x, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyLow32(Vector256<ulong> x, Vector256<ulong> y) =>
        Avx2.IsSupported ? Avx2.Multiply(x.AsUInt32(), y.AsUInt32()) : (x & Vector256.Create(0xFFFF_FFFFUL)) * (y & Vector256.Create(0xFFFF_FFFFUL));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyLow(Vector256<ulong> x, Vector256<ulong> y)
    {
        if (HasFastMultiplyLow || !Avx2.IsSupported)
        {
            return x * y;
        }

        Vector256<ulong> cross = Avx2.Multiply(Vector256.ShiftRightLogical(x, 32).AsUInt32(), y.AsUInt32())
            + Avx2.Multiply(x.AsUInt32(), Vector256.ShiftRightLogical(y, 32).AsUInt32());
        return Avx2.Multiply(x.AsUInt32(), y.AsUInt32()) + Vector256.ShiftLeft(cross, 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SubtractIfAtLeast(Vector256<ulong> x, Vector256<ulong> bound) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.Min(x, x - bound) :
        Avx.IsSupported ? BlendOnSign(x - bound, x) :
        x - Vector256.AndNot(bound, Vector256.GreaterThan(bound.AsInt64(), x.AsInt64()).AsUInt64());

    // x − bound is negative (sign bit set) exactly when x < bound, as both are below 2⁶³: one vblendvpd picks x there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> BlendOnSign(Vector256<ulong> difference, Vector256<ulong> x) =>
        Avx.BlendVariable(difference.AsDouble(), x.AsDouble(), difference.AsDouble()).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SelectIfLess(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> addend) =>
        addend & Vector256.GreaterThan(y.AsInt64(), x.AsInt64()).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ZeroWhereZero(Vector256<ulong> x, Vector256<ulong> value) =>
        Vector256.AndNot(value, Vector256.Equals(x, Vector256<ulong>.Zero));

    /// <remarks>
    /// t = 2: x = the low 128-bit halves of v0 and v1, y = the high halves (<c>vperm2i128</c>); t = 1: x = the even
    /// lanes, y = the odd lanes, interleaved within 128-bit halves (<c>vpunpcklqdq</c>/<c>vpunpckhqdq</c>). Both are
    /// their own inverses, so <see cref="Zip"/> is the same operation.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unzip(int t, Vector256<ulong> v0, Vector256<ulong> v1, out Vector256<ulong> x, out Vector256<ulong> y)
    {
        if (t == 2)
        {
            if (Avx2.IsSupported)
            {
                x = Avx2.Permute2x128(v0, v1, 0x20);
                y = Avx2.Permute2x128(v0, v1, 0x31);
            }
            else
            {
                x = Vector256.Create(v0.GetLower(), v1.GetLower());
                y = Vector256.Create(v0.GetUpper(), v1.GetUpper());
            }
        }
        else if (Avx2.IsSupported)
        {
            x = Avx2.UnpackLow(v0, v1);
            y = Avx2.UnpackHigh(v0, v1);
        }
        else
        {
            x = Vector256.Create(v0.GetElement(0), v1.GetElement(0), v0.GetElement(2), v1.GetElement(2));
            y = Vector256.Create(v0.GetElement(1), v1.GetElement(1), v0.GetElement(3), v1.GetElement(3));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Zip(int t, Vector256<ulong> x, Vector256<ulong> y, out Vector256<ulong> v0, out Vector256<ulong> v1) =>
        Unzip(t, x, y, out v0, out v1);
}

/// <summary>Eight 64-bit lanes (<see cref="Vector512{T}"/>: AVX-512F, with DQ's <c>vpmullq</c> where present).</summary>
internal readonly struct Lanes512 : IModularLanes<Vector512<ulong>>
{
    public static int Count => Vector512<ulong>.Count;

    public static bool HasFastMultiplyLow => Avx512DQ.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Load(ref ulong source, nuint index) => Vector512.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<ulong> value, ref ulong destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Broadcast(ulong value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Add(Vector512<ulong> x, Vector512<ulong> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Subtract(Vector512<ulong> x, Vector512<ulong> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> And(Vector512<ulong> x, Vector512<ulong> y) => x & y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Or(Vector512<ulong> x, Vector512<ulong> y) => x | y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ShiftRightLogical(Vector512<ulong> x, int count) => Vector512.ShiftRightLogical(x, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ShiftLeft(Vector512<ulong> x, int count) => Vector512.ShiftLeft(x, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyLow32(Vector512<ulong> x, Vector512<ulong> y) =>
        Avx512F.IsSupported ? Avx512F.Multiply(x.AsUInt32(), y.AsUInt32()) : (x & Vector512.Create(0xFFFF_FFFFUL)) * (y & Vector512.Create(0xFFFF_FFFFUL));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyLow(Vector512<ulong> x, Vector512<ulong> y)
    {
        if (HasFastMultiplyLow || !Avx512F.IsSupported)
        {
            return x * y;
        }

        Vector512<ulong> cross = Avx512F.Multiply(Vector512.ShiftRightLogical(x, 32).AsUInt32(), y.AsUInt32())
            + Avx512F.Multiply(x.AsUInt32(), Vector512.ShiftRightLogical(y, 32).AsUInt32());
        return Avx512F.Multiply(x.AsUInt32(), y.AsUInt32()) + Vector512.ShiftLeft(cross, 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> SubtractIfAtLeast(Vector512<ulong> x, Vector512<ulong> bound) =>
        Avx512F.IsSupported ? Avx512F.Min(x, x - bound) :
        x - Vector512.AndNot(bound, Vector512.GreaterThan(bound.AsInt64(), x.AsInt64()).AsUInt64());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> SelectIfLess(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> addend) =>
        addend & Vector512.GreaterThan(y.AsInt64(), x.AsInt64()).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ZeroWhereZero(Vector512<ulong> x, Vector512<ulong> value) =>
        Vector512.AndNot(value, Vector512.Equals(x, Vector512<ulong>.Zero));

    /// <remarks>
    /// Lanes in natural order: x = blocks 0, 2, 4, … of v0‖v1, y = blocks 1, 3, 5, …, by one two-source permute
    /// (<c>vpermt2q</c>) each; index i &lt; 8 picks v0[i], i ≥ 8 picks v1[i − 8].
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unzip(int t, Vector512<ulong> v0, Vector512<ulong> v1, out Vector512<ulong> x, out Vector512<ulong> y)
    {
        Vector512<ulong> xIndex = t switch
        {
            4 => Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11),
            2 => Vector512.Create(0UL, 1, 4, 5, 8, 9, 12, 13),
            _ => Vector512.Create(0UL, 2, 4, 6, 8, 10, 12, 14),
        };
        Vector512<ulong> yIndex = xIndex + Vector512.Create((ulong)t);
        x = Permute(v0, v1, xIndex);
        y = Permute(v0, v1, yIndex);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Zip(int t, Vector512<ulong> x, Vector512<ulong> y, out Vector512<ulong> v0, out Vector512<ulong> v1)
    {
        // The inverse permutation: index i < 8 picks x[i], i ≥ 8 picks y[i − 8].
        (Vector512<ulong> low, Vector512<ulong> high) = t switch
        {
            4 => (Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15)),
            2 => (Vector512.Create(0UL, 1, 8, 9, 2, 3, 10, 11), Vector512.Create(4UL, 5, 12, 13, 6, 7, 14, 15)),
            _ => (Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11), Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15)),
        };
        v0 = Permute(x, y, low);
        v1 = Permute(x, y, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Permute(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> index) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar8x64x2(a, index, b) : PermutePortable(a, b, index);

    private static Vector512<ulong> PermutePortable(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> index)
    {
        Span<ulong> lanes = stackalloc ulong[8];
        for (int i = 0; i < 8; i++)
        {
            int k = (int)index.GetElement(i);
            lanes[i] = k < 8 ? a.GetElement(k) : b.GetElement(k - 8);
        }

        return Vector512.Create<ulong>(lanes);
    }
}
