using System.Numerics;
using BenchmarkDotNet.Attributes;
using DeepChain.Crypto.Encoding;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Benchmarks.Paillier;

/// <summary>
/// Encrypting a quantized gradient, reported per gradient value: one value per ciphertext (baseline) against
/// BatchCrypt-style packing of many 16-bit values with carry headroom for 8 parties into each plaintext.
/// </summary>
/// <remarks>
/// Both methods quantize and encrypt the same <see cref="ValueCount"/> values with the parallel span overload of
/// <see cref="PaillierPublicKey.Encrypt(ReadOnlySpan{BigInteger}, Span{PaillierCiphertext})"/>;
/// <see cref="OperationsPerInvokeAttribute"/> makes the Mean column the cost of one value, so Ratio is the gain from
/// packing (about the number of slots per plaintext: 107 for 2048 bits, 161 for 3072).
/// </remarks>
[MemoryDiagnoser]
public class PackedEncryptionBenchmarks
{
    private const int ValueCount = 1024;
    private const int ValueBits = 16;
    private const int MaxSummands = 8;

    private PaillierKeyPair _keys = null!;
    private GradientQuantizer _quantizer = null!;
    private SlotPacker _packer = null!;
    private float[] _gradient = null!;
    private uint[] _offsets = null!;
    private BigInteger[] _onePerValue = null!;
    private PaillierCiphertext[] _onePerValueCiphertexts = null!;
    private BigInteger[] _packed = null!;
    private PaillierCiphertext[] _packedCiphertexts = null!;

    [Params(2048, 3072)]
    public int ModulusBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = PaillierKeyPair.Generate(ModulusBits);
        _quantizer = new GradientQuantizer(clipRange: 1f, bits: ValueBits);
        _packer = new SlotPacker(_keys.PublicKey.ModulusBits, ValueBits, MaxSummands);
        var random = new Random(ModulusBits);
        _gradient = new float[ValueCount];
        for (int i = 0; i < _gradient.Length; i++)
        {
            _gradient[i] = (float)((random.NextDouble() * 3) - 1.5);
        }

        _offsets = new uint[ValueCount];
        _onePerValue = new BigInteger[ValueCount];
        _onePerValueCiphertexts = new PaillierCiphertext[ValueCount];
        _packed = new BigInteger[_packer.GetPlaintextCount(ValueCount)];
        _packedCiphertexts = new PaillierCiphertext[_packed.Length];
        _ = _keys.PublicKey.Encrypt(BigInteger.One); // builds the fixed-base table outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup() => _keys.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = ValueCount)]
    public PaillierCiphertext[] EncryptOneValuePerCiphertext()
    {
        _quantizer.QuantizeOffset(_gradient, _offsets);
        for (int i = 0; i < _offsets.Length; i++)
        {
            _onePerValue[i] = _offsets[i];
        }

        _keys.PublicKey.Encrypt(_onePerValue, _onePerValueCiphertexts);
        return _onePerValueCiphertexts;
    }

    [Benchmark(OperationsPerInvoke = ValueCount)]
    public PaillierCiphertext[] EncryptPacked()
    {
        _quantizer.QuantizeOffset(_gradient, _offsets);
        _packer.Pack(_offsets, _packed);
        _keys.PublicKey.Encrypt(_packed, _packedCiphertexts);
        return _packedCiphertexts;
    }
}
