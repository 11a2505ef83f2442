using System.Buffers.Binary;
using DeepChain.Core.Ledger;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// Gradients as CKKS ciphertexts under one key pair held by party 0: for comparison with the multiparty scheme (the key
/// holder could decrypt any single gradient).
/// </summary>
/// <remarks>
/// <para>Encoding: two float values per complex slot, so one ciphertext of ring degree N carries N values; they are
/// encoded at scale <see cref="Scale"/> (2⁹⁰ for N ≥ 8192) over the aggregation parameter set: three 60-bit primes
/// (180 bits, within the HE-standard 128-bit bound of 218 for N = 8192), two data primes and the special prime of
/// public-key encryption. No multiplication is done, so no rescaling primes are needed, which makes encryption and
/// sums about twice as fast as the depth-2 preset. Values are not clipped or quantized (<see cref="Quantization"/> is
/// <see langword="null"/>); ±∞ is rejected.</para>
/// <para>Precision: each decrypted value differs from the exact sum of the summands' float values by at most
/// <see cref="AbsoluteErrorBound"/> (<c>N·k·(N + 1)/Δ</c> for k summands, the worst case of the rounding noise of
/// public-key encryption), plus the single rounding of the result to float.</para>
/// <para>The key holder's "decryption share" is the decrypted sums themselves as little-endian float32.</para>
/// </remarks>
public sealed class CkksAggregationScheme : IAggregationScheme
{
    private readonly CkksGradientCodec _codec;
    private readonly CkksSecretKey _secretKey;
    private readonly CkksEncryptor _encryptor;
    private readonly CkksDecryptor _decryptor;

    /// <summary>Creates the scheme with a fresh key pair.</summary>
    /// <param name="options">The options: parties, ring degree, parallelism.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CkksAggregationScheme(AggregationSchemeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Parties = options.Parties;
        (CkksParameters parameters, double scale) = CkksGradientCodec.AggregationParameters(options.CkksPolyModulusDegree, options.AllowInsecureTestParameters);
        var context = new CkksContext(parameters);
        _codec = new CkksGradientCodec(context, scale, options.ParallelOptions);
        var keyGenerator = new CkksKeyGenerator(context);
        _secretKey = keyGenerator.CreateSecretKey();
        CkksPublicKey publicKey = keyGenerator.CreatePublicKey(_secretKey);
        _encryptor = new CkksEncryptor(publicKey);
        _decryptor = new CkksDecryptor(_secretKey);
        ParametersDigest = SchemeChecks.Digest(Kind, Parties, Threshold, quantization: null, _codec.PublicParameters(),
            BitConverter.GetBytes(scale), CkksBinaryFormat.ExportPublicKey(publicKey));
        int n = parameters.PolyModulusDegree;
        AbsoluteErrorBound = (double)n * Parties * (n + 1) / scale;
    }

    /// <inheritdoc/>
    public AggregationSchemeKind Kind => AggregationSchemeKind.Ckks;

    /// <inheritdoc/>
    public int Parties { get; }

    /// <inheritdoc/>
    /// <value>Always 1: the key holder, party 0.</value>
    public int Threshold => 1;

    /// <inheritdoc/>
    public BlobId ParametersDigest { get; }

    /// <inheritdoc/>
    /// <value>Always <see langword="null"/>: CKKS encodes at the fixed-point scale <see cref="Scale"/> instead.</value>
    public GradientQuantization? Quantization => null;

    /// <inheritdoc/>
    public int MaxSummands => Parties;

    /// <summary>Gets the CKKS parameters (ring degree and primes).</summary>
    public CkksParameters Parameters => _codec.Context.Parameters;

    /// <summary>Gets the encoding scale Δ.</summary>
    public double Scale => _codec.Scale;

    /// <summary>Gets the number of values per ciphertext (N: two per complex slot).</summary>
    public int ValuesPerCiphertext => _codec.ValuesPerCiphertext;

    /// <summary>Gets the bound on the absolute error of a decrypted sum of up to n summands, before its rounding to float.</summary>
    public double AbsoluteErrorBound { get; }

    /// <inheritdoc/>
    public EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient) => Encrypt(party, round, gradient, progress: null);

    /// <inheritdoc/>
    public EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient, IProgress<AggregationProgress>? progress)
    {
        SchemeChecks.CheckParty(party, Parties);
        SchemeChecks.CheckRound(round);
        (CkksCiphertext[] ciphertexts, byte[] body) = _codec.Encrypt(_encryptor, gradient, progress);
        return new EncryptedGradient(Kind, ParametersDigest, round, party, 1, EncryptedGradient.MaskOf(party), gradient.Length, body, ciphertexts);
    }

    /// <inheritdoc/>
    public EncryptedGradient Aggregate(IReadOnlyList<EncryptedGradient> gradients)
    {
        (int round, int valueCount, int summands, byte[] mask) = SchemeChecks.CheckAggregation(this, gradients);
        CkksCiphertext[] sums = _codec.Sum(gradients.Select(_codec.Ciphertexts).ToArray());
        return new EncryptedGradient(Kind, ParametersDigest, round, EncryptedGradient.AggregateParty, summands, mask, valueCount, _codec.Serialize(sums), sums);
    }

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate) => CreateDecryptionShare(party, aggregate, progress: null);

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate, IProgress<AggregationProgress>? progress)
    {
        if (party != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(party), party, "Only the key holder, party 0, can decrypt under single-key CKKS.");
        }

        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        CkksCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        var values = new float[aggregate.ValueCount];
        SchemeChecks.ParallelChunks(ciphertexts.Length, _codec.ParallelOptions, progress, "decryption-share",
            j => _codec.Decode(_decryptor.Decrypt(ciphertexts[j]), j, values.Length, values));
        var body = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(i * 4), values[i]);
        }

        return new PartialDecryption(Kind, aggregate.Round, party, aggregate.ContentId, body, values);
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

        ((float[])valid[0].ParsedBody!).CopyTo(sum);
        return new DecryptionOutcome(aggregate.Summands, aggregate.Parties, [valid[0].Party], rejected);
    }

    /// <summary>Drops the secret key.</summary>
    public void Dispose() => _secretKey.Dispose();

    /// <summary>Describes the scheme by its public parameters.</summary>
    /// <returns>A string such as <c>CkksAggregationScheme(8 parties, N = 8192, scale 2^90)</c>.</returns>
    public override string ToString() => $"CkksAggregationScheme({Parties} parties, N = {Parameters.PolyModulusDegree}, scale 2^{Math.Log2(Scale):0})";

    private static string? Check(EncryptedGradient aggregate, PartialDecryption share)
    {
        if (share.Party != 0)
        {
            return "only the key holder, party 0, decrypts under single-key CKKS.";
        }

        if (share.ParsedBody is float[] parsed && parsed.Length == aggregate.ValueCount)
        {
            return null;
        }

        ReadOnlySpan<byte> body = share.Body.Span;
        if (body.Length != (long)aggregate.ValueCount * sizeof(float))
        {
            return $"the share has {body.Length} bytes; {aggregate.ValueCount} float32 values were expected.";
        }

        var values = new float[aggregate.ValueCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(i * 4)..]);
            if (!float.IsFinite(values[i]))
            {
                return $"value {i} is not finite.";
            }
        }

        share.ParsedBody = values;
        return null;
    }
}
