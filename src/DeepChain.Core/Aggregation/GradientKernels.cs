using System.Runtime.Intrinsics;
using DeepChain.Crypto.Encoding;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// The plaintext-side SIMD kernels of aggregation: element-wise sums and means of gradient vectors (the
/// <see cref="PlainAggregationScheme"/>'s whole work and the final step of every scheme). Quantization and
/// dequantization live in <see cref="GradientQuantizer"/>, whose kernels these complement.
/// </summary>
/// <remarks>
/// <para>The sum of <c>k</c> vectors is computed left to right, <c>((v₀ + v₁) + v₂) + … + v_{k−1}</c>, in single
/// precision, element by element, so the result does not depend on the vector width and equals the scalar loop bit for
/// bit. The vectors are walked in blocks of <see cref="BlockLength"/> elements so the partial sums stay in the L1 cache:
/// each input is read once from memory and the destination written once, which is what bounds a sum by memory bandwidth.</para>
/// <para>Vectorised with <c>Vector512</c>, <c>Vector256</c> and <c>Vector128</c> (<see cref="ActivePath"/>), one driver loop
/// over operator structs (<c>TensorPrimitives</c>' pattern); no allocation; thread-safe.</para>
/// </remarks>
public static class GradientKernels
{
    /// <summary>The number of elements summed per cache block (16 KiB of <see cref="float"/>).</summary>
    public const int BlockLength = 4096;

    /// <summary>Gets the name of the widest vector width the kernels run on this machine.</summary>
    /// <value><c>"Vector512"</c>, <c>"Vector256"</c>, <c>"Vector128"</c> or <c>"Scalar"</c>.</value>
    public static string ActivePath => SimdCapabilities.Best.ToString();

    /// <summary>Writes <c>x[i] + y[i]</c> to <paramref name="destination"/>.</summary>
    /// <param name="x">The first addend.</param>
    /// <param name="y">The second addend, as long as <paramref name="x"/>.</param>
    /// <param name="destination">Receives the sums; at least as long as <paramref name="x"/>. It may be exactly
    /// <paramref name="x"/> or <paramref name="y"/> (in place) but must not overlap them otherwise.</param>
    /// <exception cref="ArgumentException">The lengths differ, <paramref name="destination"/> is too short, or it overlaps an
    /// input other than exactly.</exception>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Add(x, y, destination, SimdCapabilities.Best);

    /// <summary>Writes the element-wise sum of <paramref name="vectors"/> to <paramref name="destination"/>.</summary>
    /// <param name="vectors">One or more vectors of equal length.</param>
    /// <param name="destination">Receives <c>Σₖ vectors[k][i]</c>; at least as long as the vectors. It may be exactly the
    /// first vector's memory but must not overlap any other vector.</param>
    /// <exception cref="ArgumentNullException"><paramref name="vectors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no vectors, their lengths differ, <paramref name="destination"/> is too
    /// short, or it overlaps a vector other than exactly the first.</exception>
    /// <remarks>Left-to-right single-precision summation (see the type's remarks); <c>O(k·length)</c>, memory bound.</remarks>
    public static void Sum(IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination) =>
        Sum(vectors, destination, SimdCapabilities.Best);

    /// <summary>Writes the element-wise mean of <paramref name="vectors"/> to <paramref name="destination"/>.</summary>
    /// <param name="vectors">One or more vectors of equal length.</param>
    /// <param name="destination">Receives <c>(Σₖ vectors[k][i]) · (1/k)</c>; the same aliasing rules as <see cref="Sum(IReadOnlyList{ReadOnlyMemory{float}}, Span{float})"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="vectors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Sum(IReadOnlyList{ReadOnlyMemory{float}}, Span{float})"/>.</exception>
    /// <remarks>The sum is multiplied by the single-precision reciprocal <c>1/k</c> (one rounding more than a division).</remarks>
    public static void Mean(IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination) =>
        Mean(vectors, destination, SimdCapabilities.Best);

