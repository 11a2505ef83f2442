using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// One coefficient-wise modular operation d = op(a, b, c) (c the destination's old value), as a scalar and as a
/// lane-generic <c>Invoke</c>; <see cref="ModularLoop"/> drives it.
/// </summary>
internal interface IModularOperator
{
    /// <summary>Gets whether the operation reads its second input (false for unary operations).</summary>
    static abstract bool ReadsSecond { get; }

    /// <summary>Gets whether the operation reads the destination (accumulation).</summary>
    static abstract bool ReadsDestination { get; }

    static abstract ulong Invoke(ulong a, ulong b, ulong c, in ModulusLanes<ulong> m);

    static abstract TVector Invoke<TLanes, TVector>(TVector a, TVector b, TVector c, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct;
}

/// <summary>
/// The one driver loop of the coefficient-wise kernels: whole vectors of the widest rung the kernel allows, then at most
/// one vector of each narrower rung, then scalars (ImageSharp's "vector prefix, then tail").
/// </summary>
/// <remarks>
/// A destination may be the very memory of an input: every element is loaded before the same element is stored.
/// </remarks>
internal static class ModularLoop
{
    public static void Run<TOperator>(
        ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, in ModulusLanes<ulong> m, NttKernel kernel)
        where TOperator : struct, IModularOperator
    {
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)destination.Length;
        nuint i = 0;

        if (kernel >= NttKernel.Vector512)
        {
            Run<TOperator, Lanes512, Vector512<ulong>>(ref ra, ref rb, ref rd, length, ref i, m);
        }

        if (kernel >= NttKernel.Vector256)
        {
            Run<TOperator, Lanes256, Vector256<ulong>>(ref ra, ref rb, ref rd, length, ref i, m);
        }

        if (kernel >= NttKernel.Vector128)
        {
            Run<TOperator, Lanes128, Vector128<ulong>>(ref ra, ref rb, ref rd, length, ref i, m);
        }

        for (; i < length; i++)
        {
            ulong x = Unsafe.Add(ref ra, i);
            ulong y = TOperator.ReadsSecond ? Unsafe.Add(ref rb, i) : 0;
            ulong c = TOperator.ReadsDestination ? Unsafe.Add(ref rd, i) : 0;
            Unsafe.Add(ref rd, i) = TOperator.Invoke(x, y, c, m);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Run<TOperator, TLanes, TVector>(
        ref ulong a, ref ulong b, ref ulong destination, nuint length, ref nuint i, in ModulusLanes<ulong> scalar)
        where TOperator : struct, IModularOperator
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        nuint width = (nuint)TLanes.Count;
        if (length - i < width)
        {
            return;
        }

        ModulusLanes<TVector> m = ModulusLanes<TVector>.Create<TLanes>(scalar);
        for (; length - i >= width; i += width)
        {
            TVector x = TLanes.Load(ref a, i);
            TVector y = TOperator.ReadsSecond ? TLanes.Load(ref b, i) : x;
            TVector c = TOperator.ReadsDestination ? TLanes.Load(ref destination, i) : x;
            TLanes.Store(TOperator.Invoke<TLanes, TVector>(x, y, c, m), ref destination, i);
        }
    }
}

/// <summary>a + b mod q.</summary>
internal readonly struct AddModOperator : IModularOperator
{
    public static bool ReadsSecond => true;

    public static bool ReadsDestination => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Invoke(ulong a, ulong b, ulong c, in ModulusLanes<ulong> m) => ModularArithmetic.Add(a, b, m.Q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TLanes, TVector>(TVector a, TVector b, TVector c, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct =>
        TLanes.SubtractIfAtLeast(TLanes.Add(a, b), m.Q);
}

/// <summary>a − b mod q.</summary>
internal readonly struct SubtractModOperator : IModularOperator
{
    public static bool ReadsSecond => true;

    public static bool ReadsDestination => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Invoke(ulong a, ulong b, ulong c, in ModulusLanes<ulong> m) => ModularArithmetic.Subtract(a, b, m.Q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TLanes, TVector>(TVector a, TVector b, TVector c, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct =>
        TLanes.Add(TLanes.Subtract(a, b), TLanes.SelectIfLess(a, b, m.Q));
}

/// <summary>−a mod q.</summary>
internal readonly struct NegateModOperator : IModularOperator
{
    public static bool ReadsSecond => false;

    public static bool ReadsDestination => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Invoke(ulong a, ulong b, ulong c, in ModulusLanes<ulong> m) => ModularArithmetic.Negate(a, m.Q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TLanes, TVector>(TVector a, TVector b, TVector c, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct =>
        TLanes.ZeroWhereZero(a, TLanes.Subtract(m.Q, a));
}

/// <summary>a·b mod q by Barrett reduction (<see cref="BarrettConstants"/>).</summary>
internal readonly struct MultiplyModOperator : IModularOperator
{
    public static bool ReadsSecond => true;

    public static bool ReadsDestination => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Invoke(ulong a, ulong b, ulong c, in ModulusLanes<ulong> m) => BarrettConstants.Multiply(a, b, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TLanes, TVector>(TVector a, TVector b, TVector c, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct =>
        ModularLanes.MultiplyBarrett<TLanes, TVector>(a, b, m);
}

/// <summary>c + a·b mod q.</summary>
internal readonly struct MultiplyAddModOperator : IModularOperator
{
    public static bool ReadsSecond => true;

    public static bool ReadsDestination => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Invoke(ulong a, ulong b, ulong c, in ModulusLanes<ulong> m) =>
        ModularArithmetic.Add(c, BarrettConstants.Multiply(a, b, m), m.Q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TLanes, TVector>(TVector a, TVector b, TVector c, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct =>
        TLanes.SubtractIfAtLeast(TLanes.Add(c, ModularLanes.MultiplyBarrett<TLanes, TVector>(a, b, m)), m.Q);
}

/// <summary>w·a mod q by Shoup multiplication with the multiplier of the constants.</summary>
internal readonly struct MultiplyScalarModOperator : IModularOperator
{
    public static bool ReadsSecond => false;

    public static bool ReadsDestination => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Invoke(ulong a, ulong b, ulong c, in ModulusLanes<ulong> m) => ModularArithmetic.MultiplyShoup(a, m.W, m.WPrime, m.Q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TLanes, TVector>(TVector a, TVector b, TVector c, in ModulusLanes<TVector> m)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        TVector r = ModularLanes.MultiplyShoupLazy4<TLanes, TVector>(a, m.W, m.WHigh, m.WPrime, m.WPrimeHigh, m.Q, m.QHigh);
        return TLanes.SubtractIfAtLeast(TLanes.SubtractIfAtLeast(r, m.TwoQ), m.Q);
    }
}
