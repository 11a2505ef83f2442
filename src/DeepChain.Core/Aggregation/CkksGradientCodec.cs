using System.Buffers;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// The gradient side shared by the two CKKS schemes: coefficient encoding (value k of a block of N becomes the
/// coefficient <c>round(Δ·v_k)</c> of the plaintext polynomial), encrypt, serialize, parse and validate, sum, decode.
/// </summary>
/// <remarks>
/// <para>Aggregation only adds ciphertexts, and addition acts on plaintext coefficients one by one, so the slot (FFT)
/// encoding that multiplication needs buys nothing here: coefficient encoding skips the FFT on both ends and keeps each
/// value's error to its own coefficient's noise divided by Δ, instead of a sum over all N coefficients.</para>
/// <para>Body layout: <c>⌈values / N⌉</c> ciphertexts, each an int32 length and a <see cref="CkksBinaryFormat"/> blob.</para>
/// </remarks>
internal sealed class CkksGradientCodec
{
    private readonly ParallelOptions _parallelOptions;

    public CkksGradientCodec(CkksContext context, double scale, ParallelOptions parallelOptions)
    {
        Context = context;
        Scale = scale;
        Evaluator = new CkksEvaluator(context);
        ValuesPerCiphertext = context.Parameters.PolyModulusDegree;
        _parallelOptions = parallelOptions;
    }

    public CkksContext Context { get; }

    public double Scale { get; }

    public CkksEvaluator Evaluator { get; }

    public int ValuesPerCiphertext { get; }

    public ParallelOptions ParallelOptions => _parallelOptions;

    public int CiphertextCount(int valueCount) => (valueCount + ValuesPerCiphertext - 1) / ValuesPerCiphertext;

