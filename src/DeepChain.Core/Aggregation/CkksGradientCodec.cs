using System.Numerics;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// The gradient side shared by the two CKKS schemes: two values per complex slot (real and imaginary part), so one
/// ciphertext holds N values; encode at the aggregation scale, encrypt, serialize, parse and validate, sum, decode.
/// </summary>
/// <remarks>Body layout: <c>⌈values / N⌉</c> ciphertexts, each an int32 length and a <see cref="CkksBinaryFormat"/> blob.</remarks>
internal sealed class CkksGradientCodec
{
    private readonly ParallelOptions _parallelOptions;

    public CkksGradientCodec(CkksContext context, double scale, ParallelOptions parallelOptions)
    {
        Context = context;
        Scale = scale;
        Encoder = new CkksEncoder(context);
        Evaluator = new CkksEvaluator(context);
        ValuesPerCiphertext = context.Parameters.PolyModulusDegree;
        _parallelOptions = parallelOptions;
    }

    public CkksContext Context { get; }

    public double Scale { get; }

    public CkksEncoder Encoder { get; }

    public CkksEvaluator Evaluator { get; }

    public int ValuesPerCiphertext { get; }

    public ParallelOptions ParallelOptions => _parallelOptions;

    public int CiphertextCount(int valueCount) => (valueCount + ValuesPerCiphertext - 1) / ValuesPerCiphertext;

    public (CkksCiphertext[] Ciphertexts, byte[] Body) Encrypt(CkksEncryptor encryptor, ReadOnlySpan<float> gradient, IProgress<AggregationProgress>? progress)
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!float.IsFinite(gradient[i]))
            {
                throw new ArgumentException($"The value at index {i} is not finite; CKKS encodes finite values only.", nameof(gradient));
            }
        }

        float[] values = gradient.ToArray();
        int count = CiphertextCount(values.Length);
        var ciphertexts = new CkksCiphertext[count];
        SchemeChecks.ParallelChunks(count, _parallelOptions, progress, "encrypt", j =>
        {
            int start = j * ValuesPerCiphertext;
            int length = Math.Min(ValuesPerCiphertext, values.Length - start);
            var slots = new Complex[(length + 1) / 2];
            for (int s = 0; s < slots.Length; s++)
            {
                int i = start + (2 * s);
                slots[s] = new Complex(values[i], i + 1 < start + length ? values[i + 1] : 0);
            }

            ciphertexts[j] = encryptor.Encrypt(Encoder.Encode(slots, Scale));
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

    /// <summary>Writes the values of decoded plaintext <paramref name="index"/> (real, imaginary, real, …) to <paramref name="sum"/>.</summary>
    public void Decode(CkksPlaintext plaintext, int index, int valueCount, Span<float> sum)
    {
        Complex[] slots = Encoder.DecodeComplex(plaintext);
        int start = index * ValuesPerCiphertext;
        int length = Math.Min(ValuesPerCiphertext, valueCount - start);
        for (int k = 0; k < length; k++)
        {
            Complex z = slots[k >> 1];
            sum[start + k] = (float)((k & 1) == 0 ? z.Real : z.Imaginary);
        }
    }

    public byte[] PublicParameters() => CkksBinaryFormat.ExportParameters(Context.Parameters);

    /// <summary>The aggregation parameter set for ring degree <paramref name="degree"/>: three primes within the HE-standard bound.</summary>
    public static (CkksParameters Parameters, double Scale) AggregationParameters(int degree, bool allowInsecure)
    {
        // No multiplication is ever done, so no rescaling primes are needed: two large data primes hold the scale and
        // the summed values with headroom, the third is the special prime of public-key encryption.
        int[] primes = degree switch
        {
            4096 => [36, 36, 36],
            8192 => [60, 60, 60],
            16384 or 32768 => [60, 60, 60],
            _ when allowInsecure => [60, 60, 60],
            _ => throw new ArgumentOutOfRangeException(nameof(degree), degree, "The CKKS ring degree must be 4096, 8192, 16384 or 32768."),
        };
        double scale = degree == 4096 ? Math.Pow(2, 50) : Math.Pow(2, 90);
        return (new CkksParameters(degree, primes, Math.Pow(2, 30), allowInsecure), scale);
    }
}
