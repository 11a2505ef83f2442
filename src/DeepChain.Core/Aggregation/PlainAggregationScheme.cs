using System.Runtime.InteropServices;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// No encryption: gradients travel as float32 and are summed with <see cref="GradientKernels"/>. The accuracy and speed
/// baseline of the other schemes; it protects nothing.
/// </summary>
/// <remarks>
/// The body is the little-endian float32 values. The sum is single-precision, left to right in the order of the
/// gradients given to <see cref="Aggregate"/> (see <see cref="GradientKernels"/>). <see cref="Threshold"/> is 0: the
/// aggregate decrypts with no shares; shares are still accepted (with an empty body) so a session can run the same
/// protocol under every scheme.
/// </remarks>
public sealed class PlainAggregationScheme : IAggregationScheme
{
    private readonly ParallelOptions _parallelOptions;

    /// <summary>Creates the scheme.</summary>
    /// <param name="options">The options; only <see cref="AggregationSchemeOptions.Parties"/> and the parallelism matter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PlainAggregationScheme(AggregationSchemeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Parties = options.Parties;
        _parallelOptions = options.ParallelOptions;
        ParametersDigest = SchemeChecks.Digest(Kind, Parties, Threshold, quantization: null);
    }

    /// <inheritdoc/>
    public AggregationSchemeKind Kind => AggregationSchemeKind.Plain;

    /// <inheritdoc/>
    public int Parties { get; }

    /// <inheritdoc/>
    /// <value>Always 0.</value>
    public int Threshold => 0;

    /// <inheritdoc/>
    public BlobId ParametersDigest { get; }

    /// <inheritdoc/>
    /// <value>Always <see langword="null"/>: values are not quantized.</value>
    public GradientQuantization? Quantization => null;

    /// <inheritdoc/>
    public int MaxSummands => Parties;

    /// <inheritdoc/>
    public EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient) => Encrypt(party, round, gradient, progress: null);

    /// <inheritdoc/>
    public EncryptedGradient Encrypt(int party, int round, ReadOnlySpan<float> gradient, IProgress<AggregationProgress>? progress)
    {
        SchemeChecks.CheckParty(party, Parties);
        SchemeChecks.CheckRound(round);
        SchemeChecks.ThrowIfNaN(gradient);
        float[] values = gradient.ToArray();
        progress?.Report(new AggregationProgress("encrypt", 1, 1));
        return new EncryptedGradient(Kind, ParametersDigest, round, party, 1, EncryptedGradient.MaskOf(party), values.Length, ToBody(values), values);
    }

    /// <inheritdoc/>
    public EncryptedGradient Aggregate(IReadOnlyList<EncryptedGradient> gradients)
    {
        (int round, int valueCount, int summands, byte[] mask) = SchemeChecks.CheckAggregation(this, gradients);
        var vectors = new ReadOnlyMemory<float>[gradients.Count];
        for (int k = 0; k < vectors.Length; k++)
        {
            vectors[k] = Values(gradients[k]);
        }

        var sum = new float[valueCount];
        if (valueCount > 0)
        {
            // Blocks of the vectors are independent, so the sum splits over threads without changing a single bit.
            int chunks = Math.Max(1, Math.Min(_parallelOptions.MaxDegreeOfParallelism, valueCount / (16 * GradientKernels.BlockLength)));
            int chunkLength = (valueCount + chunks - 1) / chunks;
            Parallel.For(0, chunks, _parallelOptions, c =>
            {
                int start = c * chunkLength;
                int length = Math.Min(chunkLength, valueCount - start);
                var slices = new ReadOnlyMemory<float>[vectors.Length];
                for (int k = 0; k < slices.Length; k++)
                {
                    slices[k] = vectors[k].Slice(start, length);
                }

                GradientKernels.Sum(slices, sum.AsSpan(start, length));
            });
        }

        return new EncryptedGradient(Kind, ParametersDigest, round, EncryptedGradient.AggregateParty, summands, mask, valueCount, ToBody(sum), sum);
    }

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate) => CreateDecryptionShare(party, aggregate, progress: null);

    /// <inheritdoc/>
    public PartialDecryption CreateDecryptionShare(int party, EncryptedGradient aggregate, IProgress<AggregationProgress>? progress)
    {
        SchemeChecks.CheckParty(party, Parties);
        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate);
        return new PartialDecryption(Kind, aggregate.Round, party, aggregate.ContentId, [], parsedBody: null);
    }

    /// <inheritdoc/>
    public bool VerifyDecryptionShare(EncryptedGradient aggregate, PartialDecryption share)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(share);
        return SchemeChecks.Binding(this, aggregate, aggregate.ContentId, share) is null && share.Body.IsEmpty;
    }

    /// <inheritdoc/>
    public DecryptionOutcome Decrypt(EncryptedGradient aggregate, IReadOnlyList<PartialDecryption> shares, Span<float> sum)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        SchemeChecks.CheckBelongs(this, aggregate);
        SchemeChecks.CheckSumLength(aggregate, sum);
        (List<PartialDecryption> valid, List<RejectedShare> rejected) = SchemeChecks.Screen(this, aggregate, shares,
            share => share.Body.IsEmpty ? null : "a plain share has an empty body.");
        Values(aggregate).AsSpan().CopyTo(sum);
        return new DecryptionOutcome(aggregate.Summands, aggregate.Parties, valid.Select(s => s.Party).ToArray(), rejected);
    }

    /// <summary>Does nothing: the scheme holds no secrets.</summary>
    public void Dispose()
    {
    }

    /// <summary>Describes the scheme.</summary>
    /// <returns>A string such as <c>PlainAggregationScheme(4 parties)</c>.</returns>
    public override string ToString() => $"PlainAggregationScheme({Parties} parties)";

    private static byte[] ToBody(float[] values)
    {
        var body = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(body);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(i * 4), values[i]);
            }
        }

        return body;
    }

    private static float[] Values(EncryptedGradient gradient)
    {
        if (gradient.ParsedBody is float[] cached)
        {
            return cached;
        }

        ReadOnlySpan<byte> body = gradient.Body.Span;
        if (body.Length != (long)gradient.ValueCount * sizeof(float))
        {
            throw new AggregationException(AggregationFailure.InvalidCiphertext, $"A plain body must hold {gradient.ValueCount} float32 values, not {body.Length} bytes.");
        }

        var values = new float[gradient.ValueCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(body[(i * 4)..]);
        }

        gradient.ParsedBody = values;
        return values;
    }
}
