using System.Numerics;
using DeepChain.Core.Ledger;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// The DeepChain scheme: packed, quantized gradients under a t-of-n threshold Paillier key; any t parties' verifiable
/// decryption shares reveal the sum, fewer reveal nothing.
/// </summary>
/// <remarks>
/// <para>Encoding: each value is clipped to [-c, c], quantized to b bits and offset to <c>u ∈ [0, 2^b − 2]</c>
/// (<see cref="Crypto.Encoding.GradientQuantizer"/>); <c>k = ⌊(bits(n) − 1)/(b + ⌈log₂ n_parties⌉)⌋</c> values are packed per
/// plaintext with carry headroom for n summands (<see cref="Crypto.Encoding.SlotPacker"/>); each plaintext is encrypted as
/// <c>(1 + m·n)·rⁿ mod n²</c>. Aggregation multiplies ciphertexts slot-wise (adds plaintexts); the decrypted slot sums
/// <c>S</c> give <c>(S − N·M)·Δ</c>, the exact sum of the quantized gradients.</para>
/// <para>Decryption: party i's share of ciphertext c is <c>c^(2Δsᵢ) mod n²</c> with one Chaum–Pedersen proof for the whole
/// batch (<see cref="ThresholdKeyShare.CreateDecryptionShares(ReadOnlySpan{PaillierCiphertext})"/>); t verified shares combine by
/// Lagrange interpolation in the exponent (Shoup 2000; Damgård–Jurik 2001). A share whose proof fails is skipped and
/// reported. Cost per party: one ~(2·bits(n))-bit exponentiation modulo n² per ciphertext, so fewer quantization bits
/// (more values per ciphertext) shorten every round.</para>
/// <para>The dealer's key set is held by this object (it simulates all parties in one process); dispose it to drop the
/// secret shares.</para>
/// </remarks>
public sealed class ThresholdPaillierAggregationScheme : IAggregationScheme
{
    private readonly ThresholdPaillierKeySet _keys;
    private readonly PackedPaillierCodec _codec;
    private readonly DecryptionShareCombiner _combiner;

    /// <summary>Creates the scheme with a freshly dealt key (safe primes: seconds to minutes at 2048 bits).</summary>
    /// <param name="options">The options: parties, threshold, quantization, modulus size, parallelism.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or the packing has no room.</exception>
    public ThresholdPaillierAggregationScheme(AggregationSchemeOptions options)
        : this(options, Deal(options))
    {
    }

    /// <summary>Creates the scheme over an existing dealt key set (for example one imported with
    /// <see cref="ThresholdPaillierBinaryFormat"/>); the scheme takes ownership and disposes it.</summary>
    /// <param name="options">The options; <see cref="AggregationSchemeOptions.Parties"/> and the threshold must match the key.</param>
    /// <param name="keys">The key set.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key's parties or threshold differ from the options.</exception>
    public ThresholdPaillierAggregationScheme(AggregationSchemeOptions options, ThresholdPaillierKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        options.Validate();
        if (keys.PublicKey.Parties != options.Parties || keys.PublicKey.Threshold != options.ResolvedThreshold)
        {
            throw new ArgumentException(
                $"The key is {keys.PublicKey.Threshold} of {keys.PublicKey.Parties}; the options ask for {options.ResolvedThreshold} of {options.Parties}.", nameof(keys));
        }

        _keys = keys;
        Parties = options.Parties;
        Threshold = options.ResolvedThreshold;
        Quantization = new GradientQuantization(options.ClipRange, options.QuantizationBits);
        _codec = new PackedPaillierCodec(keys.PublicKey.PaillierKey, Quantization.Value, Parties, options.ParallelOptions);
        _combiner = new DecryptionShareCombiner(keys.PublicKey);
        ParametersDigest = SchemeChecks.Digest(Kind, Parties, Threshold, Quantization, ThresholdPaillierBinaryFormat.ExportPublicKey(keys.PublicKey));
    }

    /// <inheritdoc/>
    public AggregationSchemeKind Kind => AggregationSchemeKind.ThresholdPaillier;

    /// <inheritdoc/>
    public int Parties { get; }

    /// <inheritdoc/>
    public int Threshold { get; }

