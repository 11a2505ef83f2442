using System.Numerics;
using DeepChain.Core.Ledger;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// Packed, quantized gradients under one Paillier key pair held by party 0: for tests and comparison only, since the
/// key holder could decrypt any single party's gradient.
/// </summary>
/// <remarks>
/// <para>Encoding and aggregation are those of <see cref="ThresholdPaillierAggregationScheme"/> (quantize, offset, pack
/// with carry headroom, encrypt <c>(1 + m·n)·rⁿ mod n²</c>, multiply ciphertexts). The key holder's "decryption share"
/// is the decrypted packed sums themselves (CRT decryption modulo p² and q²), fixed-width little-endian integers below n;
/// it cannot be proven correct, so <see cref="VerifyDecryptionShare"/> checks only its binding, party and structure.</para>
/// </remarks>
public sealed class PaillierAggregationScheme : IAggregationScheme
{
    private readonly PaillierKeyPair _keys;
    private readonly PackedPaillierCodec _codec;
    private readonly int _plaintextBytes;

    /// <summary>Creates the scheme with a fresh key pair.</summary>
    /// <param name="options">The options: parties, quantization, modulus size, parallelism.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PaillierAggregationScheme(AggregationSchemeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _keys = options.AllowInsecureTestParameters
            ? PaillierKeyPair.GenerateInsecureForTests(options.PaillierModulusBits)
            : PaillierKeyPair.Generate(options.PaillierModulusBits);
        Parties = options.Parties;
        Quantization = new GradientQuantization(options.ClipRange, options.QuantizationBits);
        _codec = new PackedPaillierCodec(_keys.PublicKey, Quantization.Value, Parties, options.ParallelOptions);
        _plaintextBytes = (int)((_keys.PublicKey.N.GetBitLength() + 7) / 8);
        ParametersDigest = SchemeChecks.Digest(Kind, Parties, Threshold, Quantization, PaillierBinaryFormat.ExportPublicKey(_keys.PublicKey));
    }

    /// <inheritdoc/>
    public AggregationSchemeKind Kind => AggregationSchemeKind.Paillier;

    /// <inheritdoc/>
    public int Parties { get; }

    /// <inheritdoc/>
    /// <value>Always 1: the key holder, party 0.</value>
    public int Threshold => 1;

    /// <inheritdoc/>
    public BlobId ParametersDigest { get; }

    /// <inheritdoc/>
    public GradientQuantization? Quantization { get; }

    /// <inheritdoc/>
    public int MaxSummands => Parties;

    /// <summary>Gets the public key.</summary>
    public PaillierPublicKey PublicKey => _keys.PublicKey;

    /// <summary>Gets the number of values packed per ciphertext.</summary>
    public int ValuesPerCiphertext => _codec.Packer.SlotsPerPlaintext;

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
        PaillierCiphertext[] sums = _codec.Sum(gradients.Select(_codec.Ciphertexts).ToArray());
        return new EncryptedGradient(Kind, ParametersDigest, round, EncryptedGradient.AggregateParty, summands, mask, valueCount, _codec.Serialize(sums), sums);
    }

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate) => CreateDecryptionShare(party, aggregate, progress: null);

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate, IProgress<AggregationProgress>? progress)
    {
        if (party != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(party), party, "Only the key holder, party 0, can decrypt under single-key Paillier.");
        }

        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        PaillierCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        var plaintexts = new BigInteger[ciphertexts.Length];
        PaillierPrivateKey key = _keys.PrivateKey;
        SchemeChecks.ParallelChunks(ciphertexts.Length, _codec.ParallelOptions, progress, "decryption-share", j => plaintexts[j] = key.Decrypt(ciphertexts[j]));
        var body = new byte[plaintexts.Length * _plaintextBytes];
        for (int j = 0; j < plaintexts.Length; j++)
        {
            plaintexts[j].TryWriteBytes(body.AsSpan(j * _plaintextBytes, _plaintextBytes), out _, isUnsigned: true, isBigEndian: false);
        }

        return new PartialDecryption(Kind, aggregate.Round, party, aggregate.ContentId, body, plaintexts);
    }

    /// <inheritdoc/>
    public bool VerifyDecryptionShare(EncryptedGradient aggregate, PartialDecryption share)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(share);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        return SchemeChecks.Binding(this, aggregate, aggregate.ContentId, share) is null && Check(aggregate, share) is null;
    }

    /// <inheritdoc/>
    public DecryptionOutcome Decrypt(EncryptedGradient aggregate, IReadOnlyList<PartialDecryption> shares, Span<float> sum)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        SchemeChecks.CheckSumLength(aggregate, sum);
        (List<PartialDecryption> valid, List<RejectedShare> rejected) = SchemeChecks.Screen(this, aggregate, shares, share => Check(aggregate, share));
        if (valid.Count < Threshold)
        {
            throw SchemeChecks.Insufficient(this, valid.Count, rejected);
        }

        _codec.Decode((BigInteger[])valid[0].ParsedBody!, aggregate.Summands, aggregate.ValueCount, sum);
        return new DecryptionOutcome(aggregate.Summands, aggregate.Parties, [valid[0].Party], rejected);
    }

    /// <summary>Drops the private key.</summary>
    public void Dispose() => _keys.Dispose();

    /// <summary>Describes the scheme by its public parameters.</summary>
    /// <returns>A string such as <c>PaillierAggregationScheme(8 parties, 2048 bits, 16-bit values)</c>.</returns>
    public override string ToString() => $"PaillierAggregationScheme({Parties} parties, {PublicKey.ModulusBits} bits, {Quantization!.Value.Bits}-bit values)";

    private string? Check(EncryptedGradient aggregate, PartialDecryption share)
    {
        if (share.Party != 0)
        {
            return "only the key holder, party 0, decrypts under single-key Paillier.";
        }

        int count = _codec.CiphertextCount(aggregate.ValueCount);
        if (share.ParsedBody is BigInteger[] parsed && parsed.Length == count)
        {
            return null;
        }

        ReadOnlySpan<byte> body = share.Body.Span;
        if (body.Length != (long)count * _plaintextBytes)
        {
            return $"the share has {body.Length} bytes; {count} plaintexts of {_plaintextBytes} bytes were expected.";
        }

        var plaintexts = new BigInteger[count];
        for (int j = 0; j < count; j++)
        {
            plaintexts[j] = new BigInteger(body.Slice(j * _plaintextBytes, _plaintextBytes), isUnsigned: true, isBigEndian: false);
            if (plaintexts[j] >= PublicKey.N)
            {
                return $"plaintext {j} is not below n.";
            }
        }

        share.ParsedBody = plaintexts;
        return null;
    }
}
