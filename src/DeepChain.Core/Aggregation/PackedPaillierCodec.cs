using System.Buffers;
using System.Numerics;
using DeepChain.Crypto.Encoding;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// The gradient side shared by the two Paillier schemes: quantize (offset form), pack with carry headroom for n summands,
/// encrypt in parallel, serialize fixed-width, parse and validate, sum slot-wise, unpack and dequantize.
/// </summary>
/// <remarks>
/// Body layout: <c>k = ⌈values / slots⌉</c> ciphertexts, each exactly <c>⌈bits(n²)/8⌉</c> bytes, little-endian. The count
/// follows from the header's value count, so the body carries no count of its own.
/// </remarks>
internal sealed class PackedPaillierCodec
{
    private readonly ParallelOptions _parallelOptions;

    public PackedPaillierCodec(PaillierPublicKey key, GradientQuantization quantization, int maxSummands, ParallelOptions parallelOptions)
    {
        Key = key;
        Quantizer = quantization.CreateQuantizer();
        Packer = new SlotPacker(key.ModulusBits, quantization.Bits, maxSummands);
        CiphertextBytes = (int)((key.NSquared.GetBitLength() + 7) / 8);
        _parallelOptions = parallelOptions;
    }

    public PaillierPublicKey Key { get; }

    public GradientQuantizer Quantizer { get; }

    public SlotPacker Packer { get; }

    public int CiphertextBytes { get; }

    public ParallelOptions ParallelOptions => _parallelOptions;

    public int CiphertextCount(int valueCount) => Packer.GetPlaintextCount(valueCount);

    public (PaillierCiphertext[] Ciphertexts, byte[] Body) Encrypt(ReadOnlySpan<float> gradient, IProgress<AggregationProgress>? progress)
    {
        uint[] offsets = ArrayPool<uint>.Shared.Rent(gradient.Length);
        BigInteger[] plaintexts;
        try
        {
            Quantizer.QuantizeOffset(gradient, offsets.AsSpan(0, gradient.Length));
            plaintexts = Packer.Pack(offsets.AsSpan(0, gradient.Length));
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(offsets);
        }

        var ciphertexts = new PaillierCiphertext[plaintexts.Length];
        PaillierPublicKey key = Key;
        SchemeChecks.ParallelChunks(plaintexts.Length, _parallelOptions, progress, "encrypt", j => ciphertexts[j] = key.Encrypt(plaintexts[j]));
        return (ciphertexts, Serialize(ciphertexts));
    }

    public byte[] Serialize(PaillierCiphertext[] ciphertexts)
    {
        var body = new byte[ciphertexts.Length * CiphertextBytes];
        for (int j = 0; j < ciphertexts.Length; j++)
        {
            bool ok = ciphertexts[j].Value.TryWriteBytes(body.AsSpan(j * CiphertextBytes, CiphertextBytes), out _, isUnsigned: true, isBigEndian: false);
            System.Diagnostics.Debug.Assert(ok, "A ciphertext below n² fits the fixed width.");
        }

        return body;
    }

    /// <summary>The ciphertexts of a gradient, parsed and checked once (in Z*ₙ², right count) and then cached.</summary>
    public PaillierCiphertext[] Ciphertexts(EncryptedGradient gradient)
    {
        if (gradient.ParsedBody is PaillierCiphertext[] cached)
        {
            return cached;
        }

        int count = CiphertextCount(gradient.ValueCount);
        ReadOnlySpan<byte> body = gradient.Body.Span;
        if (body.Length != (long)count * CiphertextBytes)
        {
            throw new AggregationException(AggregationFailure.InvalidCiphertext,
                $"The body has {body.Length} bytes; {gradient.ValueCount} values need {count} ciphertexts of {CiphertextBytes} bytes.");
        }

        var values = new BigInteger[count];
        for (int j = 0; j < count; j++)
        {
            values[j] = new BigInteger(body.Slice(j * CiphertextBytes, CiphertextBytes), isUnsigned: true, isBigEndian: false);
        }

        var ciphertexts = new PaillierCiphertext[count];
        int bad = -1;
        PaillierPublicKey key = Key;
        Parallel.For(0, count, _parallelOptions, j =>
        {
            try
            {
                ciphertexts[j] = key.Import(values[j]);
            }
            catch (InvalidCiphertextException)
            {
                Interlocked.CompareExchange(ref bad, j, -1);
            }
        });

        if (bad >= 0)
        {
            throw new AggregationException(AggregationFailure.InvalidCiphertext, $"Ciphertext {bad} is not an element of Z*_(n^2) for the scheme's key.");
        }

        gradient.ParsedBody = ciphertexts;
        return ciphertexts;
    }

    public PaillierCiphertext[] Sum(IReadOnlyList<PaillierCiphertext[]> inputs)
    {
        int count = inputs[0].Length;
        var sums = new PaillierCiphertext[count];
        PaillierPublicKey key = Key;
        Parallel.For(0, count, _parallelOptions, j =>
        {
            var column = new PaillierCiphertext[inputs.Count];
            for (int k = 0; k < column.Length; k++)
            {
                column[k] = inputs[k][j];
            }

            sums[j] = key.Sum(column);
        });
        return sums;
    }

    /// <summary>Unpacks decrypted packed sums and dequantizes them to the sum of the summands' gradients.</summary>
    public void Decode(BigInteger[] plaintexts, int summands, int valueCount, Span<float> sum)
    {
        ulong[] slots = ArrayPool<ulong>.Shared.Rent(valueCount);
        try
        {
            Packer.Unpack(plaintexts, summands, slots.AsSpan(0, valueCount));
            Quantizer.DequantizeSum(slots.AsSpan(0, valueCount), summands, sum[..valueCount]);
        }
        catch (ArgumentException ex)
        {
            throw new AggregationException(AggregationFailure.CombinationFailed, "The decrypted sums are not an honest sum of packed gradients.", innerException: ex);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(slots);
        }
    }

    public byte[] PublicMaterial() => Key.N.ToByteArray(isUnsigned: true, isBigEndian: true);
}
