using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Crypto.Ckks;

/// <summary>RLWE polynomials for CKKS in NTT form over the first <c>limbs</c> primes of a context.</summary>
internal static class CkksSampling
{
    /// <summary>A uniform polynomial expanded from a 32-byte seed: limb i takes the next N residues modulo qᵢ of the
    /// AES-CTR stream, so the same seed and limb count always give the same polynomial.</summary>
    public static ulong[] UniformNtt(CkksContext context, ReadOnlySpan<byte> seed, int limbs)
    {
        int n = context.Degree;
        var result = new ulong[limbs * n];
        using var stream = new AesCtrStream(seed);
        for (int i = 0; i < limbs; i++)
        {
            PolynomialSampler.Uniform(stream, context.Modulus(i), result.AsSpan(i * n, n));
        }

        return result;
    }

    public static ulong[] TernaryNtt(CkksContext context, AesCtrStream stream, int limbs)
    {
        var ternary = new sbyte[context.Degree];
        PolynomialSampler.Ternary(stream, ternary);
        var coefficients = new long[context.Degree];
        for (int k = 0; k < coefficients.Length; k++)
        {
            coefficients[k] = ternary[k];
        }

        Array.Clear(ternary);
        ulong[] result = ToNtt(context, coefficients, limbs);
        Array.Clear(coefficients);
        return result;
    }

    public static ulong[] ErrorNtt(CkksContext context, AesCtrStream stream, int limbs)
    {
        var error = new int[context.Degree];
        PolynomialSampler.CenteredBinomial(stream, error);
        var coefficients = new long[context.Degree];
        for (int k = 0; k < coefficients.Length; k++)
        {
            coefficients[k] = error[k];
        }

        Array.Clear(error);
        return ToNtt(context, coefficients, limbs);
    }

    private static ulong[] ToNtt(CkksContext context, long[] coefficients, int limbs)
    {
        var result = new ulong[limbs * context.Degree];
        context.ToRns(coefficients, result, limbs);

        context.ForwardNtt(result, limbs);
        return result;
    }
}
