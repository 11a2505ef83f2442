using System.Runtime.Intrinsics;
using DeepChain.Core.Aggregation;
using DeepChain.Crypto.Encoding;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Aggregation;

/// <summary>
/// Every rung of the aggregation kernels (512, 256, 128, scalar; called explicitly, since CI reruns only the crypto
/// tests with the wider rungs disabled) against the scalar reference, for every length up to three of the widest vectors.
/// </summary>
public sealed class GradientKernelsTests
{
    private static readonly int s_maxLength = 3 * Vector512<float>.Count;

    public static TheoryData<int, int> PathsAndCounts()
    {
        var data = new TheoryData<int, int>();
        foreach (SimdPath path in Enum.GetValues<SimdPath>())
        {
            foreach (int count in new[] { 1, 2, 3, 8 })
            {
                data.Add((int)path, count);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndCounts))]
    public void Sum_EveryPathAndLength_EqualsScalarReference(int path, int count)
    {
        var random = new Random(31 * count + path);
        for (int length = 0; length <= s_maxLength; length++)
        {
            ReadOnlyMemory<float>[] vectors = RandomVectors(random, count, length);
            var expected = new float[length];
            var actual = new float[length];
            GradientKernels.SumScalarReference(vectors, expected);
            GradientKernels.Sum(vectors, actual, (SimdPath)path);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndCounts))]
    public void Mean_EveryPathAndLength_EqualsScalarSumTimesReciprocal(int path, int count)
    {
        var random = new Random(17 * count + path);
        for (int length = 0; length <= s_maxLength; length++)
        {
            ReadOnlyMemory<float>[] vectors = RandomVectors(random, count, length);
            var expected = new float[length];
            var actual = new float[length];
            GradientKernels.SumScalarReference(vectors, expected);
            for (int i = 0; i < length; i++)
            {
                expected[i] *= 1f / count;
            }

            GradientKernels.Mean(vectors, actual, (SimdPath)path);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AddAndScale_EveryPathAndLength_EqualScalar(int path)
    {
        var random = new Random(5 + path);
        for (int length = 0; length <= s_maxLength; length++)
        {
            ReadOnlyMemory<float>[] v = RandomVectors(random, 2, length);
            var expected = new float[length];
            var actual = new float[length];
            GradientKernels.Add(v[0].Span, v[1].Span, expected, SimdPath.Scalar);
            GradientKernels.Add(v[0].Span, v[1].Span, actual, (SimdPath)path);
            Assert.Equal(expected, actual);
            GradientKernels.Scale(v[0].Span, 0.37f, expected, SimdPath.Scalar);
            GradientKernels.Scale(v[0].Span, 0.37f, actual, (SimdPath)path);
            Assert.Equal(expected, actual);
        }
    }

    [Property(MaxTest = 200)]
    public Property Sum_RandomVectorsOnEveryPath_EqualsScalar() =>
        Prop.ForAll(
            (from count in Gen.Choose(1, 9)
             from length in Gen.Choose(0, s_maxLength)
             from values in Gen.ArrayOf(ArbMap.Default.GeneratorFor<float>().Where(float.IsFinite), count * length)
             select (count, length, values)).ToArbitrary(),
            c =>
            {
                ReadOnlyMemory<float>[] vectors = Enumerable.Range(0, c.count)
                    .Select(k => (ReadOnlyMemory<float>)c.values.AsMemory(k * c.length, c.length)).ToArray();
                var expected = new float[c.length];
                GradientKernels.SumScalarReference(vectors, expected);
                return Enum.GetValues<SimdPath>().All(path =>
                {
                    var actual = new float[c.length];
                    GradientKernels.Sum(vectors, actual, path);
                    return expected.AsSpan().SequenceEqual(actual);
                });
            });

    [Fact]
    public void Sum_InPlaceIntoFirstVector_EqualsOutOfPlace()
    {
        ReadOnlyMemory<float>[] vectors = RandomVectors(new Random(9), 4, 10_000);
        var expected = new float[10_000];
        GradientKernels.Sum(vectors, expected);
        float[] first = vectors[0].ToArray();
        vectors[0] = first;
        GradientKernels.Sum(vectors, first);
        Assert.Equal(expected, first);
    }

    [Fact]
    public void Sum_DestinationOverlapsLaterVector_Throws()
    {
        var buffer = new float[64];
        ReadOnlyMemory<float>[] vectors = [new float[32], buffer.AsMemory(0, 32)];
        Assert.Throws<ArgumentException>(() => GradientKernels.Sum(vectors, buffer.AsSpan(0, 32)));
    }

    [Fact]
    public void Sum_LengthsDifferOrNoVectors_Throws()
    {
        Assert.Throws<ArgumentException>(() => GradientKernels.Sum([new float[3], new float[4]], new float[4]));
        Assert.Throws<ArgumentException>(() => GradientKernels.Sum([], new float[4]));
        Assert.Throws<ArgumentException>(() => GradientKernels.Sum([new float[3], new float[3]], new float[2]));
    }

    private static ReadOnlyMemory<float>[] RandomVectors(Random random, int count, int length) =>
        Enumerable.Range(0, count)
            .Select(_ => (ReadOnlyMemory<float>)Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1) * (float)Math.Pow(10, random.Next(-6, 3))).ToArray())
            .ToArray();
}
