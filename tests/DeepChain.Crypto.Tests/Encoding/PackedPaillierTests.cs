using System.Numerics;
using DeepChain.Crypto.Encoding;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Tests.Paillier;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Encoding;

/// <summary>
/// One aggregation round end to end on a small key: N parties quantize and pack their gradients, encrypt the packed
/// plaintexts, the aggregator multiplies the ciphertexts plaintext by plaintext, and the decrypted, unpacked sums
/// equal the element-wise sums of the quantized inputs exactly (no slot carries into the next).
/// </summary>
public sealed class PackedPaillierTests : IClassFixture<InsecurePaillierKeys>
{
    private static readonly int[] s_bits = [8, 12, 16, 17, 24, 32];
    private static readonly int[] s_maxSummands = [1, 2, 3, 8, 33, 100];
    private static readonly float[] s_clipRanges = [0.5f, 1f, 3.5f, 1e-3f, 100f];

    private readonly PaillierPublicKey _publicKey;
    private readonly PaillierPrivateKey _privateKey;
    private readonly int _plaintextBits;

    public PackedPaillierTests(InsecurePaillierKeys keys)
    {
        _publicKey = keys.PublicKey;
        _privateKey = keys.PrivateKey;
        _plaintextBits = (int)_publicKey.N.GetBitLength();
    }

    [Property(MaxTest = 60)]
    public void SumOfEncryptedPackedGradients_DecryptedAndUnpacked_EqualsSumOfQuantizedValues(
        int seed, byte bitsSource, byte summandsSource, byte clipSource, ushort lengthSource, bool allSummands)
    {
        var random = new Random(seed);
        var quantizer = new GradientQuantizer(s_clipRanges[clipSource % s_clipRanges.Length], s_bits[bitsSource % s_bits.Length]);
        int maxSummands = s_maxSummands[summandsSource % s_maxSummands.Length];
        int parties = allSummands ? maxSummands : random.Next(1, maxSummands + 1);
        int length = lengthSource % 301;
        var packer = new SlotPacker(_plaintextBits, quantizer.Bits, maxSummands);
        var gradients = new float[parties][];
        for (int party = 0; party < parties; party++)
        {
            gradients[party] = GradientSamples.Create(random, length, quantizer.ClipRange, quantizer.Bits);
        }

        AssertAggregationIsExact(quantizer, packer, gradients);
    }

    [Theory]
    [InlineData(8, 100)]
    [InlineData(16, 8)]
    [InlineData(32, 33)]
    [InlineData(32, 1)]
    public void SumOfEncryptedPackedGradients_EveryPartyAtTheClipBound_DoesNotCarryIntoNextSlot(int bits, int parties)
    {
        // +c quantizes to the largest offset value 2^b − 2 in every slot: the worst case for the carry headroom.
        var quantizer = new GradientQuantizer(1f, bits);
        var packer = new SlotPacker(_plaintextBits, bits, parties);
        int length = (2 * packer.SlotsPerPlaintext) + 1;
        float[][] gradients = Enumerable.Range(0, parties)
            .Select(party => Enumerable.Repeat(party % 2 == 0 ? float.PositiveInfinity : 1f, length).ToArray())
            .ToArray();

        ulong[] sums = AssertAggregationIsExact(quantizer, packer, gradients);

        Assert.All(sums, sum => Assert.Equal((ulong)parties * ((1UL << bits) - 2), sum));
    }

    private ulong[] AssertAggregationIsExact(GradientQuantizer quantizer, SlotPacker packer, float[][] gradients)
    {
        int parties = gradients.Length;
        int length = gradients[0].Length;
        Assert.Equal(_plaintextBits, packer.PlaintextBits);

        // Each party: quantize to offset form, pack, encrypt. The reference sums are kept in the clear beside it.
        var ciphertexts = new PaillierCiphertext[parties][];
        var expectedSums = new ulong[length];
        var clippedSums = new double[length];
        var offsets = new uint[length];
        foreach ((float[] gradient, int party) in gradients.Select((g, i) => (g, i)))
        {
            quantizer.QuantizeOffset(gradient, offsets);
            BigInteger[] plaintexts = packer.Pack(offsets);
            Assert.All(plaintexts, m => Assert.True(m < _publicKey.N));
            ciphertexts[party] = _publicKey.Encrypt(plaintexts);
            for (int i = 0; i < length; i++)
            {
                expectedSums[i] += offsets[i];
                clippedSums[i] += Math.Clamp((double)gradient[i], -quantizer.ClipRange, quantizer.ClipRange);
            }
        }

        // The aggregator: one homomorphic sum per packed plaintext position, across the parties.
        var aggregate = new PaillierCiphertext[packer.GetPlaintextCount(length)];
        for (int p = 0; p < aggregate.Length; p++)
        {
            aggregate[p] = _publicKey.Sum(ciphertexts.Select(party => party[p]).ToArray());
        }

        BigInteger[] packedSums = _privateKey.Decrypt(aggregate);
        ulong[] sums = packer.Unpack(packedSums, parties, length);
        Assert.Equal(expectedSums, sums);

        var sum = new float[length];
        var mean = new float[length];
        quantizer.DequantizeSum(sums, parties, sum);
        quantizer.DequantizeMean(sums, parties, mean);

        // Each quantized value is within Δ/2 of its clipped input (plus the kernels' float slack, as in
        // PackedAggregationTests); the results are then rounded once to float.
        double perValue = (quantizer.Step / 2) + (4 * GradientSamples.Ulp(quantizer.ClipRange));
        double sumBound = (parties * perValue) + GradientSamples.Ulp(parties * quantizer.ClipRange);
        double meanBound = perValue + GradientSamples.Ulp(quantizer.ClipRange);
        for (int i = 0; i < length; i++)
        {
            Assert.True(Math.Abs(sum[i] - clippedSums[i]) <= sumBound, $"sum {i}: {sum[i]} vs {clippedSums[i]} (bound {sumBound})");
            Assert.True(Math.Abs(mean[i] - (clippedSums[i] / parties)) <= meanBound, $"mean {i}: {mean[i]} vs {clippedSums[i] / parties} (bound {meanBound})");
        }

        return sums;
    }
}