    /// <inheritdoc/>
    public BlobId ParametersDigest { get; }

    /// <inheritdoc/>
    public GradientQuantization? Quantization { get; }

    /// <inheritdoc/>
    public int MaxSummands => Parties;

    /// <summary>Gets the threshold public key.</summary>
    public ThresholdPaillierPublicKey PublicKey => _keys.PublicKey;

    /// <summary>Gets the number of values packed per ciphertext.</summary>
    public int ValuesPerCiphertext => _codec.Packer.SlotsPerPlaintext;

    /// <summary>Returns the number of ciphertexts a gradient of <paramref name="valueCount"/> values takes.</summary>
    /// <param name="valueCount">The number of values.</param>
    /// <returns><c>⌈valueCount / </c><see cref="ValuesPerCiphertext"/><c>⌉</c>.</returns>
    public int GetCiphertextCount(int valueCount) => _codec.CiphertextCount(valueCount);

    /// <inheritdoc/>
    public EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient) => Encrypt(party, round, gradient, progress: null);

    /// <inheritdoc/>
    public EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient, IProgress<AggregationProgress>? progress)
    {
        SchemeChecks.CheckParty(party, Parties);
        SchemeChecks.CheckRound(round);
        (PaillierCiphertext[] ciphertexts, byte[] body) = _codec.Encrypt(gradient, progress);
        return new EncryptedGradient(Kind, ParametersDigest, round, party, 1, EncryptedGradient.MaskOf(party), gradient.Length, body, ciphertexts);
    }

    /// <inheritdoc/>
    public EncryptedGradient Aggregate(IReadOnlyList<EncryptedGradient> gradients)
    {
        (int round, int valueCount, int summands, byte[] mask) = SchemeChecks.CheckAggregation(this, gradients);
        PaillierCiphertext[][] inputs = gradients.Select(_codec.Ciphertexts).ToArray();
        PaillierCiphertext[] sums = _codec.Sum(inputs);
        return new EncryptedGradient(Kind, ParametersDigest, round, EncryptedGradient.AggregateParty, summands, mask, valueCount, _codec.Serialize(sums), sums);
    }

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate) => CreateDecryptionShare(party, aggregate, progress: null);

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate, IProgress<AggregationProgress>? progress)
    {
        SchemeChecks.CheckParty(party, Parties);
        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        PaillierCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        if (ciphertexts.Length == 0)
        {
            return new PartialDecryption(Kind, aggregate.Round, party, aggregate.ContentId, [], parsedBody: null);
        }

        int completed = 0;
        int total = ciphertexts.Length;
        int step = Math.Max(1, total / 100);
        progress?.Report(new AggregationProgress("decryption-share", 0, total));
        DecryptionShareBatch batch = _keys.Shares[party].CreateDecryptionShares(ciphertexts, _codec.ParallelOptions, () =>
        {
            int done = Interlocked.Increment(ref completed);
            if (progress is not null && (done % step == 0 || done == total))
            {
                progress.Report(new AggregationProgress("decryption-share", done, total));
            }
        });
        byte[] body = ThresholdPaillierBinaryFormat.ExportDecryptionShareBatch(PublicKey, batch);
        return new PartialDecryption(Kind, aggregate.Round, party, aggregate.ContentId, body, new ShareState(batch));
    }

    /// <inheritdoc/>
    /// <remarks>Verifies the batch's zero-knowledge proof (two multi-exponentiations over the batch and four
    /// exponentiations); the result is remembered, so <see cref="Decrypt"/> does not verify the same share again.</remarks>
    public bool VerifyDecryptionShare(EncryptedGradient aggregate, PartialDecryption share)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(share);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        BlobId id = aggregate.ContentId;
        return SchemeChecks.Binding(this, aggregate, id, share) is null && CheckShare(aggregate, id, share) is null;
    }

    /// <inheritdoc/>
    /// <remarks>Shares are screened (scheme, round, aggregate id, party, duplicates), then their proofs are verified
    /// t at a time in party order until t are valid; exactly t are combined.</remarks>
    public DecryptionOutcome Decrypt(EncryptedGradient aggregate, IReadOnlyList<PartialDecryption> shares, Span<float> sum)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        SchemeChecks.CheckSumLength(aggregate, sum);
        PaillierCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        BlobId id = aggregate.ContentId;
        (List<PartialDecryption> candidates, List<RejectedShare> rejected) = SchemeChecks.Screen(this, aggregate, shares, _ => null);

        var used = new List<PartialDecryption>(Threshold);
        int next = 0;
        while (used.Count < Threshold && next < candidates.Count)
        {
            int take = Math.Min(Threshold - used.Count, candidates.Count - next);
            var reasons = new string?[take];
            int offset = next;
            Parallel.For(0, take, _codec.ParallelOptions, k => reasons[k] = CheckShare(aggregate, id, candidates[offset + k]));
            for (int k = 0; k < take; k++)
            {
                if (reasons[k] is null)
                {
                    used.Add(candidates[offset + k]);
                }
                else
                {
                    rejected.Add(new RejectedShare(candidates[offset + k].Party, reasons[k]!));
                }
            }

            next += take;
        }

        if (used.Count < Threshold)
        {
            throw SchemeChecks.Insufficient(this, used.Count, rejected);
        }

        if (ciphertexts.Length > 0)
        {
            BigInteger[] plaintexts;
            try
            {
                plaintexts = _combiner.CombineVerified(ciphertexts, used.Select(s => ((ShareState)s.ParsedBody!).Batch).ToArray(), _codec.ParallelOptions);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new AggregationException(AggregationFailure.CombinationFailed, "The verified shares do not combine consistently.", rejected, ex);
            }

            _codec.Decode(plaintexts, aggregate.Summands, aggregate.ValueCount, sum);
        }

        return new DecryptionOutcome(aggregate.Summands, aggregate.Parties, used.Select(s => s.Party).ToArray(), rejected);
    }

    /// <summary>Drops every party's secret key share.</summary>
    public void Dispose() => _keys.Dispose();

    /// <summary>Describes the scheme by its public parameters.</summary>
    /// <returns>A string such as <c>ThresholdPaillierAggregationScheme(5 of 8, 2048 bits, 16-bit values)</c>.</returns>
    public override string ToString() =>
        $"ThresholdPaillierAggregationScheme({Threshold} of {Parties}, {PublicKey.ModulusBits} bits, {Quantization!.Value.Bits}-bit values)";

    internal static ThresholdPaillierKeySet Deal(AggregationSchemeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.AllowInsecureTestParameters
            ? ThresholdPaillierDealer.GenerateInsecureForTests(options.PaillierModulusBits, options.Parties, options.ResolvedThreshold)
            : ThresholdPaillierDealer.Generate(options.PaillierModulusBits, options.Parties, options.ResolvedThreshold);
    }

    /// <summary>Parses (once) and verifies (once per aggregate) a share's batch; <see langword="null"/> when valid.</summary>
    private string? CheckShare(EncryptedGradient aggregate, BlobId id, PartialDecryption share)
    {
        PaillierCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        if (ciphertexts.Length == 0)
        {
            return share.Body.IsEmpty ? null : "a share of an empty aggregate has an empty body.";
        }

        ShareState? state = share.ParsedBody as ShareState;
        if (state is null)
        {
            DecryptionShareBatch batch;
            try
            {
                batch = ThresholdPaillierBinaryFormat.ImportDecryptionShareBatch(PublicKey, share.Body.Span);
            }
            catch (FormatException ex)
            {
                return "the share body is malformed: " + ex.Message;
            }

            state = new ShareState(batch);
            share.ParsedBody = state;
        }

        if (state.Batch.Index != share.Party + 1)
        {
            return $"the share body belongs to party {state.Batch.Index - 1}, not {share.Party}.";
        }

        lock (state)
        {
            if (state.VerifiedFor == id)
            {
                return null;
            }
        }

        if (!PublicKey.Verify(ciphertexts, state.Batch))
        {
            return "the proof of correct decryption does not verify.";
        }

        lock (state)
        {
            state.VerifiedFor = id;
        }

        return null;
    }

    private sealed class ShareState(DecryptionShareBatch batch)
    {
        public DecryptionShareBatch Batch { get; } = batch;

        public BlobId? VerifiedFor { get; set; }
    }
}
