using System.Buffers.Binary;
using DeepChain.Core.Ledger;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Ckks.Multiparty;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// Gradients as CKKS ciphertexts under a collective public key: every party holds a secret-key share, and all n
/// parties' partial decryptions (with smudging noise) are needed to reveal the sum (n of n).
/// </summary>
/// <remarks>
/// <para>Keys: each party draws sᵢ and publishes pᵢ = −a·sᵢ + eᵢ over a common random polynomial a; the collective key is
/// (Σ pᵢ, a) (<see cref="CkksCollectiveKeyGenerator"/>). Encoding and aggregation are those of
/// <see cref="CkksAggregationScheme"/>: N values per ciphertext at scale Δ = 2⁹⁰ over three 60-bit primes.</para>
/// <para>Decryption: party i publishes hᵢ = c₁·sᵢ + e<sub>smudge</sub> per ciphertext, e<sub>smudge</sub> uniform in
/// [−2ᴮ, 2ᴮ] (B = 55 for N = 8192: 40 bits of statistical security); c₀ + Σ hᵢ decodes to the sum
/// (<see cref="CkksCollectiveDecryptor"/>). Each decrypted value is within <see cref="AbsoluteErrorBound"/> =
/// <c>N·n·(2ᴮ + N + 1)/Δ</c> of the exact sum (worst case; ≈ 4·10⁻⁶ for N = 8192, 16 parties), plus the rounding to float.</para>
/// <para>Verification: a share is checked for its binding (round, aggregate id, party), its structure, and the digest of
/// every ciphertext it decrypts; a share with altered values passes these checks and is caught only when the n shares
/// are combined (the combination then fails the validity check and <see cref="Decrypt"/> throws
/// <see cref="AggregationFailure.CombinationFailed"/>): n-of-n decryption cannot skip a wrong share.</para>
/// <para>Share body: per ciphertext, its 32-byte digest and the limb-major residues of hᵢ as little-endian uint64.</para>
/// </remarks>
public sealed class MultipartyCkksAggregationScheme : IAggregationScheme
{
    private readonly CkksGradientCodec _codec;
    private readonly CkksSecretKey[] _secretShares;
    private readonly CkksEncryptor _encryptor;
    private readonly CkksCollectiveDecryptor _collective;

    /// <summary>Creates the scheme: every party's secret share and the collective public key.</summary>
    /// <param name="options">The options: parties, ring degree, parallelism.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (N = 4096 leaves too little room above the
    /// smudging noise and is refused).</exception>
    public MultipartyCkksAggregationScheme(AggregationSchemeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.CkksPolyModulusDegree == 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Multiparty CKKS needs N ≥ 8192: at N = 4096 the 109-bit modulus leaves no room above the smudging noise.");
        }

        Parties = options.Parties;
        (CkksParameters parameters, double scale) = CkksGradientCodec.AggregationParameters(options.CkksPolyModulusDegree, options.AllowInsecureTestParameters);
        var context = new CkksContext(parameters);
        _codec = new CkksGradientCodec(context, scale, options.ParallelOptions);
        var keyGenerator = new CkksKeyGenerator(context);
        var collectiveGenerator = new CkksCollectiveKeyGenerator(context, CkksCollectiveKeyGenerator.CreateCommonSeed());
        _secretShares = new CkksSecretKey[Parties];
        var publicShares = new CkksPublicKeyShare[Parties];
        for (int i = 0; i < Parties; i++)
        {
            _secretShares[i] = keyGenerator.CreateSecretKey();
            publicShares[i] = collectiveGenerator.CreateShare(i + 1, _secretShares[i]);
        }