    public (CkksCiphertext[] Ciphertexts, byte[] Body) Encrypt(CkksEncryptor encryptor, ReadOnlySpan<float> gradient, IProgress<AggregationProgress>? progress)
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!(Math.Abs(gradient[i]) <= MaxAbsValue))
            {
                throw new ArgumentException($"The value at index {i} is NaN, infinite or beyond ±{MaxAbsValue}, the largest magnitude the modulus holds for a sum of the parties' values.", nameof(gradient));
            }
        }

        float[] values = gradient.ToArray();
        int count = CiphertextCount(values.Length);
        var ciphertexts = new CkksCiphertext[count];
        SchemeChecks.ParallelChunks(count, _parallelOptions, progress, "encrypt", j =>
        {
            int start = j * ValuesPerCiphertext;
            int length = Math.Min(ValuesPerCiphertext, values.Length - start);
            ciphertexts[j] = encryptor.Encrypt(Encode(values.AsSpan(start, length)));
        });

        return (ciphertexts, Serialize(ciphertexts));
    }

    public byte[] Serialize(CkksCiphertext[] ciphertexts)
    {
        var blobs = new byte[ciphertexts.Length][];
        Parallel.For(0, ciphertexts.Length, _parallelOptions, j => blobs[j] = CkksBinaryFormat.ExportCiphertext(ciphertexts[j]));
        var body = new byte[blobs.Sum(b => 4 + b.Length)];
        var writer = new AggregationBlobWriter(body);
        foreach (byte[] blob in blobs)
        {
            writer.WriteLengthPrefixed(blob);
        }

        return body;
    }

    public CkksCiphertext[] Ciphertexts(EncryptedGradient gradient)
    {
        if (gradient.ParsedBody is CkksCiphertext[] cached)
        {
            return cached;
        }

        int count = CiphertextCount(gradient.ValueCount);
        var blobs = new ReadOnlyMemory<byte>[count];
        ReadOnlyMemory<byte> body = gradient.Body;
        int position = 0;
        for (int j = 0; j < count; j++)
        {
            if (body.Length - position < 4)
            {
                throw new AggregationException(AggregationFailure.InvalidCiphertext, $"The body ends before ciphertext {j} of {count}.");
            }

            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(body.Span[position..]);
            position += 4;
            if (length < 0 || body.Length - position < length)
            {
                throw new AggregationException(AggregationFailure.InvalidCiphertext, $"Ciphertext {j} claims {length} bytes; {body.Length - position} remain.");
            }

            blobs[j] = body.Slice(position, length);
            position += length;
        }

        if (position != body.Length)
        {
            throw new AggregationException(AggregationFailure.InvalidCiphertext, $"{body.Length - position} bytes follow the last of {count} ciphertexts.");
        }

        var ciphertexts = new CkksCiphertext[count];
        var errors = new string?[count];
        Parallel.For(0, count, _parallelOptions, j =>
        {
            try
            {
                CkksCiphertext c = CkksBinaryFormat.ImportCiphertext(Context, blobs[j].Span);
                errors[j] = c.Size != 2 || c.LimbCount != Context.Parameters.DataPrimeCount || c.Scale != Scale
                    ? $"ciphertext {j} has size {c.Size}, {c.LimbCount} limbs and scale 2^{Math.Log2(c.Scale):0.##}; the scheme uses size 2, {Context.Parameters.DataPrimeCount} limbs, scale 2^{Math.Log2(Scale):0.##}."
                    : null;
                ciphertexts[j] = c;
            }
            catch (FormatException ex)
            {
                errors[j] = $"ciphertext {j} is malformed: {ex.Message}";
            }
        });

        string? error = errors.FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            throw new AggregationException(AggregationFailure.InvalidCiphertext, char.ToUpperInvariant(error[0]) + error[1..]);
        }

        gradient.ParsedBody = ciphertexts;
        return ciphertexts;
    }

    public CkksCiphertext[] Sum(IReadOnlyList<CkksCiphertext[]> inputs)
    {
        int count = inputs[0].Length;
        var sums = new CkksCiphertext[count];
        Parallel.For(0, count, _parallelOptions, j => sums[j] = Evaluator.Sum(inputs.Select(input => input[j]).ToArray()));
        return sums;
    }

    /// <summary>The plaintext whose coefficients are <c>round(Δ·v_k)</c> (the rest zero), in NTT form over the data primes.</summary>
    public CkksPlaintext Encode(ReadOnlySpan<float> values)
    {
        int n = ValuesPerCiphertext;
        int limbs = Context.Parameters.DataPrimeCount;
        var coefficients = new double[n];
        for (int k = 0; k < values.Length; k++)
        {
            coefficients[k] = Math.Round(values[k] * Scale);
        }

        var data = new ulong[limbs * n];
        Context.ToRns(coefficients, data, limbs);
        Context.ForwardNtt(data, limbs);
        return new CkksPlaintext(Context, data, limbs, Scale);
    }

    /// <summary>Writes the values of decrypted block <paramref name="index"/>: each centered coefficient divided by Δ.</summary>
    public void Decode(CkksPlaintext plaintext, int index, int valueCount, Span<float> sum)
    {
        int n = ValuesPerCiphertext;
        int limbs = plaintext.LimbCount;
        ulong[] coefficients = ArrayPool<ulong>.Shared.Rent(limbs * n);
        try
        {
            plaintext.Data.AsSpan(0, limbs * n).CopyTo(coefficients);
            Context.InverseNtt(coefficients, limbs);
            int start = index * n;
            int length = Math.Min(n, valueCount - start);
            double inverseScale = 1 / plaintext.Scale;
            for (int k = 0; k < length; k++)
            {
                sum[start + k] = (float)(Context.ComposeCentered(coefficients, k, limbs) * inverseScale);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(coefficients);
        }
    }

    public byte[] PublicParameters() => CkksBinaryFormat.ExportParameters(Context.Parameters);

    /// <summary>
    /// The aggregation parameter set for ring degree <paramref name="degree"/>, and its scale: three primes within the
    /// HE-standard bound (no rescaling primes, since nothing is multiplied).
    /// </summary>
    /// <remarks>N ≥ 8192: primes [60, 60, 60] (180 of the 218 bits allowed at N = 8192), two data primes (Q ≈ 2¹²⁰) and
    /// the special prime of public-key encryption; Δ = 2⁸⁵. N = 4096: [36, 36, 36] (108 of 109), Δ = 2⁴⁰.</remarks>
    public static (CkksParameters Parameters, double Scale) AggregationParameters(int degree, bool allowInsecure)
    {
        int[] primes = degree switch
        {
            4096 => [36, 36, 36],
            8192 or 16384 or 32768 => [60, 60, 60],
            _ when allowInsecure => [60, 60, 60],
            _ => throw new ArgumentOutOfRangeException(nameof(degree), degree, "The CKKS ring degree must be 4096, 8192, 16384 or 32768."),
        };
        double scale = degree == 4096 ? Math.Pow(2, 40) : Math.Pow(2, 85);
        return (new CkksParameters(degree, primes, Math.Pow(2, 30), allowInsecure), scale);
    }

    /// <summary>Sets the largest magnitude a value may have so that a sum of <paramref name="parties"/> values stays
    /// 2²⁰ below Q/2 (the collective decryptor's validity headroom).</summary>
    public void SetValueBound(int parties) =>
        MaxAbsValue = Math.Pow(2, Context.LogModulus(Context.Parameters.DataPrimeCount) - 1 - 20 - Math.Ceiling(Math.Log2(Math.Max(2, parties)))) / Scale;

    /// <summary>Gets the largest magnitude a value may have (see <see cref="SetValueBound"/>).</summary>
    public double MaxAbsValue { get; private set; } = double.MaxValue;
}
