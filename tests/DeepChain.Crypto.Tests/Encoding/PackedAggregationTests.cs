using System.Numerics;
using DeepChain.Crypto.Encoding;
using Xunit;

namespace DeepChain.Crypto.Tests.Encoding;

/// <summary>The encoding half of one round: quantize, pack, add (as the homomorphic sum does), unpack, average.</summary>
public sealed class PackedAggregationTests
{
    [Theory]
    [InlineData(16, 2048, 8)]
    [InlineData(32, 3072, 3)]
    [InlineData(8, 2048, 100)]
    public void MeanOfPackedSums_PartiesGradients_WithinHalfStepOfMeanOfClippedGradients(int bits, int plaintextBits, int parties)
    {
        const float clipRange = 0.5f;
        const int parameterCount = 1000;
        var quantizer = new GradientQuantizer(clipRange, bits);
        var packer = new SlotPacker(plaintextBits, quantizer.Bits, parties);
        var random = new Random(42);
        var packedSum = new BigInteger[packer.GetPlaintextCount(parameterCount)];
        var clippedMean = new double[parameterCount];
        var offsetValues = new uint[parameterCount];

        for (int party = 0; party < parties; party++)
        {
            float[] gradient = Enumerable.Range(0, parameterCount).Select(_ => (float)(random.NextDouble() - 0.5) * 1.5f).ToArray();
            quantizer.QuantizeOffset(gradient, offsetValues);
            BigInteger[] packed = packer.Pack(offsetValues);
            for (int p = 0; p < packed.Length; p++)
            {
                packedSum[p] += packed[p];
            }

            for (int i = 0; i < parameterCount; i++)
            {
                clippedMean[i] += Math.Clamp(gradient[i], -clipRange, clipRange) / parties;
            }
        }

        var slotSums = new ulong[parameterCount];
        packer.Unpack(packedSum, parties, slotSums);
        var mean = new float[parameterCount];
        quantizer.DequantizeMean(slotSums, parties, mean);

        double bound = (quantizer.Step / 2) + (4 * GradientSamples.Ulp(clipRange));
        for (int i = 0; i < parameterCount; i++)
        {
            Assert.True(Math.Abs(mean[i] - clippedMean[i]) <= bound, $"parameter {i}: {mean[i]} vs {clippedMean[i]}");
        }
    }
}