        CkksPublicKey publicKey = collectiveGenerator.Aggregate(publicShares);
        _encryptor = new CkksEncryptor(publicKey);
        _collective = new CkksCollectiveDecryptor(context, Parties);
        ParametersDigest = SchemeChecks.Digest(Kind, Parties, Threshold, quantization: null, _codec.PublicParameters(),
            BitConverter.GetBytes(scale), CkksBinaryFormat.ExportPublicKey(publicKey));
        int n = parameters.PolyModulusDegree;
        AbsoluteErrorBound = (double)n * Parties * (Math.Pow(2, _collective.SmudgingBits) + n + 1) / scale;
    }

    /// <inheritdoc/>
    public AggregationSchemeKind Kind => AggregationSchemeKind.MultipartyCkks;

    /// <inheritdoc/>
    public int Parties { get; }

    /// <inheritdoc/>
    /// <value>n: every party's share is needed.</value>
    public int Threshold => Parties;

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

    /// <summary>Gets the smudging noise bound B in bits.</summary>
    public int SmudgingBits => _collective.SmudgingBits;

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
        SchemeChecks.CheckParty(party, Parties);
        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate, "the aggregate");
        CkksCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        var partials = new CkksPartialDecryption[ciphertexts.Length];
        SchemeChecks.ParallelChunks(ciphertexts.Length, _codec.ParallelOptions, progress, "decryption-share",
            j => partials[j] = _collective.CreatePartialDecryption(ciphertexts[j], party + 1, _secretShares[party]));
        return new PartialDecryption(Kind, aggregate.Round, party, aggregate.ContentId, SerializePartials(partials), partials);
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

        CkksCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        var result = new float[aggregate.ValueCount];
        try
        {
            Parallel.For(0, ciphertexts.Length, _codec.ParallelOptions, j =>
            {
                CkksPartialDecryption[] partials = valid.Select(s => ((CkksPartialDecryption[])s.ParsedBody!)[j]).ToArray();
                _codec.Decode(_collective.Combine(ciphertexts[j], partials), j, result.Length, result);
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is CkksDecryptionException))
        {
            throw new AggregationException(AggregationFailure.CombinationFailed,
                "The partial decryptions do not combine to a valid plaintext: at least one share carries wrong values.", rejected, ex.InnerExceptions[0]);
        }

        result.CopyTo(sum);
        return new DecryptionOutcome(aggregate.Summands, aggregate.Parties, valid.Select(s => s.Party).ToArray(), rejected);
    }

    /// <summary>Drops every party's secret-key share.</summary>
    public void Dispose()
    {
        foreach (CkksSecretKey key in _secretShares)
        {
            key.Dispose();
        }
    }

    /// <summary>Describes the scheme by its public parameters.</summary>
    /// <returns>A string such as <c>MultipartyCkksAggregationScheme(8 of 8, N = 8192, scale 2^90)</c>.</returns>
    public override string ToString() => $"MultipartyCkksAggregationScheme({Parties} of {Parties}, N = {Parameters.PolyModulusDegree}, scale 2^{Math.Log2(Scale):0})";

    private byte[] SerializePartials(CkksPartialDecryption[] partials)
    {
        int n = Parameters.PolyModulusDegree;
        int limbs = Parameters.DataPrimeCount;
        int each = 32 + (limbs * n * sizeof(ulong));
        var body = new byte[partials.Length * each];
        for (int j = 0; j < partials.Length; j++)
        {
            Span<byte> block = body.AsSpan(j * each, each);
            partials[j].CiphertextDigest.CopyTo(block);
            ulong[] value = partials[j].Value;
            for (int k = 0; k < limbs * n; k++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(block[(32 + (8 * k))..], value[k]);
            }
        }

        return body;
    }

    private string? Check(EncryptedGradient aggregate, PartialDecryption share)
    {
        CkksCiphertext[] ciphertexts = _codec.Ciphertexts(aggregate);
        int n = Parameters.PolyModulusDegree;
        int limbs = Parameters.DataPrimeCount;
        CkksPartialDecryption[] partials;
        if (share.ParsedBody is CkksPartialDecryption[] parsed && parsed.Length == ciphertexts.Length)
        {
            partials = parsed;
        }
        else
        {
            int each = 32 + (limbs * n * sizeof(ulong));
            ReadOnlySpan<byte> body = share.Body.Span;
            if (body.Length != (long)ciphertexts.Length * each)
            {
                return $"the share has {body.Length} bytes; {ciphertexts.Length} partial decryptions of {each} bytes were expected.";
            }

            partials = new CkksPartialDecryption[ciphertexts.Length];
            for (int j = 0; j < partials.Length; j++)
            {
                ReadOnlySpan<byte> block = body.Slice(j * each, each);
                var value = new ulong[limbs * n];
                for (int i = 0; i < limbs; i++)
                {
                    ulong q = _codec.Context.Moduli[i];
                    for (int k = 0; k < n; k++)
                    {
                        ulong residue = BinaryPrimitives.ReadUInt64LittleEndian(block[(32 + (8 * ((i * n) + k)))..]);
                        if (residue >= q)
                        {
                            return $"partial decryption {j} has a residue not below its prime.";
                        }

                        value[(i * n) + k] = residue;
                    }
                }

                partials[j] = new CkksPartialDecryption(share.Party + 1, block[..32].ToArray(), value, limbs);
            }

            share.ParsedBody = partials;
        }

        for (int j = 0; j < partials.Length; j++)
        {
            if (partials[j].PartyIndex != share.Party + 1 || partials[j].LimbCount != ciphertexts[j].LimbCount
                || !partials[j].CiphertextDigest.SequenceEqual(CkksCollectiveDecryptor.Digest(ciphertexts[j])))
            {
                return $"partial decryption {j} was made for another ciphertext or party.";
            }
        }

        return null;
    }
}
