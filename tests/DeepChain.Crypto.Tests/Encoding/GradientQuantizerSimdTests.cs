using System.Runtime.Intrinsics;
using DeepChain.Crypto.Encoding;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Encoding;

/// <summary>
/// Every vector rung of the quantizer kernels against the scalar rung, for every length up to three of the widest
/// vectors. Rungs the hardware does not accelerate run in the runtime's software emulation, which must agree too.
/// </summary>
public sealed class GradientQuantizerSimdTests
{
    // Three 64-byte vectors of 4-byte lanes; a 512-bit pass then also exercises the 256, 128 and scalar tails.
    private static readonly int s_maxLength = 3 * Vector512<float>.Count;

    private static readonly int[] s_bits = [8, 16, 17, 24, 32];

    public static TheoryData<int, int> PathsAndBits()
    {
        var data = new TheoryData<int, int>();
        foreach (SimdPath path in Enum.GetValues<SimdPath>())
        {
            foreach (int bits in s_bits)
            {
                data.Add((int)path, bits);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndBits))]
    public void Quantize_EveryPathAndLength_EqualsScalar(int path, int bits)
    {
        var quantizer = new GradientQuantizer(0.5f, bits);
        var random = new Random(1000 + bits);
        for (int length = 0; length <= s_maxLength; length++)
        {
            float[] values = GradientSamples.Create(random, length, quantizer.ClipRange, bits);
            var expected = new int[length];
            var actual = new int[length];
            var expectedOffset = new uint[length];
            var actualOffset = new uint[length];

            quantizer.Quantize(values, expected, SimdPath.Scalar);
            quantizer.Quantize(values, actual, (SimdPath)path);
            quantizer.QuantizeOffset(values, expectedOffset, SimdPath.Scalar);
            quantizer.QuantizeOffset(values, actualOffset, (SimdPath)path);

            Assert.Equal(expected, actual);
            Assert.Equal(expectedOffset, actualOffset);
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndBits))]
    public void Dequantize_EveryPathAndLength_EqualsScalar(int path, int bits)
    {
        var quantizer = new GradientQuantizer(3f, bits);
        var random = new Random(2000 + bits);
        int m = quantizer.MaxMagnitude;
        int[] specials = [m, -m, 0, 1, -1, int.MaxValue, int.MinValue];
        for (int length = 0; length <= s_maxLength; length++)
        {
            int[] values = Enumerable.Range(0, length)
                .Select(_ => random.Next(3) == 0 ? specials[random.Next(specials.Length)] : (int)random.NextInt64(-m, (long)m + 1))
                .ToArray();
            var expected = new float[length];
            var actual = new float[length];

            quantizer.Dequantize(values, expected, SimdPath.Scalar);
            quantizer.Dequantize(values, actual, (SimdPath)path);

            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndBits))]
    public void DequantizeSum_EveryPathAndLength_EqualsScalar(int path, int bits)
    {
        var quantizer = new GradientQuantizer(0.01f, bits);
        var random = new Random(3000 + bits);
        foreach (int summands in new[] { 1, 3, 1000, int.MaxValue })
        {
            ulong largest = (ulong)summands * 2 * quantizer.Offset;
            for (int length = 0; length <= s_maxLength; length++)
            {
                ulong[] sums = Enumerable.Range(0, length)
                    .Select(_ => random.Next(4) == 0 ? largest * (ulong)random.Next(2) : (ulong)random.NextInt64(0, (long)largest + 1))
                    .ToArray();
                var expected = new float[length];
                var actual = new float[length];
                var expectedMean = new float[length];
                var actualMean = new float[length];

                quantizer.DequantizeSum(sums, summands, expected, mean: false, SimdPath.Scalar);
                quantizer.DequantizeSum(sums, summands, actual, mean: false, (SimdPath)path);
                quantizer.DequantizeSum(sums, summands, expectedMean, mean: true, SimdPath.Scalar);
                quantizer.DequantizeSum(sums, summands, actualMean, mean: true, (SimdPath)path);

                Assert.Equal(expected, actual);
                Assert.Equal(expectedMean, actualMean);
            }
        }
    }

    [Theory]
    [InlineData((int)SimdPath.Scalar)]
    [InlineData((int)SimdPath.Vector128)]
    [InlineData((int)SimdPath.Vector256)]
    [InlineData((int)SimdPath.Vector512)]
    public void Quantize_NaNAtEveryIndex_EveryPathReportsTheFirstIndex(int path)
    {
        var quantizer = new GradientQuantizer(1f, 16);
        var destination = new int[s_maxLength];
        for (int index = 0; index < s_maxLength; index++)
        {
            var values = GradientSamples.Create(new Random(index), s_maxLength, 1f, 16);
            values[index] = float.NaN;
            values[^1] = float.NaN;

            var exception = Assert.Throws<ArgumentException>(() => quantizer.Quantize(values, destination, (SimdPath)path));

            Assert.Contains($"index {index} is NaN", exception.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData((int)SimdPath.Scalar)]
    [InlineData((int)SimdPath.Vector128)]
    [InlineData((int)SimdPath.Vector256)]
    [InlineData((int)SimdPath.Vector512)]
    public void DequantizeSum_DishonestSumAtEveryIndex_EveryPathReportsTheFirstIndex(int path)
    {
        var quantizer = new GradientQuantizer(1f, 8);
        var destination = new float[s_maxLength];
        for (int index = 0; index < s_maxLength; index++)
        {
            var sums = new ulong[s_maxLength];
            sums[index] = (2 * 254) + 1;
            sums[^1] = ulong.MaxValue;

            var exception = Assert.Throws<ArgumentException>(() => quantizer.DequantizeSum(sums, 2, destination, mean: false, (SimdPath)path));

            Assert.Contains($"index {index} exceeds", exception.Message, StringComparison.Ordinal);
        }
    }

    [Property(Arbitrary = [typeof(EncodingArbitraries)], MaxTest = 300)]
    public bool Quantize_RandomCaseAnyPath_EqualsScalar(QuantizerCase input)
    {
        var quantizer = new GradientQuantizer(input.ClipRange, input.Bits);
        var expected = new int[input.Values.Length];
        var actual = new int[input.Values.Length];
        var expectedRestored = new float[input.Values.Length];
        var actualRestored = new float[input.Values.Length];
        quantizer.Quantize(input.Values, expected, SimdPath.Scalar);
        quantizer.Dequantize(expected, expectedRestored, SimdPath.Scalar);

        foreach (SimdPath path in Enum.GetValues<SimdPath>())
        {
            quantizer.Quantize(input.Values, actual, path);
            quantizer.Dequantize(actual, actualRestored, path);
            if (!expected.AsSpan().SequenceEqual(actual) || !expectedRestored.AsSpan().SequenceEqual(actualRestored))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void IsAccelerated_BestPath_IsTrue()
    {
        Assert.True(SimdCapabilities.IsAccelerated(SimdCapabilities.Best));
        Assert.True(SimdCapabilities.IsAccelerated(SimdPath.Scalar));
    }
}
