using System.Numerics;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier.Threshold;

/// <summary>
/// Threshold decryption on small keys for random (ℓ, t): any t or more valid shares decrypt, t − 1 cannot, bad shares
/// are caught and attributed, and the combiner falls back on the other valid shares.
/// </summary>
public sealed class ThresholdPaillierPropertyTests : IClassFixture<ThresholdTestPrimes>
{
    private readonly ThresholdTestPrimes _primes;

    public ThresholdPaillierPropertyTests(ThresholdTestPrimes primes) => _primes = primes;

    [Property(MaxTest = 40)]
    public void Combine_AnySubsetOfAtLeastThresholdShares_ReturnsPlaintext(int seed, byte partiesSource, byte thresholdSource, byte[] plaintext)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        BigInteger m = Plaintext(plaintext, keys.PublicKey.N);
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(m);
        ThresholdKeyShare[] subset = RandomSubset(random, keys.Shares, random.Next(threshold, parties + 1));

        ThresholdDecryptionResult result = new DecryptionShareCombiner(keys.PublicKey).Combine(c, subset.Select(s => s.CreateDecryptionShare(c)));

        Assert.Equal(m, result.Plaintext);
        Assert.Empty(result.Rejected);
        Assert.Equal(threshold, result.UsedIndices.Count);
        Assert.All(result.UsedIndices, index => Assert.Contains(subset, s => s.Index == index));
    }

    [Property(MaxTest = 30)]
    public void Combine_ThresholdMinusOneShares_IsRefused_AndForcedCombinationIsWrong(int seed, byte partiesSource, byte thresholdSource, byte[] plaintext)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource, minimumThreshold: 2);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        BigInteger m = Plaintext(plaintext, keys.PublicKey.N);
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(m);
        DecryptionShare[] shares = RandomSubset(random, keys.Shares, threshold - 1).Select(s => s.CreateDecryptionShare(c)).ToArray();
        var combiner = new DecryptionShareCombiner(keys.PublicKey);

        var refused = Assert.Throws<InsufficientDecryptionSharesException>(() => combiner.Combine(c, shares));

        Assert.Equal(threshold, refused.Threshold);
        Assert.Equal(threshold - 1, refused.ValidShares);
        Assert.Empty(refused.Rejected);
        Assert.NotEqual(m, combiner.CombineUnchecked(shares));
    }

    [Property(MaxTest = 15)]
    public void Combine_SharesOfHomomorphicSumOfManyCiphertexts_ReturnsSumModN(int seed, byte partiesSource, byte thresholdSource)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        PaillierPublicKey key = keys.PublicKey.PaillierKey;
        BigInteger[] plaintexts = Enumerable.Range(0, 1 + random.Next(50)).Select(_ => Plaintext(RandomBytes(random, 40), key.N)).ToArray();
        PaillierCiphertext sum = key.Sum(key.Encrypt(plaintexts));
        BigInteger expected = plaintexts.Aggregate(BigInteger.Zero, (a, b) => a + b) % key.N;

        ThresholdDecryptionResult result = new DecryptionShareCombiner(keys.PublicKey)
            .Combine(sum, RandomSubset(random, keys.Shares, threshold).Select(s => s.CreateDecryptionShare(sum)));

        Assert.Equal(expected, result.Plaintext);
    }

    [Property(MaxTest = 25)]
    public void Combine_ShareWithFlippedBit_IsRejectedAndAttributed_OtherValidSharesDecrypt(int seed, byte partiesSource, byte thresholdSource, ushort bitSource)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource, minimumParties: 2, maximumThreshold: -1);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        BigInteger m = Plaintext(RandomBytes(random, 32), keys.PublicKey.N);
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(m);
        DecryptionShare[] shares = keys.Shares.Select(s => s.CreateDecryptionShare(c)).ToArray();
        int cheater = random.Next(parties);
        DecryptionShare honest = shares[cheater];
        BigInteger flipped = honest.Value ^ (BigInteger.One << (bitSource % (int)honest.Value.GetBitLength()));
        shares[cheater] = new DecryptionShare(honest.Index, flipped.IsZero ? BigInteger.One : flipped, honest.Proof);

        Assert.False(keys.PublicKey.Verify(c, shares[cheater]));
        ThresholdDecryptionResult result = new DecryptionShareCombiner(keys.PublicKey).Combine(c, shares);

        Assert.Equal(m, result.Plaintext);
        Assert.DoesNotContain(cheater + 1, result.UsedIndices);
        if (cheater < threshold)
        {
            // Checked in index order, the cheater's share was among the first t and so must have been reported.
            RejectedDecryptionShare rejection = Assert.Single(result.Rejected);
            Assert.Equal(cheater + 1, rejection.Index);
        }
    }

    [Property(MaxTest = 20)]
    public void Verify_ShareOfAnotherCiphertext_FailsAndIsAttributed(int seed, byte partiesSource, byte thresholdSource)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource, minimumParties: 2, maximumThreshold: -1);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        PaillierPublicKey key = keys.PublicKey.PaillierKey;
        PaillierCiphertext c = key.Encrypt(7), other = key.Encrypt(7);
        DecryptionShare[] shares = keys.Shares.Select(s => s.CreateDecryptionShare(c)).ToArray();
        int cheater = random.Next(threshold);
        shares[cheater] = keys.Shares[cheater].CreateDecryptionShare(other);

        Assert.False(keys.PublicKey.Verify(c, shares[cheater]));
        Assert.True(keys.PublicKey.Verify(other, shares[cheater]));
        ThresholdDecryptionResult result = new DecryptionShareCombiner(keys.PublicKey).Combine(c, shares);

        Assert.Equal(7, result.Plaintext);
        Assert.Equal(cheater + 1, Assert.Single(result.Rejected).Index);
    }

    [Property(MaxTest = 20)]
    public void Combine_TooFewValidShares_NamesEveryRejectedParty(int seed, byte partiesSource, byte thresholdSource)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(11), other = keys.PublicKey.PaillierKey.Encrypt(12);
        int bad = parties - threshold + 1;
        int[] cheaters = RandomSubset(random, keys.Shares, bad).Select(s => s.Index).ToArray();
        DecryptionShare[] shares = keys.Shares.Select(s => s.CreateDecryptionShare(cheaters.Contains(s.Index) ? other : c)).ToArray();

        var refused = Assert.Throws<InsufficientDecryptionSharesException>(() => new DecryptionShareCombiner(keys.PublicKey).Combine(c, shares));

        Assert.Equal(threshold - 1, refused.ValidShares);
        Assert.Equal(cheaters.Order(), refused.Rejected.Select(r => r.Index).Order());
    }

    [Property(MaxTest = 15)]
    public void Combine_DuplicateIndex_IsRefused(int seed, byte partiesSource, byte thresholdSource)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(5);
        var shares = keys.Shares.Select(s => s.CreateDecryptionShare(c)).ToList();
        ThresholdKeyShare repeated = keys.Shares[random.Next(parties)];
        shares.Add(repeated.CreateDecryptionShare(c));

        var refused = Assert.Throws<DuplicateDecryptionShareException>(() => new DecryptionShareCombiner(keys.PublicKey).Combine(c, shares));

        Assert.Equal(repeated.Index, refused.Index);
    }

    [Property(MaxTest = 15)]
    public void CombineBatch_AnyThresholdSubset_ReturnsEveryPlaintext(int seed, byte partiesSource, byte thresholdSource)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        PaillierPublicKey key = keys.PublicKey.PaillierKey;
        BigInteger[] plaintexts = Enumerable.Range(0, 1 + random.Next(40)).Select(_ => Plaintext(RandomBytes(random, 40), key.N)).ToArray();
        PaillierCiphertext[] ciphertexts = key.Encrypt(plaintexts);
        ThresholdKeyShare[] subset = RandomSubset(random, keys.Shares, random.Next(threshold, parties + 1));

        ThresholdBatchDecryptionResult result = new DecryptionShareCombiner(keys.PublicKey)
            .Combine(ciphertexts, subset.Select(s => s.CreateDecryptionShares(ciphertexts)));

        Assert.Equal(plaintexts, result.Plaintexts);
        Assert.Empty(result.Rejected);
    }

    [Property(MaxTest = 20)]
    public void CombineBatch_OneAlteredValueInABatch_RejectsThatPartysBatch(int seed, byte partiesSource, byte thresholdSource, bool swapInsteadOfFlip)
    {
        var random = new Random(seed);
        (int parties, int threshold) = PartiesAndThreshold(partiesSource, thresholdSource, minimumParties: 2, maximumThreshold: -1);
        using ThresholdPaillierKeySet keys = _primes.Deal(parties, threshold);
        PaillierPublicKey key = keys.PublicKey.PaillierKey;
        BigInteger[] plaintexts = Enumerable.Range(0, 2 + random.Next(20)).Select(_ => Plaintext(RandomBytes(random, 40), key.N)).ToArray();
        PaillierCiphertext[] ciphertexts = key.Encrypt(plaintexts);
        DecryptionShareBatch[] batches = keys.Shares.Select(s => s.CreateDecryptionShares(ciphertexts)).ToArray();
        int cheater = random.Next(threshold);
        BigInteger[] values = batches[cheater].Values.ToArray();
        int position = random.Next(values.Length);
        if (swapInsteadOfFlip)
        {
            int other = (position + 1) % values.Length;
            (values[position], values[other]) = (values[other], values[position]);
        }
        else
        {
            values[position] ^= BigInteger.One << random.Next(64);
        }

        batches[cheater] = new DecryptionShareBatch(batches[cheater].Index, values, batches[cheater].Proof);

        Assert.False(keys.PublicKey.Verify(ciphertexts, batches[cheater]));
        ThresholdBatchDecryptionResult result = new DecryptionShareCombiner(keys.PublicKey).Combine(ciphertexts, batches);

        Assert.Equal(plaintexts, result.Plaintexts);
        Assert.Equal(cheater + 1, Assert.Single(result.Rejected).Index);
    }

    [Fact]
    public void Combine_OneOfOne_DecryptsLikeOrdinaryKey()
    {
        using ThresholdPaillierKeySet keys = _primes.Deal(1, 1);
        using PaillierPrivateKey ordinary = PaillierPrivateKey.FromPrimes(_primes.P, _primes.Q, allowInsecureTestSizes: true);
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(123_456);

        Assert.Equal(ordinary.Decrypt(c), new DecryptionShareCombiner(keys.PublicKey).Combine(c, [keys.Shares[0].CreateDecryptionShare(c)]).Plaintext);
    }

    [Fact]
    public void Verify_ShareFromAnotherDealing_Fails()
    {
        using ThresholdPaillierKeySet keys = _primes.Deal(3, 2);
        using ThresholdPaillierKeySet other = _primes.Deal(3, 2);
        PaillierCiphertext c = keys.PublicKey.PaillierKey.Encrypt(9);

        // Same n, different polynomial and verification keys: a share made with another dealing's secret fails.
        Assert.False(keys.PublicKey.Verify(c, other.Shares[0].CreateDecryptionShare(c)));
        Assert.True(keys.PublicKey.Verify(c, keys.Shares[0].CreateDecryptionShare(c)));
    }

    [Fact]
    public void LagrangeCoefficients_ScaledByDelta_AreIntegersThatInterpolateAtZero()
    {
        // Σ λᵢ·f(i) = Δ·f(0) for f(X) = 3 + 5X + 7X² and every 3-subset of 1..6.
        BigInteger delta = ThresholdPaillierPublicKey.Factorial(6);
        foreach (int[] subset in Subsets(Enumerable.Range(1, 6).ToArray(), 3))
        {
            BigInteger[] lambdas = DecryptionShareCombiner.LagrangeCoefficients(subset, delta);
            BigInteger sum = subset.Select((i, k) => lambdas[k] * (3 + (5 * i) + (7 * i * i))).Aggregate(BigInteger.Zero, (a, b) => a + b);
            Assert.Equal(delta * 3, sum);
        }
    }

    private static IEnumerable<int[]> Subsets(int[] items, int size) =>
        size == 0 ? [[]] : items.SelectMany((x, k) => Subsets(items[(k + 1)..], size - 1).Select(rest => (int[])[x, .. rest]));

    internal static (int Parties, int Threshold) PartiesAndThreshold(byte partiesSource, byte thresholdSource,
        int minimumParties = 1, int minimumThreshold = 1, int maximumThreshold = 0)
    {
        int lowest = Math.Max(minimumParties, minimumThreshold - maximumThreshold);
        int parties = lowest + (partiesSource % (10 - lowest + 1));
        int highest = parties + maximumThreshold;
        int threshold = minimumThreshold + (thresholdSource % (highest - minimumThreshold + 1));
        return (parties, threshold);
    }

    internal static ThresholdKeyShare[] RandomSubset(Random random, IReadOnlyList<ThresholdKeyShare> shares, int count) =>
        shares.OrderBy(_ => random.Next()).Take(count).ToArray();

    internal static BigInteger Plaintext(byte[]? bytes, BigInteger n) => bytes is null ? BigInteger.Zero : new BigInteger(bytes, isUnsigned: true) % n;

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[random.Next(length + 1)];
        random.NextBytes(bytes);
        return bytes;
    }
}
