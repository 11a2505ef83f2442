using DeepChain.Core.Ledger;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// A way to aggregate n parties' gradients so that only their sum is ever revealed: each party encrypts its gradient,
/// anyone sums the ciphertexts, and <see cref="Threshold"/> parties' decryption shares reveal the sum.
/// </summary>
/// <remarks>
/// <para>Party indices are 0 … n − 1 throughout. An in-process scheme object holds every party's key material (it
/// simulates all parties); each party's operations use only that party's share.</para>
/// <para>Implementations: <see cref="PlainAggregationScheme"/>, <see cref="PaillierAggregationScheme"/>,
/// <see cref="ThresholdPaillierAggregationScheme"/>, <see cref="CkksAggregationScheme"/> and
/// <see cref="MultipartyCkksAggregationScheme"/>; create them with <see cref="AggregationSchemes.Create"/>. Every
/// method is thread-safe.</para>
/// </remarks>
public interface IAggregationScheme : IDisposable
{
    /// <summary>Gets the scheme's kind (stored in every gradient header).</summary>
    AggregationSchemeKind Kind { get; }

    /// <summary>Gets the number of parties n.</summary>
    int Parties { get; }

    /// <summary>Gets the number of valid decryption shares one aggregate needs: plain 0, single-key 1 (the key holder,
    /// party 0), threshold Paillier t, multiparty CKKS n.</summary>
    int Threshold { get; }

    /// <summary>Gets the SHA-256 over the public parameters, public keys and quantization; every gradient carries it.</summary>
    BlobId ParametersDigest { get; }

    /// <summary>Gets the clip range and bits of the integer schemes; <see langword="null"/> for plain and CKKS (which
    /// encode values at a fixed-point scale instead).</summary>
    GradientQuantization? Quantization { get; }

    /// <summary>Gets the most gradients one aggregate may hold (n: the packing's carry headroom is sized for it).</summary>
    int MaxSummands { get; }

    /// <summary>Encrypts party <paramref name="party"/>'s gradient for round <paramref name="round"/>.</summary>
    /// <param name="party">The uploading party, 0 … n − 1.</param>
    /// <param name="round">The round, zero or more.</param>
    /// <param name="gradient">The gradient; NaN is rejected, integer schemes clip to the clip range.</param>
    /// <returns>The encrypted gradient (one party, one summand).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="party"/> or <paramref name="round"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> contains NaN, or a CKKS value is not finite.</exception>
    EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient);

    /// <summary>Encrypts a gradient, reporting progress per batch of ciphertexts.</summary>
    /// <param name="party">The uploading party, 0 … n − 1.</param>
    /// <param name="round">The round, zero or more.</param>
    /// <param name="gradient">The gradient.</param>
    /// <param name="progress">Receives progress; may be <see langword="null"/>.</param>
    /// <returns>The encrypted gradient.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="party"/> or <paramref name="round"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> contains NaN.</exception>
    EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient, IProgress<AggregationProgress>? progress);

    /// <summary>Sums encrypted gradients (or partial aggregates) homomorphically.</summary>
    /// <param name="gradients">At least one gradient of this scheme, parameters digest, round and value count, from
    /// pairwise disjoint sets of parties, with at most <see cref="MaxSummands"/> summands in all.</param>
    /// <returns>The aggregate (<see cref="EncryptedGradient.AggregateParty"/>, the union of the parties).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradients"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="AggregationException">The gradients do not belong together (see <see cref="AggregationFailure"/>)
    /// or a ciphertext is invalid; nothing is returned.</exception>
    EncryptedGradient Aggregate(IReadOnlyList<EncryptedGradient> gradients);

    /// <summary>Makes party <paramref name="party"/>'s decryption share of an aggregate.</summary>
    /// <param name="party">The sharing party, 0 … n − 1 (single-key schemes: only the key holder, 0).</param>
    /// <param name="aggregate">The aggregate (an upload is also accepted: it is a sum of one).</param>
    /// <returns>The share, bound to the aggregate's content id and round.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="party"/> holds no key share.</exception>
    /// <exception cref="AggregationException">The aggregate belongs to another scheme or parameters, or is invalid.</exception>
    PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate);

    /// <summary>Makes a decryption share, reporting progress.</summary>
    /// <param name="party">The sharing party.</param>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="progress">Receives progress; may be <see langword="null"/>.</param>
    /// <returns>The share.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="party"/> holds no key share.</exception>
    /// <exception cref="AggregationException">The aggregate belongs to another scheme or parameters, or is invalid.</exception>
    PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate, IProgress<AggregationProgress>? progress);

    /// <summary>Checks a decryption share against its aggregate: the zero-knowledge proof for threshold Paillier,
    /// structure, binding and party otherwise.</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="share">The share.</param>
    /// <returns><see langword="true"/> when the share may be combined.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    bool VerifyDecryptionShare(EncryptedGradient aggregate, PartialDecryption share);

    /// <summary>Combines decryption shares and writes the sum of the aggregated (dequantized) gradients.</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="shares">Shares from distinct or repeated parties in any order; invalid ones are skipped and reported.</param>
    /// <param name="sum">Receives the <see cref="EncryptedGradient.ValueCount"/> sums; nothing is written on failure.</param>
    /// <returns>The summands, the shares used and those rejected.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="sum"/> is shorter than the value count.</exception>
    /// <exception cref="AggregationException">Fewer than <see cref="Threshold"/> valid shares
    /// (<see cref="AggregationFailure.InsufficientShares"/>), shares that do not combine, or an aggregate of another scheme.</exception>
    DecryptionOutcome Decrypt(EncryptedGradient aggregate, IReadOnlyList<PartialDecryption> shares, Span<float> sum);
}