    /// <summary>Writes <c>x[i] · factor</c> to <paramref name="destination"/> (for example a sum times 1/k).</summary>
    /// <param name="x">The values.</param>
    /// <param name="factor">The factor.</param>
    /// <param name="destination">Receives the products; at least as long as <paramref name="x"/>; may be exactly <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or overlaps <paramref name="x"/> other than exactly.</exception>
    public static void Scale(ReadOnlySpan<float> x, float factor, Span<float> destination) =>
        Scale(x, factor, destination, SimdCapabilities.Best);

    internal static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, SimdPath path)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"The addends have {x.Length} and {y.Length} elements; they must have the same length.", nameof(y));
        }

        CheckDestination(x, destination, nameof(destination));
        CheckNoPartialOverlap(y, destination);
        VectorLoop.Transform<AddOperator>(x, y, destination, path);
    }

    internal static void Scale(ReadOnlySpan<float> x, float factor, Span<float> destination, SimdPath path)
    {
        CheckDestination(x, destination, nameof(destination));
        VectorLoop.Transform<MultiplyOperator>(x, factor, destination, path);
    }

    internal static void Sum(IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination, SimdPath path)
    {
        int length = CheckVectors(vectors, destination);
        SumCore(vectors, destination[..length], path);
    }

    internal static void Mean(IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination, SimdPath path)
    {
        int length = CheckVectors(vectors, destination);
        SumCore(vectors, destination[..length], path);
        VectorLoop.Transform<MultiplyOperator>(destination[..length], 1f / vectors.Count, destination[..length], path);
    }

    /// <summary>The scalar reference the vector rungs are tested against.</summary>
    internal static void SumScalarReference(IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination)
    {
        int length = vectors[0].Length;
        for (int i = 0; i < length; i++)
        {
            float sum = vectors[0].Span[i];
            for (int k = 1; k < vectors.Count; k++)
            {
                sum += vectors[k].Span[i];
            }

            destination[i] = sum;
        }
    }

    // Trusts its arguments: at least one vector, equal lengths, destination exactly that long, no harmful overlap.
    internal static void SumCore(IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination, SimdPath path)
    {
        int length = destination.Length;
        if (vectors.Count == 1)
        {
            vectors[0].Span.CopyTo(destination);
            return;
        }

        for (int start = 0; start < length; start += BlockLength)
        {
            int count = Math.Min(BlockLength, length - start);
            Span<float> block = destination.Slice(start, count);
            VectorLoop.Transform<AddOperator>(vectors[0].Span.Slice(start, count), vectors[1].Span.Slice(start, count), block, path);
            for (int k = 2; k < vectors.Count; k++)
            {
                VectorLoop.Transform<AddOperator>(block, vectors[k].Span.Slice(start, count), block, path);
            }
        }
    }

    private static int CheckVectors(IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            throw new ArgumentException("At least one vector is needed.", nameof(vectors));
        }

        int length = vectors[0].Length;
        CheckDestination(vectors[0].Span, destination, nameof(destination));
        for (int k = 1; k < vectors.Count; k++)
        {
            ReadOnlySpan<float> vector = vectors[k].Span;
            if (vector.Length != length)
            {
                throw new ArgumentException($"Vector {k} has {vector.Length} elements; vector 0 has {length}.", nameof(vectors));
            }

            if (vector.Overlaps(destination[..length]))
            {
                throw new ArgumentException($"The destination overlaps vector {k}; only the first vector may share its memory.", nameof(destination));
            }
        }

        return length;
    }

    private static void CheckDestination(ReadOnlySpan<float> source, Span<float> destination, string parameterName)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} elements; {source.Length} are needed.", parameterName);
        }

        CheckNoPartialOverlap(source, destination);
    }

    private static void CheckNoPartialOverlap(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException("The destination overlaps an input other than exactly in place.", nameof(destination));
        }
    }

    // Referenced so the ladder's widths are documented in one place for the tests.
    internal static int Width(SimdPath path) => path switch
    {
        SimdPath.Vector512 => Vector512<float>.Count,
        SimdPath.Vector256 => Vector256<float>.Count,
        SimdPath.Vector128 => Vector128<float>.Count,
        _ => 1,
    };
}
