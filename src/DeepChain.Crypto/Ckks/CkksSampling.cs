using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Crypto.Ckks;

/// <summary>RLWE polynomials for CKKS in NTT form over the first <c>limbs</c> primes of a context.</summary>
internal static class CkksSampling
{
    /// <summary>A uniform polynomial expanded from a 32-byte seed: limb i takes the next N residues modulo qᵢ of the
    /// AES-CTR stream, so the same seed and limb count always give the same polynomial.</summary>
    public static ulong[] UniformNtt(CkksContext context, ReadOnlySpan<byte> seed, int limbs) =>
        UniformNtt(context, seed, context.PrefixPrimes(limbs));

    /// <summary>As above, one block per listed prime index, in list order.</summary>
    public static ulong[] UniformNtt(CkksContext context, ReadOnlySpan<byte> seed, int[] primes)
    {
        int n = context.Degree;
        var result = new ulong[primes.Length * n];
        using var stream = new AesCtrStream(seed);
        for (int b = 0; b < primes.Length; b++)
        {
            PolynomialSampler.Uniform(stream, context.Modulus(primes[b]), result.AsSpan(b * n, n));
        }

        return result;
    }

    public static ulong[] TernaryNtt(CkksContext context, AesCtrStream stream, int limbs) =>
        TernaryNtt(context, stream, context.PrefixPrimes(limbs));

    public static ulong[] TernaryNtt(CkksContext context, AesCtrStream stream, int[] primes)
    {
        var ternary = new sbyte[context.Degree];
        PolynomialSampler.Ternary(stream, ternary);
        var coefficients = new long[context.Degree];
        for (int k = 0; k < coefficients.Length; k++)
        {
            coefficients[k] = ternary[k];
        }

        Array.Clear(ternary);
        ulong[] result = ToNtt(context, coefficients, primes);
        Array.Clear(coefficients);
        return result;
    }

    public static ulong[] ErrorNtt(CkksContext context, AesCtrStream stream, int limbs) =>
        ErrorNtt(context, stream, context.PrefixPrimes(limbs));

    public static ulong[] ErrorNtt(CkksContext context, AesCtrStream stream, int[] primes)
    {
        var error = new int[context.Degree];
        PolynomialSampler.CenteredBinomial(stream, error);
        var coefficients = new long[context.Degree];
        for (int k = 0; k < coefficients.Length; k++)
        {
            coefficients[k] = error[k];
        }

        Array.Clear(error);
        return ToNtt(context, coefficients, primes);
    }

    private static ulong[] ToNtt(CkksContext context, long[] coefficients, int[] primes)
    {
        var result = new ulong[primes.Length * context.Degree];
        context.ToRns(coefficients, result, primes);
        context.ForwardNtt(result, primes);
        return result;
    }
}
