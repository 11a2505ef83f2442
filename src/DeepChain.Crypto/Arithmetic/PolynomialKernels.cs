namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Coefficient-wise arithmetic on residue polynomials modulo one word-size prime q &lt; 2⁶¹ (one RNS limb): the inner
/// loops of CKKS addition, plain and ciphertext multiplication in the NTT domain, and scaling by constants.
/// </summary>
/// <remarks>
/// Inputs are fully reduced (below q) and so are outputs. Inputs first, destination last; a destination may alias an
/// input. Lengths are checked by the callers (the CKKS layer), not here.
/// </remarks>
internal static class PolynomialKernels
{
    public static void AddMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ModularArithmetic.Add(a[i], b[i], q);
        }
    }

    public static void SubtractMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ModularArithmetic.Subtract(a[i], b[i], q);
        }
    }

    public static void NegateMod(ReadOnlySpan<ulong> a, ulong q, Span<ulong> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ModularArithmetic.Negate(a[i], q);
        }
    }

    /// <summary>destination = a ⊙ b mod q (point-wise).</summary>
    public static void MultiplyMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ModularArithmetic.Multiply(a[i], b[i], q);
        }
    }

    /// <summary>accumulator += a ⊙ b mod q (point-wise).</summary>
    public static void MultiplyAddMod(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong q, Span<ulong> accumulator)
    {
        for (int i = 0; i < accumulator.Length; i++)
        {
            accumulator[i] = ModularArithmetic.Add(accumulator[i], ModularArithmetic.Multiply(a[i], b[i], q), q);
        }
    }

    /// <summary>destination = scalar·a mod q, with scalar &lt; q.</summary>
    public static void MultiplyScalarMod(ReadOnlySpan<ulong> a, ulong scalar, ulong q, Span<ulong> destination)
    {
        ulong shoup = ModularArithmetic.ShoupPrecompute(scalar, q);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ModularArithmetic.MultiplyShoup(a[i], scalar, shoup, q);
        }
    }
}
