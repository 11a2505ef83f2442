using System.Buffers.Binary;
using System.Numerics;

namespace DeepChain.Crypto.Sampling;

/// <summary>
/// Samplers for RLWE polynomials over a pseudorandom stream: uniform residues modulo q, uniform ternary secrets, and
/// centered-binomial errors.
/// </summary>
/// <remarks>
/// The error is the centered binomial distribution with k = 21: the difference of two sums of 21 random bits, mean 0,
/// variance k/2 = 10.5, standard deviation ≈ 3.24 (the σ ≈ 3.2 of the HE Standard), bounded by 21. It is sampled from
/// whole random words with popcount, so its running time does not depend on the values drawn.
/// </remarks>
internal static class PolynomialSampler
{
    /// <summary>k of the centered binomial distribution.</summary>
    public const int BinomialK = 21;

    /// <summary>Uniform residues modulo q by rejection (each 64-bit word masked to the bit length of q).</summary>
    public static void Uniform(AesCtrStream stream, ulong q, Span<ulong> destination)
    {
        ulong mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(q);
        Span<byte> chunk = stackalloc byte[512];
        int position = chunk.Length;
        for (int i = 0; i < destination.Length;)
        {
            if (position == chunk.Length)
            {
                stream.Fill(chunk);
                position = 0;
            }

            ulong candidate = BinaryPrimitives.ReadUInt64LittleEndian(chunk[position..]) & mask;
            position += 8;
            if (candidate < q)
            {
                destination[i++] = candidate;
            }
        }
    }

    /// <summary>Uniform values in {−1, 0, 1} (bytes below 255 reduced modulo 3, the rest rejected).</summary>
    public static void Ternary(AesCtrStream stream, Span<long> destination)
    {
        Span<byte> chunk = stackalloc byte[256];
        int position = chunk.Length;
        for (int i = 0; i < destination.Length;)
        {
            if (position == chunk.Length)
            {
                stream.Fill(chunk);
                position = 0;
            }

            byte b = chunk[position++];
            if (b < 255)
            {
                destination[i++] = (b % 3) - 1;
            }
        }
    }

    /// <summary>Centered binomial errors with k = <see cref="BinomialK"/> (two 21-bit halves of one random word each).</summary>
    public static void CenteredBinomial(AesCtrStream stream, Span<long> destination)
    {
        const ulong halfMask = (1UL << BinomialK) - 1;
        Span<byte> chunk = stackalloc byte[512];
        int position = chunk.Length;
        for (int i = 0; i < destination.Length; i++)
        {
            if (position == chunk.Length)
            {
                stream.Fill(chunk);
                position = 0;
            }

            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(chunk[position..]);
            position += 8;
            destination[i] = BitOperations.PopCount(word & halfMask) - BitOperations.PopCount((word >> BinomialK) & halfMask);
        }
    }
}
