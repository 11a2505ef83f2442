using System.Numerics;
using DeepChain.Crypto.Encoding;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;
using DeepChain.Crypto.Tests.Encoding;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier.Threshold;

/// <summary>
/// Threshold decryption with the packed gradient encoding: packed sums decrypt jointly to exactly the slots an ordinary
/// key with the same primes gives, up to the size of the MNIST MLP's gradient.
/// </summary>
public sealed class ThresholdPackedGradientTests : IClassFixture<ThresholdTestPrimes>
{
    /// <summary>Parameters of the MLP 784-128-10: 784·128 + 128 + 128·10 + 10.</summary>
    private const int MnistMlpParameters = 101_770;

    private readonly ThresholdTestPrimes _primes;

    public ThresholdPackedGradientTests(ThresholdTestPrimes primes) => _primes = primes;

    [Property(MaxTest = 10)]
    public void CombineBatch_PackedSum_GivesTheSameSlotsAsTheOrdinaryKey(int seed, byte partiesSource, byte thresholdSource, byte bitsSource)
    {
        var random = new Random(seed);
        (int parties, int threshold) = ThresholdPaillierPropertyTests.PartiesAndThreshold(partiesSource, thresholdSource);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        using PaillierPrivateKey ordinary = PaillierPrivateKey.FromPrimes(_primes.P, _primes.Q, allowInsecureTestSizes: true);
        var quantizer = new GradientQuantizer(1f, 8 + (bitsSource % 25));
        var packer = new SlotPacker(ThresholdTestPrimes.ModulusBits, quantizer.Bits, parties);
        float[][] gradients = Enumerable.Range(0, parties).Select(_ => GradientSamples.Create(random, 1 + random.Next(300), 1f, quantizer.Bits)).ToArray();
        int length = gradients.Min(g => g.Length);

        (PaillierCiphertext[] aggregate, ulong[] expected) = EncryptAndAggregate(keys.PublicKey.PaillierKey, quantizer, packer, gradients, length);
        ThresholdKeyShare[] subset = ThresholdPaillierPropertyTests.RandomSubset(random, keys.Shares, threshold);
        ThresholdBatchDecryptionResult joint = new DecryptionShareCombiner(keys.PublicKey).Combine(aggregate, subset.Select(s => s.CreateDecryptionShares(aggregate)));

        Assert.Equal(ordinary.Decrypt(aggregate), joint.Plaintexts);
        Assert.Equal(expected, packer.Unpack(joint.Plaintexts.ToArray(), parties, length));
    }

    [Fact]
    public void CombineBatch_EightPartiesThresholdFive_MnistMlpGradientSum_RecoversExactQuantizedSum()
    {
        const int parties = 8, threshold = 5;
        var random = new Random(20261125);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        var quantizer = new GradientQuantizer(1f, 16);
        var packer = new SlotPacker(ThresholdTestPrimes.ModulusBits, quantizer.Bits, parties);
        float[][] gradients = Enumerable.Range(0, parties).Select(_ => GradientSamples.Create(random, MnistMlpParameters, 1f, quantizer.Bits)).ToArray();

        (PaillierCiphertext[] aggregate, ulong[] expected) = EncryptAndAggregate(keys.PublicKey.PaillierKey, quantizer, packer, gradients, MnistMlpParameters);

        // Parties 2, 3, 5, 7 and 8 answer; 1, 4 and 6 stay silent.
        DecryptionShareBatch[] batches = [.. new[] { 2, 3, 5, 7, 8 }.Select(i => keys.Shares[i - 1].CreateDecryptionShares(aggregate))];
        ThresholdBatchDecryptionResult joint = new DecryptionShareCombiner(keys.PublicKey).Combine(aggregate, batches);
        ulong[] sums = packer.Unpack(joint.Plaintexts.ToArray(), parties, MnistMlpParameters);

        Assert.Equal(packer.GetPlaintextCount(MnistMlpParameters), aggregate.Length);
        Assert.Equal([2, 3, 5, 7, 8], joint.UsedIndices);
        Assert.Equal(expected, sums);
    }

    private static (PaillierCiphertext[] Aggregate, ulong[] ExpectedSums) EncryptAndAggregate(PaillierPublicKey key, GradientQuantizer quantizer,
        SlotPacker packer, float[][] gradients, int length)
    {
        var expected = new ulong[length];
        var offsets = new uint[length];
        var encrypted = new PaillierCiphertext[gradients.Length][];
        for (int party = 0; party < gradients.Length; party++)
        {
            quantizer.QuantizeOffset(gradients[party].AsSpan(0, length), offsets);
            encrypted[party] = key.Encrypt(packer.Pack(offsets));
            for (int i = 0; i < length; i++)
            {
                expected[i] += offsets[i];
            }
        }

        var aggregate = new PaillierCiphertext[encrypted[0].Length];
        for (int p = 0; p < aggregate.Length; p++)
        {
            aggregate[p] = key.Sum(encrypted.Select(party => party[p]).ToArray());
        }

        return (aggregate, expected);
    }
}
