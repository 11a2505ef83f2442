using System.Buffers;
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
        var result = new ulong[primes.Length * context.Degree];
        UniformNttInto(context, seed, primes, result);
        return result;
    }

    /// <summary>As above, written to the start of <paramref name="destination"/> (one block of N per listed prime).</summary>
    public static void UniformNttInto(CkksContext context, ReadOnlySpan<byte> seed, int[] primes, Span<ulong> destination)
    {
        int n = context.Degree;
        using var stream = new AesCtrStream(seed);
        for (int b = 0; b < primes.Length; b++)
        {
            PolynomialSampler.Uniform(stream, context.Modulus(primes[b]), destination.Slice(b * n, n));
        }
    }

    public static ulong[] TernaryNtt(CkksContext context, AesCtrStream stream, int limbs)
    {
        int[] primes = context.PrefixPrimes(limbs);
        var result = new ulong[primes.Length * context.Degree];
        TernaryNttInto(context, stream, primes, result);
        return result;
    }

    public static ulong[] TernaryNtt(CkksContext context, AesCtrStream stream, int[] primes)
    {
        var result = new ulong[primes.Length * context.Degree];
        TernaryNttInto(context, stream, primes, result);
        return result;
    }

    /// <summary>A uniform ternary polynomial, NTT form, one block per listed prime, written to the start of <paramref name="destination"/>.</summary>
    public static void TernaryNttInto(CkksContext context, AesCtrStream stream, int[] primes, ulong[] destination) =>
        SmallNttInto(context, stream, primes, destination, PolynomialSampler.Ternary);

    public static ulong[] ErrorNtt(CkksContext context, AesCtrStream stream, int limbs) =>
        ErrorNtt(context, stream, context.PrefixPrimes(limbs));

    public static ulong[] ErrorNtt(CkksContext context, AesCtrStream stream, int[] primes)
    {
        var result = new ulong[primes.Length * context.Degree];
        ErrorNttInto(context, stream, primes, result);
        return result;
    }

    /// <summary>A centered-binomial error polynomial, NTT form, one block per listed prime, written to the start of <paramref name="destination"/>.</summary>
    public static void ErrorNttInto(CkksContext context, AesCtrStream stream, int[] primes, ulong[] destination) =>
        SmallNttInto(context, stream, primes, destination, PolynomialSampler.CenteredBinomial);

    private delegate void SmallSampler(AesCtrStream stream, Span<long> destination);

    /// <summary>Samples small signed coefficients into a pooled buffer, then writes their residues per prime and transforms them.</summary>
    private static void SmallNttInto(CkksContext context, AesCtrStream stream, int[] primes, ulong[] destination, SmallSampler sample)
    {
        int n = context.Degree;
        long[] coefficients = ArrayPool<long>.Shared.Rent(n);
        try
        {
            sample(stream, coefficients.AsSpan(0, n));
            context.ToRns(coefficients.AsSpan(0, n), destination, primes);
            context.ForwardNtt(destination, primes);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(coefficients, clearArray: true);
        }
    }

    /// <summary>The RLWE sample e − a·s over all primes (NTT form), with a fresh error e: the b of public keys, of
    /// public-key shares and of key-switching keys.</summary>
    public static ulong[] NegatedProductPlusError(CkksContext context, ulong[] a, ulong[] s)
    {
        int n = context.Degree, all = context.Moduli.Count;
        ulong[] b;
        using (AesCtrStream noise = AesCtrStream.CreateRandom())
        {
            b = ErrorNtt(context, noise, all);
        }

        ulong[] product = ArrayPool<ulong>.Shared.Rent(n);
        for (int i = 0; i < all; i++)
        {
            ulong q = context.Modulus(i);
            Span<ulong> bLimb = b.AsSpan(i * n, n);
            PolynomialKernels.MultiplyMod(a.AsSpan(i * n, n), s.AsSpan(i * n, n), q, product.AsSpan(0, n));
            PolynomialKernels.SubtractMod(bLimb, product.AsSpan(0, n), q, bLimb);
        }

        ArrayPool<ulong>.Shared.Return(product, clearArray: true);
        return b;
    }
}
