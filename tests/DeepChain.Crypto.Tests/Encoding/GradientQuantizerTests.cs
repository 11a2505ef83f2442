using DeepChain.Crypto.Encoding;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Encoding;

public sealed class GradientQuantizerTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Constructor_ClipRangeNotFinitePositive_ThrowsArgumentOutOfRange(float clipRange)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientQuantizer(clipRange, 16));
        Assert.Equal("clipRange", exception.ParamName);
        Assert.Contains("finite number greater than zero", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, "8")]
    [InlineData(0, "8")]
    [InlineData(33, "32")]
    public void Constructor_BitsOutsideEightToThirtyTwo_ThrowsArgumentOutOfRangeNamingBound(int bits, string bound)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientQuantizer(1f, bits));
        Assert.Equal("bits", exception.ParamName);
        Assert.Contains($"'{bound}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_SixteenBitsClipOne_FollowTheFixedPointFormulas()
    {
        var quantizer = new GradientQuantizer(1f, 16);

        Assert.Equal(16, quantizer.Bits);
        Assert.Equal(1f, quantizer.ClipRange);
        Assert.Equal(32767, quantizer.MaxMagnitude);
        Assert.Equal(32767u, quantizer.Offset);
        Assert.Equal(1.0 / 32767, quantizer.Step);
        Assert.True(quantizer.UsesSinglePrecision);
    }

    [Fact]
    public void Properties_ThirtyTwoBits_OffsetIsIntMaxValueAndComputesInDouble()
    {
        var quantizer = new GradientQuantizer(2f, 32);

        Assert.Equal(int.MaxValue, quantizer.MaxMagnitude);
        Assert.Equal((uint)int.MaxValue, quantizer.Offset);
        Assert.Equal(2.0 / int.MaxValue, quantizer.Step);
        Assert.False(quantizer.UsesSinglePrecision);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(32)]
    public void Quantize_ValuesAtOrBeyondClipRange_SaturateAtMaxMagnitude(int bits)
    {
        const float c = 0.75f;
        var quantizer = new GradientQuantizer(c, bits);
        int m = quantizer.MaxMagnitude;
        float[] values = [c, -c, 2 * c, -2 * c, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, 0f, -0f];
        int[] expected = [m, -m, m, -m, m, -m, m, -m, 0, 0];

        var quantized = new int[values.Length];
        quantizer.Quantize(values, quantized);
        var offset = new uint[values.Length];
        quantizer.QuantizeOffset(values, offset);

        Assert.Equal(expected, quantized);
        Assert.Equal(expected.Select(q => unchecked((uint)(q + m))), offset);
        Assert.Equal(2u * quantizer.Offset, offset.Max());
    }

    [Theory]
    [InlineData(8, 127f)]
    [InlineData(17, 65535f)]
    public void Quantize_ExactTiesWithUnitStep_RoundHalfToEven(int bits, float clipRange)
    {
        var quantizer = new GradientQuantizer(clipRange, bits);
        Assert.Equal(1.0, quantizer.Step);
        float[] values = [0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.49f, 0.51f, -0.51f];

        var quantized = new int[values.Length];
        quantizer.Quantize(values, quantized);

        Assert.Equal([0, 2, 2, 0, -2, -2, 0, 1, -1], quantized);
    }

    [Property(Arbitrary = [typeof(EncodingArbitraries)], MaxTest = 1000)]
    public bool DequantizeOfQuantize_AnyBitsAndValues_WithinHalfStepOfClippedValue(QuantizerCase input)
    {
        var quantizer = new GradientQuantizer(input.ClipRange, input.Bits);
        var quantized = new int[input.Values.Length];
        var restored = new float[input.Values.Length];

        quantizer.Quantize(input.Values, quantized);
        quantizer.Dequantize(quantized, restored);

        // Half a step of quantization error, plus a few float roundings at the scale of c.
        double bound = (quantizer.Step / 2) + (4 * GradientSamples.Ulp(input.ClipRange));
        for (int i = 0; i < input.Values.Length; i++)
        {
            float clipped = Math.Clamp(input.Values[i], -input.ClipRange, input.ClipRange);
            if (Math.Abs(quantized[i]) > quantizer.MaxMagnitude || Math.Abs((double)restored[i] - clipped) > bound)
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(EncodingArbitraries)])]
    public bool QuantizeOffset_AnyValues_EqualsQuantizePlusOffset(QuantizerCase input)
    {
        var quantizer = new GradientQuantizer(input.ClipRange, input.Bits);
        var quantized = new int[input.Values.Length];
        var offset = new uint[input.Values.Length];

        quantizer.Quantize(input.Values, quantized);
        quantizer.QuantizeOffset(input.Values, offset);

        return quantized.Zip(offset).All(pair => (long)pair.Second == pair.First + (long)quantizer.Offset)
            && offset.All(u => u <= 2L * quantizer.Offset);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 48)]
    [InlineData(17, 48)]
    [InlineData(47, 48)]
    [InlineData(300, 1001)]
    public void Quantize_NaNAtIndex_ThrowsArgumentExceptionNamingIndexAndWritesNothing(int index, int length)
    {
        var quantizer = new GradientQuantizer(1f, 16);
        var values = GradientSamples.Create(new Random(7), length, 1f, 16);
        values[index] = float.NaN;
        values[^1] = float.NaN;
        var quantized = Enumerable.Repeat(-7, length).ToArray();
        var offset = Enumerable.Repeat(7u, length).ToArray();

        var exception = Assert.Throws<ArgumentException>(() => quantizer.Quantize(values, quantized));
        var offsetException = Assert.Throws<ArgumentException>(() => quantizer.QuantizeOffset(values, offset));

        Assert.Equal("values", exception.ParamName);
        Assert.Contains($"index {index} is NaN", exception.Message, StringComparison.Ordinal);
        Assert.Equal("values", offsetException.ParamName);
        Assert.Contains($"index {index} is NaN", offsetException.Message, StringComparison.Ordinal);
        Assert.All(quantized, q => Assert.Equal(-7, q));
        Assert.All(offset, u => Assert.Equal(7u, u));
    }

    [Fact]
    public void Quantize_DestinationShorterThanValues_ThrowsArgumentException()
    {
        var quantizer = new GradientQuantizer(1f, 16);

        var exception = Assert.Throws<ArgumentException>(() => quantizer.Quantize(new float[10], new int[9]));
        var dequantizeException = Assert.Throws<ArgumentException>(() => quantizer.Dequantize(new int[10], new float[9]));
        var sumException = Assert.Throws<ArgumentException>(() => quantizer.DequantizeSum(new ulong[10], 2, new float[9]));

        Assert.Equal("destination", exception.ParamName);
        Assert.Equal("destination", dequantizeException.ParamName);
        Assert.Equal("destination", sumException.ParamName);
        Assert.Contains("holds 9 elements but 10 are needed", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantize_DestinationLongerThanValues_WritesOnlyThePrefix()
    {
        var quantizer = new GradientQuantizer(1f, 8);
        var quantized = new[] { 5, 5, 5, 5 };

        quantizer.Quantize([1f, -1f], quantized);

        Assert.Equal([127, -127, 5, 5], quantized);
    }

    [Fact]
    public void Quantize_DestinationOverlapsSourceShifted_ThrowsArgumentException()
    {
        var quantizer = new GradientQuantizer(1f, 16);
        var buffer = new float[40];

        var exception = Assert.Throws<ArgumentException>(() =>
            quantizer.Quantize(buffer.AsSpan(0, 32), System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(buffer.AsSpan(1))));

        Assert.Equal("destination", exception.ParamName);
        Assert.Contains("overlaps", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Quantize_InPlace_EqualsOutOfPlace(int bits)
    {
        var quantizer = new GradientQuantizer(1f, bits);
        var values = GradientSamples.Create(new Random(11), 100, 1f, bits);
        var expected = new int[values.Length];
        quantizer.Quantize(values, expected);

        Span<int> inPlace = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values.AsSpan());
        quantizer.Quantize(values, inPlace);

        Assert.Equal(expected, inPlace.ToArray());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Dequantize_PlusMinusMaxMagnitude_GivesClipRangeWithinOneUlp(int bits)
    {
        const float c = 0.1f;
        var quantizer = new GradientQuantizer(c, bits);
        var restored = new float[3];

        quantizer.Dequantize([quantizer.MaxMagnitude, -quantizer.MaxMagnitude, 0], restored);

        Assert.InRange(restored[0], MathF.BitDecrement(c), MathF.BitIncrement(c));
        Assert.Equal(-restored[0], restored[1]);
        Assert.Equal(0f, restored[2]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void DequantizeSum_SummandsBelowOne_ThrowsArgumentOutOfRange(int summands)
    {
        var quantizer = new GradientQuantizer(1f, 16);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => quantizer.DequantizeSum(new ulong[4], summands, new float[4]));
        var meanException = Assert.Throws<ArgumentOutOfRangeException>(() => quantizer.DequantizeMean(new ulong[4], summands, new float[4]));

        Assert.Equal("summands", exception.ParamName);
        Assert.Equal("summands", meanException.ParamName);
    }

    [Theory]
    [InlineData(16, 3)]
    [InlineData(32, 1000)]
    public void DequantizeSum_SumAboveHonestBound_ThrowsNamingIndexAndBound(int bits, int summands)
    {
        var quantizer = new GradientQuantizer(1f, bits);
        ulong largest = (ulong)summands * ((1UL << bits) - 2);
        var sums = new ulong[40];
        sums[5] = largest;
        sums[21] = largest + 1;
        var destination = new float[40];

        var exception = Assert.Throws<ArgumentException>(() => quantizer.DequantizeSum(sums, summands, destination));

        Assert.Equal("offsetSums", exception.ParamName);
        Assert.Contains("index 21", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"{summands} × (2^{bits} - 2) = {largest}", exception.Message, StringComparison.Ordinal);
        Assert.All(destination, x => Assert.Equal(0f, x));
    }

    [Theory]
    [InlineData(16, 3)]
    [InlineData(32, 1000)]
    public void DequantizeSum_ExtremeHonestSums_GiveSummandsTimesClipRange(int bits, int summands)
    {
        const float c = 1.5f;
        var quantizer = new GradientQuantizer(c, bits);
        ulong[] sums = [0, (ulong)summands * quantizer.Offset, (ulong)summands * 2 * quantizer.Offset];
        var total = new float[3];
        var mean = new float[3];

        quantizer.DequantizeSum(sums, summands, total);
        quantizer.DequantizeMean(sums, summands, mean);

        Assert.Equal([-summands * c, 0f, summands * c], total);
        Assert.Equal([-c, 0f, c], mean);
    }

    [Property(Arbitrary = [typeof(EncodingArbitraries)], MaxTest = 300)]
    public Property DequantizeSum_OfOffsetSums_EqualsSumOfDequantizedWithinNHalfSteps(QuantizerCase input) =>
        Prop.ForAll(Gen.Choose(1, 16).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (summands, seed) =>
        {
            var quantizer = new GradientQuantizer(input.ClipRange, input.Bits);
            int length = input.Values.Length;
            var random = new Random(seed);
            var sums = new ulong[length];
            var dequantizedSum = new double[length];
            var clippedSum = new double[length];
            var offset = new uint[length];
            var quantized = new int[length];
            var dequantized = new float[length];
            for (int n = 0; n < summands; n++)
            {
                float[] values = n == 0 ? input.Values : GradientSamples.Create(random, length, input.ClipRange, input.Bits);
                quantizer.QuantizeOffset(values, offset);
                quantizer.Quantize(values, quantized);
                quantizer.Dequantize(quantized, dequantized);
                for (int i = 0; i < length; i++)
                {
                    sums[i] += offset[i];
                    dequantizedSum[i] += dequantized[i];
                    clippedSum[i] += Math.Clamp(values[i], -input.ClipRange, input.ClipRange);
                }
            }

            var total = new float[length];
            var mean = new float[length];
            quantizer.DequantizeSum(sums, summands, total);
            quantizer.DequantizeMean(sums, summands, mean);

            double ulp = GradientSamples.Ulp(input.ClipRange);
            for (int i = 0; i < length; i++)
            {
                bool matchesDequantized = Math.Abs(total[i] - dequantizedSum[i]) <= summands * 4 * ulp;
                bool withinHalfSteps = Math.Abs(total[i] - clippedSum[i]) <= summands * ((quantizer.Step / 2) + (4 * ulp));
                bool meanMatches = Math.Abs(mean[i] - (clippedSum[i] / summands)) <= (quantizer.Step / 2) + (4 * ulp);
                if (!matchesDequantized || !withinHalfSteps || !meanMatches)
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void ActivePath_OnThisMachine_NamesTheWidestAcceleratedPath()
    {
        Assert.Equal(SimdCapabilities.Best.ToString(), GradientQuantizer.ActivePath);
        Assert.Contains(GradientQuantizer.ActivePath, new[] { "Scalar", "Vector128", "Vector256", "Vector512" });
    }
}
