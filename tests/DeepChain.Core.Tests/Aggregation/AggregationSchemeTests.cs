using DeepChain.Core.Aggregation;
using DeepChain.Crypto.Encoding;

namespace DeepChain.Core.Tests.Aggregation;

/// <summary>The contract every <see cref="IAggregationScheme"/> keeps, run against each scheme with small test keys.</summary>
public sealed class AggregationSchemeTests : IClassFixture<AggregationTestSchemes>
{
    private const int ValueCount = 1500;
    private readonly AggregationTestSchemes _schemes;

    public AggregationSchemeTests(AggregationTestSchemes schemes) => _schemes = schemes;

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.Kinds), MemberType = typeof(AggregationTestSchemes))]
    public void Decrypt_OfAggregate_EqualsPlainSumOfTheSameGradients(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        float[][] gradients = Gradients(seed: 1, scheme.Parties, ValueCount);
        EncryptedGradient aggregate = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 7, gradients[p])).ToArray());
        PartialDecryption[] shares = SharesFrom(scheme, aggregate, Enumerable.Range(0, scheme.Parties));

        var sum = new float[ValueCount];
        DecryptionOutcome outcome = scheme.Decrypt(aggregate, shares, sum);

        Assert.Equal(scheme.Parties, outcome.Summands);
        Assert.Equal(Enumerable.Range(0, scheme.Parties), outcome.IncludedParties);
        Assert.Empty(outcome.Rejected);
        AssertSumMatches(scheme, gradients, sum);
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.Kinds), MemberType = typeof(AggregationTestSchemes))]
    public void Aggregate_OfSerializedUploadsAndPartialAggregates_DecryptsToTheSameSum(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        float[][] gradients = Gradients(seed: 2, scheme.Parties, 300);
        EncryptedGradient[] uploads = Enumerable.Range(0, scheme.Parties)
            .Select(p => EncryptedGradient.Parse(scheme.Encrypt(p, 1, gradients[p]).ToBytes()))
            .ToArray();
        EncryptedGradient left = scheme.Aggregate(uploads[..2]);
        EncryptedGradient right = scheme.Aggregate(uploads[2..]);
        EncryptedGradient aggregate = EncryptedGradient.Parse(scheme.Aggregate([right, left]).ToBytes());
        PartialDecryption[] shares = SharesFrom(scheme, aggregate, Enumerable.Range(0, scheme.Parties))
            .Select(s => PartialDecryption.Parse(s.ToBytes()))
            .ToArray();

        var sum = new float[300];
        scheme.Decrypt(aggregate, shares, sum);

        Assert.Equal(scheme.Parties, aggregate.Summands);
        AssertSumMatches(scheme, gradients, sum, exactFloatOrder: false);
    }

    [Fact]
    public void ThresholdPaillier_AnyThresholdSubsetOfShares_Decrypts()
    {
        IAggregationScheme scheme = _schemes[AggregationSchemeKind.ThresholdPaillier];
        float[][] gradients = Gradients(seed: 3, scheme.Parties, 200);
        EncryptedGradient aggregate = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 0, gradients[p])).ToArray());
        PartialDecryption[] all = SharesFrom(scheme, aggregate, Enumerable.Range(0, scheme.Parties));

        foreach (int[] subset in Subsets(scheme.Parties, scheme.Threshold))
        {
            var sum = new float[200];
            DecryptionOutcome outcome = scheme.Decrypt(aggregate, subset.Select(p => all[p]).ToArray(), sum);
            Assert.Equal(subset, outcome.UsedShares);
            AssertSumMatches(scheme, gradients, sum);
        }
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.EncryptedKinds), MemberType = typeof(AggregationTestSchemes))]
    public void Decrypt_FewerThanThresholdShares_ThrowsInsufficientSharesAndWritesNothing(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        EncryptedGradient aggregate = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 0, Gradients(4, 1, 100)[0])).ToArray());
        PartialDecryption[] shares = SharesFrom(scheme, aggregate, Enumerable.Range(0, scheme.Threshold - 1));
        float[] sum = Enumerable.Repeat(42f, 100).ToArray();

        AggregationException ex = Assert.Throws<AggregationException>(() => scheme.Decrypt(aggregate, shares, sum));

        Assert.Equal(AggregationFailure.InsufficientShares, ex.Reason);
        Assert.All(sum, v => Assert.Equal(42f, v));
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.EncryptedKinds), MemberType = typeof(AggregationTestSchemes))]
    public void Decrypt_TamperedShare_IsDetectedAndSkipped(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        float[][] gradients = Gradients(seed: 5, scheme.Parties, 100);
        EncryptedGradient aggregate = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 0, gradients[p])).ToArray());
        List<PartialDecryption> shares = SharesFrom(scheme, aggregate, Enumerable.Range(0, scheme.Threshold)).ToList();
        int victim = shares[0].Party;
        byte[] bytes = shares[0].ToBytes();

        // The proof (threshold Paillier) or the binding of the share to its ciphertexts (multiparty CKKS: the digest)
        // catches the change; single-key shares are only checked for structure, so flip the aggregate id instead.
        int offset = kind switch
        {
            AggregationSchemeKind.ThresholdPaillier => bytes.Length - 5,
            AggregationSchemeKind.MultipartyCkks => 4 + 1 + 1 + 4 + 4 + 32 + 4 + 3,
            _ => 4 + 1 + 1 + 4 + 4 + 3,
        };
        bytes[offset] ^= 0x10;
        PartialDecryption tampered = PartialDecryption.Parse(bytes);
        shares[0] = tampered;

        Assert.False(scheme.VerifyDecryptionShare(aggregate, tampered));
        Assert.True(scheme.VerifyDecryptionShare(aggregate, scheme.CreateDecryptionShare(scheme.Threshold - 1, aggregate)));
        var sum = new float[100];
        if (scheme.Threshold < scheme.Parties)
        {
            shares.AddRange(scheme.Threshold == 1
                ? [scheme.CreateDecryptionShare(0, aggregate)]
                : SharesFrom(scheme, aggregate, Enumerable.Range(scheme.Threshold, scheme.Parties - scheme.Threshold)));
            DecryptionOutcome outcome = scheme.Decrypt(aggregate, shares, sum);
            Assert.Contains(outcome.Rejected, r => r.Party == victim);
            if (scheme.Threshold > 1)
            {
                Assert.DoesNotContain(victim, outcome.UsedShares);
            }

            AssertSumMatches(scheme, gradients, sum);
        }
        else
        {
            AggregationException ex = Assert.Throws<AggregationException>(() => scheme.Decrypt(aggregate, shares, sum));
            Assert.Equal(AggregationFailure.InsufficientShares, ex.Reason);
            Assert.Contains(ex.Rejected, r => r.Party == victim);
        }
    }

    [Fact]
    public void MultipartyCkks_ShareWithAlteredValues_FailsCombinationWithNoOutput()
    {
        IAggregationScheme scheme = _schemes[AggregationSchemeKind.MultipartyCkks];
        EncryptedGradient aggregate = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 0, Gradients(6, 1, 64)[0])).ToArray());
        PartialDecryption[] shares = SharesFrom(scheme, aggregate, Enumerable.Range(0, scheme.Parties));
        byte[] bytes = shares[1].ToBytes();
        bytes[^3] ^= 0x01; // a high byte of the last residue: still below the prime, so only the combination can tell
        shares[1] = PartialDecryption.Parse(bytes);
        float[] sum = Enumerable.Repeat(42f, 64).ToArray();

        AggregationException ex = Assert.Throws<AggregationException>(() => scheme.Decrypt(aggregate, shares, sum));

        Assert.Equal(AggregationFailure.CombinationFailed, ex.Reason);
        Assert.All(sum, v => Assert.Equal(42f, v));
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.Kinds), MemberType = typeof(AggregationTestSchemes))]
    public void Aggregate_MismatchedRoundDigestPartyOrLength_ThrowsTypedException(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        float[] g = Gradients(7, 1, 50)[0];
        EncryptedGradient a = scheme.Encrypt(0, 3, g);

        Assert.Equal(AggregationFailure.RoundMismatch, Reason(() => scheme.Aggregate([a, scheme.Encrypt(1, 4, g)])));
        Assert.Equal(AggregationFailure.DuplicateParty, Reason(() => scheme.Aggregate([a, scheme.Encrypt(0, 3, g)])));
        Assert.Equal(AggregationFailure.DuplicateParty, Reason(() => scheme.Aggregate([scheme.Aggregate([a, scheme.Encrypt(1, 3, g)]), a])));
        Assert.Equal(AggregationFailure.ValueCountMismatch, Reason(() => scheme.Aggregate([a, scheme.Encrypt(1, 3, g.AsSpan(0, 40))])));
        if (kind != AggregationSchemeKind.Plain)
        {
            // Plain has no keys: two plain schemes of the same size share their parameters.
            Assert.Equal(AggregationFailure.ParametersMismatch, Reason(() => scheme.Aggregate([a, _schemes.Other(kind).Encrypt(1, 3, g)])));
        }

        Assert.Equal(AggregationFailure.Empty, Reason(() => scheme.Aggregate([])));
        AggregationSchemeKind otherKind = kind == AggregationSchemeKind.Plain ? AggregationSchemeKind.Ckks : AggregationSchemeKind.Plain;
        Assert.Equal(AggregationFailure.SchemeMismatch, Reason(() => scheme.Aggregate([a, _schemes[otherKind].Encrypt(1, 3, g)])));
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.Kinds), MemberType = typeof(AggregationTestSchemes))]
    public void Decrypt_ShareForAnotherRoundOrAggregate_IsRejected(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        float[] g = Gradients(8, 1, 50)[0];
        EncryptedGradient round1 = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 1, g)).ToArray());
        EncryptedGradient round2 = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 2, g)).ToArray());
        EncryptedGradient otherRound1 = scheme.Aggregate(Enumerable.Range(0, scheme.Parties).Select(p => scheme.Encrypt(p, 1, g)).ToArray());
        PartialDecryption[] wrongRound = SharesFrom(scheme, round2, Enumerable.Range(0, Math.Max(1, scheme.Threshold)));
        PartialDecryption[] wrongAggregate = SharesFrom(scheme, otherRound1, Enumerable.Range(0, Math.Max(1, scheme.Threshold)));

        Assert.All(wrongRound, s => Assert.False(scheme.VerifyDecryptionShare(round1, s)));
        if (kind != AggregationSchemeKind.Plain)
        {
            // A plain aggregate of the same values in the same round is the very same blob, so its shares fit.
            Assert.All(wrongAggregate, s => Assert.False(scheme.VerifyDecryptionShare(round1, s)));
        }

        if (scheme.Threshold > 0)
        {
            AggregationException ex = Assert.Throws<AggregationException>(() => scheme.Decrypt(round1, [.. wrongRound, .. wrongAggregate], new float[50]));
            Assert.Equal(AggregationFailure.InsufficientShares, ex.Reason);
            Assert.Equal(wrongRound.Length + wrongAggregate.Length, ex.Rejected.Count);
        }
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.Kinds), MemberType = typeof(AggregationTestSchemes))]
    public void Parse_MalformedBytes_ThrowsFormatExceptionNamingTheField(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        byte[] good = scheme.Encrypt(1, 2, Gradients(9, 1, 40)[0]).ToBytes();

        Assert.Equal("body", Field(() => EncryptedGradient.Parse(good.AsSpan(0, good.Length - 1))));
        Assert.Equal("end", Field(() => EncryptedGradient.Parse([.. good, 0])));
        Assert.Equal("magic", Field(() => EncryptedGradient.Parse(Mutate(good, 0, 0x20))));
        Assert.Equal("version", Field(() => EncryptedGradient.Parse(Mutate(good, 4, 0x02))));
        Assert.Equal("kind", Field(() => EncryptedGradient.Parse(Mutate(good, 5, 0x40))));
        Assert.Equal("round", Field(() => EncryptedGradient.Parse(Mutate(good, 38 + 3, 0x80))));
        Assert.Equal("summands", Field(() => EncryptedGradient.Parse(Mutate(good, 46, 0x02))));
        Assert.Equal("party", Field(() => EncryptedGradient.Parse(Mutate(good, 42, 0x02))));
        Assert.Equal("magic", Field(() => EncryptedGradient.Parse([])));
        for (int length = 0; length < 60; length++)
        {
            Assert.Throws<AggregationFormatException>(() => EncryptedGradient.Parse(good.AsSpan(0, length)));
        }
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.Kinds), MemberType = typeof(AggregationTestSchemes))]
    public void Aggregate_BodyOfWrongSizeOrContent_ThrowsInvalidCiphertext(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        float[] g = Gradients(10, 1, 40)[0];
        EncryptedGradient good = scheme.Encrypt(0, 0, g);
        byte[] bytes = good.ToBytes();

        // Shorten the body by one byte (and its length prefix to match): the header parses, the scheme refuses the body.
        int bodyLengthOffset = bytes.Length - good.Body.Length - 4;
        byte[] shortBody = bytes[..^1];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(shortBody.AsSpan(bodyLengthOffset), good.Body.Length - 1);
        EncryptedGradient truncated = EncryptedGradient.Parse(shortBody);

        Assert.Equal(AggregationFailure.InvalidCiphertext, Reason(() => scheme.Aggregate([truncated, scheme.Encrypt(1, 0, g)])));
        PartialDecryption[] none = [];
        Assert.Throws<AggregationException>(() => scheme.Decrypt(truncated, none, new float[40]));
        if (kind is AggregationSchemeKind.Paillier or AggregationSchemeKind.ThresholdPaillier)
        {
            // A ciphertext of zero is not in Z*_{n²}.
            byte[] zero = (byte[])bytes.Clone();
            Array.Clear(zero, bytes.Length - good.Body.Length, good.Body.Length);
            Assert.Equal(AggregationFailure.InvalidCiphertext, Reason(() => scheme.Aggregate([EncryptedGradient.Parse(zero)])));
        }
    }

    [Fact]
    public void Create_DefaultOptions_AreDocumentedDefaults()
    {
        var options = new AggregationSchemeOptions();
        Assert.Equal(16, options.QuantizationBits);
        Assert.Equal(1f, options.ClipRange);
        Assert.Equal(2048, options.PaillierModulusBits);
        Assert.Equal(8192, options.CkksPolyModulusDegree);
        Assert.Equal(Environment.ProcessorCount, options.MaxDegreeOfParallelism);
        Assert.Throws<ArgumentOutOfRangeException>(() => AggregationSchemes.Create(AggregationSchemeKind.Paillier, options with { PaillierModulusBits = 1024 }));
    }

    [Fact]
    public void Encrypt_ProgressOverload_ReportsCompletion()
    {
        IAggregationScheme scheme = _schemes[AggregationSchemeKind.ThresholdPaillier];
        var reports = new List<AggregationProgress>();
        var progress = new SynchronousProgress(reports);
        EncryptedGradient upload = scheme.Encrypt(0, 0, Gradients(11, 1, 500)[0], progress);
        scheme.CreateDecryptionShare(0, upload, progress);

        Assert.Contains(reports, r => r.Operation == "encrypt" && r.Completed == r.Total && r.Total > 1);
        Assert.Contains(reports, r => r.Operation == "decryption-share" && r.Completed == r.Total && r.Total > 1);
    }

    [Theory]
    [MemberData(nameof(AggregationTestSchemes.Kinds), MemberType = typeof(AggregationTestSchemes))]
    public void ToString_NeverShowsContent(AggregationSchemeKind kind)
    {
        IAggregationScheme scheme = _schemes[kind];
        EncryptedGradient upload = scheme.Encrypt(2, 5, [0.25f, -0.5f]);
        Assert.StartsWith("EncryptedGradient(", upload.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0.25", upload.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Key", scheme.ToString()!, StringComparison.Ordinal);
    }

    internal static float[][] Gradients(int seed, int parties, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, parties)
            .Select(_ => Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2.4) - 1.2) * (random.Next(4) == 0 ? 0.001f : 1f)).ToArray())
            .ToArray();
    }

    internal static PartialDecryption[] SharesFrom(IAggregationScheme scheme, EncryptedGradient aggregate, IEnumerable<int> parties) =>
        scheme.Threshold == 1
            ? parties.Contains(0) ? [scheme.CreateDecryptionShare(0, aggregate)] : []
            : parties.Select(p => scheme.CreateDecryptionShare(p, aggregate)).ToArray();

    /// <summary>
    /// Paillier schemes: exactly the dequantized sum of the quantized gradients. CKKS: within the scheme's bound of the
    /// float sum. Plain: the float sum itself.
    /// </summary>
    internal static void AssertSumMatches(IAggregationScheme scheme, float[][] gradients, float[] sum, bool exactFloatOrder = true)
    {
        int length = gradients[0].Length;
        switch (scheme)
        {
            case PaillierAggregationScheme or ThresholdPaillierAggregationScheme:
            {
                GradientQuantizer quantizer = scheme.Quantization!.Value.CreateQuantizer();
                var offsetSums = new ulong[length];
                var offsets = new uint[length];
                foreach (float[] g in gradients)
                {
                    quantizer.QuantizeOffset(g, offsets);
                    for (int i = 0; i < length; i++)
                    {
                        offsetSums[i] += offsets[i];
                    }
                }

                var expected = new float[length];
                quantizer.DequantizeSum(offsetSums, gradients.Length, expected);
                Assert.Equal(expected, sum[..length]);
                break;
            }

            case PlainAggregationScheme:
            {
                var expected = new float[length];
                GradientKernels.SumScalarReference(gradients.Select(g => (ReadOnlyMemory<float>)g).ToArray(), expected);
                if (exactFloatOrder)
                {
                    Assert.Equal(expected, sum[..length]);
                }
                else
                {
                    AssertClose(expected, sum, gradients, 0);
                }

                break;
            }

            default:
            {
                double bound = scheme is CkksAggregationScheme single ? single.AbsoluteErrorBound : ((MultipartyCkksAggregationScheme)scheme).AbsoluteErrorBound;
                Assert.True(bound < 1e-3, $"The documented bound {bound} is too loose to be useful.");
                var expected = new float[length];
                GradientKernels.SumScalarReference(gradients.Select(g => (ReadOnlyMemory<float>)g).ToArray(), expected);
                AssertClose(expected, sum, gradients, bound);
                break;
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual, float[][] gradients, double bound)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            // Float rounding of the reference sum and of the result: n + 1 roundings of at most 2^-24 of the magnitudes.
            double magnitude = gradients.Sum(g => Math.Abs((double)g[i]));
            double tolerance = bound + ((gradients.Length + 1) * magnitude * Math.Pow(2, -24));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"Value {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
        }
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) == k)
            {
                yield return Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0).ToArray();
            }
        }
    }

    private static AggregationFailure Reason(Action action) => Assert.Throws<AggregationException>(action).Reason;

    private static string? Field(Func<object> action) => Assert.Throws<AggregationFormatException>(() => action()).Field;

    private static byte[] Mutate(byte[] source, int index, byte xor)
    {
        byte[] copy = (byte[])source.Clone();
        copy[index] ^= xor;
        return copy;
    }

    private sealed class SynchronousProgress(List<AggregationProgress> reports) : IProgress<AggregationProgress>
    {
        public void Report(AggregationProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
