using System.Buffers.Binary;
using System.Security.Cryptography;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Aggregation;

/// <summary>The checks every scheme makes at its public edge, written once.</summary>
internal static class SchemeChecks
{
    public static void CheckParty(int party, int parties, string parameterName = "party")
    {
        if (party < 0 || party >= parties)
        {
            throw new ArgumentOutOfRangeException(parameterName, party, $"The party index must be from 0 to {parties - 1}.");
        }
    }

    public static void CheckRound(int round) => ArgumentOutOfRangeException.ThrowIfNegative(round);

    public static void ThrowIfNaN(ReadOnlySpan<float> gradient)
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (float.IsNaN(gradient[i]))
            {
                throw new ArgumentException($"The value at index {i} is NaN.", nameof(gradient));
            }
        }
    }

    /// <summary>Throws unless <paramref name="gradient"/> was made by this scheme under these parameters.</summary>
    public static void CheckBelongs(IAggregationScheme scheme, EncryptedGradient gradient, string what = "the gradient")
    {
        if (gradient.Kind != scheme.Kind)
        {
            throw new AggregationException(AggregationFailure.SchemeMismatch, $"{Capitalize(what)} was made under {gradient.Kind}, not {scheme.Kind}.");
        }

        if (gradient.ParametersDigest != scheme.ParametersDigest)
        {
            throw new AggregationException(AggregationFailure.ParametersMismatch, $"{Capitalize(what)} was made under other parameters or keys (digest {gradient.ParametersDigest}).");
        }

        if (gradient.PartyMask.Length * 8 > scheme.Parties && gradient.Parties.Any(p => p >= scheme.Parties))
        {
            throw new AggregationException(AggregationFailure.InvalidCiphertext, $"{Capitalize(what)} names a party beyond the scheme's {scheme.Parties}.");
        }

        if (gradient.Summands > scheme.MaxSummands)
        {
            throw new AggregationException(AggregationFailure.TooManySummands, $"{Capitalize(what)} holds {gradient.Summands} summands; at most {scheme.MaxSummands} fit.");
        }
    }

    /// <summary>Checks a set of gradients for <see cref="IAggregationScheme.Aggregate"/>; returns their round, value count and union mask.</summary>
    public static (int Round, int ValueCount, int Summands, byte[] Mask) CheckAggregation(IAggregationScheme scheme, IReadOnlyList<EncryptedGradient> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count == 0)
        {
            throw new AggregationException(AggregationFailure.Empty, "At least one gradient is needed.");
        }

        EncryptedGradient first = gradients[0] ?? throw new ArgumentNullException(nameof(gradients));
        int summands = 0;
        var seen = new HashSet<int>();
        for (int k = 0; k < gradients.Count; k++)
        {
            EncryptedGradient g = gradients[k] ?? throw new ArgumentNullException(nameof(gradients));
            CheckBelongs(scheme, g, $"gradient {k}");
            if (g.Round != first.Round)
            {
                throw new AggregationException(AggregationFailure.RoundMismatch, $"Gradient {k} is for round {g.Round}; gradient 0 is for round {first.Round}.");
            }

            if (g.ValueCount != first.ValueCount)
            {
                throw new AggregationException(AggregationFailure.ValueCountMismatch, $"Gradient {k} has {g.ValueCount} values; gradient 0 has {first.ValueCount}.");
            }

            foreach (int party in g.Parties)
            {
                if (!seen.Add(party))
                {
                    throw new AggregationException(AggregationFailure.DuplicateParty, $"Party {party}'s gradient appears more than once.");
                }
            }

            summands += g.Summands;
        }

        if (summands > scheme.MaxSummands)
        {
            throw new AggregationException(AggregationFailure.TooManySummands, $"The sum would hold {summands} summands; the packing's carry bits allow at most {scheme.MaxSummands}.");
        }

        return (first.Round, first.ValueCount, summands, EncryptedGradient.UnionOfMasks(gradients));
    }

    /// <summary>
    /// Sorts shares into those that pass the scheme-independent checks (scheme, round, aggregate id, party, no duplicate,
    /// then <paramref name="check"/>) and those that do not; valid ones are ordered by party.
    /// </summary>
    public static (List<PartialDecryption> Valid, List<RejectedShare> Rejected) Screen(IAggregationScheme scheme, EncryptedGradient aggregate,
        IReadOnlyList<PartialDecryption> shares, Func<PartialDecryption, string?> check)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var valid = new List<PartialDecryption>();
        var rejected = new List<RejectedShare>();
        var seen = new HashSet<int>();
        BlobId id = aggregate.ContentId;
        foreach (PartialDecryption share in shares)
        {
            ArgumentNullException.ThrowIfNull(share, nameof(shares));
            string? reason = Binding(scheme, aggregate, id, share);
            if (reason is null && !seen.Add(share.Party))
            {
                reason = "a share from this party was already accepted.";
            }

            reason ??= check(share);
            if (reason is null)
            {
                valid.Add(share);
            }
            else
            {
                rejected.Add(new RejectedShare(share.Party, reason));
            }
        }

        valid.Sort((a, b) => a.Party.CompareTo(b.Party));
        return (valid, rejected);
    }

    /// <summary>The binding checks of a share: scheme, round, aggregate id, party range; <see langword="null"/> when they pass.</summary>
    public static string? Binding(IAggregationScheme scheme, EncryptedGradient aggregate, BlobId aggregateId, PartialDecryption share)
    {
        if (share.Kind != scheme.Kind)
        {
            return $"the share is for {share.Kind}, not {scheme.Kind}.";
        }

        if (share.Round != aggregate.Round)
        {
            return $"the share is for round {share.Round}, the aggregate for round {aggregate.Round}.";
        }

        if (share.AggregateId != aggregateId)
        {
            return "the share was made for another aggregate.";
        }

        if (share.Party < 0 || share.Party >= scheme.Parties)
        {
            return $"no party has index {share.Party}.";
        }

        return null;
    }

    public static AggregationException Insufficient(IAggregationScheme scheme, int valid, IReadOnlyList<RejectedShare> rejected) =>
        new(AggregationFailure.InsufficientShares,
            $"{valid} valid decryption shares were given; {scheme.Kind} needs {scheme.Threshold}." +
            (rejected.Count > 0 ? $" Rejected: {string.Join("; ", rejected.Select(r => $"party {r.Party}: {r.Reason}"))}" : string.Empty),
            rejected);

    public static void CheckSumLength(EncryptedGradient aggregate, Span<float> sum)
    {
        if (sum.Length < aggregate.ValueCount)
        {
            throw new ArgumentException($"The destination has {sum.Length} elements; the aggregate has {aggregate.ValueCount} values.", nameof(sum));
        }
    }

    /// <summary>SHA-256 over a domain label, the kind, party count, threshold, quantization and the public material.</summary>
    public static BlobId Digest(AggregationSchemeKind kind, int parties, int threshold, GradientQuantization? quantization, params ReadOnlySpan<byte[]> publicMaterial)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("DeepChain/aggregation/parameters/v1"u8);
        var field = new byte[4];
        void AppendInt32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(field, value);
            hash.AppendData(field);
        }

        AppendInt32((int)kind);
        AppendInt32(parties);
        AppendInt32(threshold);
        AppendInt32(quantization?.Bits ?? 0);
        AppendInt32(BitConverter.SingleToInt32Bits(quantization?.ClipRange ?? 0f));
        foreach (byte[] material in publicMaterial)
        {
            AppendInt32(material.Length);
            hash.AppendData(material);
        }

        return new BlobId(hash.GetHashAndReset());
    }

    /// <summary>Runs <paramref name="body"/> over [0, count) in chunks on bounded threads, reporting completed units.</summary>
    public static void ParallelChunks(int count, ParallelOptions options, IProgress<AggregationProgress>? progress, string operation, Action<int> body)
    {
        int completed = 0;
        int step = Math.Max(1, count / 100);
        progress?.Report(new AggregationProgress(operation, 0, count));
        Parallel.For(0, count, options, i =>
        {
            body(i);
            int done = Interlocked.Increment(ref completed);
            if (progress is not null && (done % step == 0 || done == count))
            {
                progress.Report(new AggregationProgress(operation, done, count));
            }
        });
    }

    private static string Capitalize(string what) => char.ToUpperInvariant(what[0]) + what[1..];
}
