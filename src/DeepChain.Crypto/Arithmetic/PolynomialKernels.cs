namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Coefficient-wise arithmetic on residue polynomials modulo one word-size prime q &lt; 2⁶¹ (one RNS limb): the inner
/// loops of CKKS addition, plain and ciphertext multiplication in the NTT domain, and scaling by constants.
/// </summary>
/// <remarks>
/// <para>Inputs are fully reduced (below q) and so are outputs. Inputs first, destination last; a destination may alias
/// an input. Lengths are checked by the callers (the CKKS layer); here only that no input is shorter than the
/// destination.</para>
/// <para>Each method is one operator struct (PolynomialKernels.Operators.cs) run by <see cref="ModularLoop"/> on the
/// widest SIMD rung of <see cref="NttTables.BestKernel"/>, with a scalar tail; the overloads taking an
/// <see cref="NttKernel"/> force a rung. Products use Barrett reduction (<see cref="BarrettConstants"/>), scaling uses
/// Shoup multiplication; every rung gives exactly the same results.</para>
/// </remarks>
internal static class PolynomialKernels
{
    public static void AddMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination) =>
        AddMod(a, b, q, destination, NttTables.BestKernel);

    public static void SubtractMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination) =>
        SubtractMod(a, b, q, destination, NttTables.BestKernel);

    public static void NegateMod(ReadOnlySpan<ulong> a, ulong q, Span<ulong> destination) =>
        NegateMod(a, q, destination, NttTables.BestKernel);

    /// <summary>destination = a ⊙ b mod q (point-wise).</summary>
    public static void MultiplyMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination) =>
        MultiplyMod(a, b, q, destination, NttTables.BestKernel);

    /// <summary>accumulator += a ⊙ b mod q (point-wise).</summary>
    public static void MultiplyAddMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> accumulator) =>
        MultiplyAddMod(a, b, q, accumulator, NttTables.BestKernel);

    /// <summary>destination = scalar·a mod q, with scalar &lt; q.</summary>
    public static void MultiplyScalarMod(ReadOnlySpan<ulong> a, ulong scalar, ulong q, Span<ulong> destination) =>
        MultiplyScalarMod(a, scalar, q, destination, NttTables.BestKernel);

    internal static void AddMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination, NttKernel kernel)
    {
        CheckLengths(a, b, destination);
        ModularLoop.Run<AddModOperator>(a, b, destination, ModulusLanes.Create(q, 0, withBarrett: false), kernel);
    }

    internal static void SubtractMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination, NttKernel kernel)
    {
        CheckLengths(a, b, destination);
        ModularLoop.Run<SubtractModOperator>(a, b, destination, ModulusLanes.Create(q, 0, withBarrett: false), kernel);
    }

    internal static void NegateMod(ReadOnlySpan<ulong> a, ulong q, Span<ulong> destination, NttKernel kernel)
    {
        CheckLengths(a, a, destination);
        ModularLoop.Run<NegateModOperator>(a, a, destination, ModulusLanes.Create(q, 0, withBarrett: false), kernel);
    }

    internal static void MultiplyMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination, NttKernel kernel)
    {
        CheckLengths(a, b, destination);
        ModularLoop.Run<MultiplyModOperator>(a, b, destination, ModulusLanes.Create(q, 0, withBarrett: true), kernel);
    }

    internal static void MultiplyAddMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> accumulator, NttKernel kernel)
    {
        CheckLengths(a, b, accumulator);
        ModularLoop.Run<MultiplyAddModOperator>(a, b, accumulator, ModulusLanes.Create(q, 0, withBarrett: true), kernel);
    }

    internal static void MultiplyScalarMod(ReadOnlySpan<ulong> a, ulong scalar, ulong q, Span<ulong> destination, NttKernel kernel)
    {
        CheckLengths(a, a, destination);
        ModularLoop.Run<MultiplyScalarModOperator>(a, a, destination, ModulusLanes.Create(q, scalar, withBarrett: false), kernel);
    }

    private static void CheckLengths(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        if (a.Length < destination.Length || b.Length < destination.Length)
        {
            throw new ArgumentException("An input is shorter than the destination.", nameof(destination));
        }
    }
}
