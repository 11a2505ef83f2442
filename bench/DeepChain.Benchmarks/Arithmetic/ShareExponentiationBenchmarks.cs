using System.Numerics;
using BenchmarkDotNet.Attributes;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Benchmarks.Arithmetic;

/// <summary>
/// Threshold Paillier decryption-share exponentiation c^(2Δsᵢ) mod n² for a batch of ciphertexts and one secret
/// exponent: one <see cref="MontgomeryContext.PowSecret"/> per ciphertext (baseline) against
/// <see cref="MontgomeryContext.PowSecretBatch"/>, one ciphertext per SIMD lane. Times are per share.
/// </summary>
[MemoryDiagnoser]
public class ShareExponentiationBenchmarks
{
    private const int Batch = 8;

    private MontgomeryContext _context = null!;
    private BigInteger[] _values = null!;
    private BigInteger[] _results = null!;
    private BigInteger _exponent;
    private int _exponentBits;

    /// <summary>Gets or sets the modulus size: n² of a 1024- or 2048-bit Paillier key.</summary>
    [Params(2048, 4096)]
    public int ModulusBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(ModulusBits);
        BigInteger modulus = ModPowBenchmarks.RandomOdd(random, ModulusBits);
        _context = new MontgomeryContext(modulus);

        // 2Δsᵢ is about 2·bits(n) + log₂ ℓ! + 1 bits: 4110 bits for a 2048-bit n and ten parties.
        _exponentBits = ModulusBits + 14;
        _exponent = ModPowBenchmarks.RandomOdd(random, _exponentBits);
        _values = new BigInteger[Batch];
        for (int j = 0; j < Batch; j++)
        {
            _values[j] = ModPowBenchmarks.RandomOdd(random, ModulusBits - 8);
        }

        _results = new BigInteger[Batch];
        Console.WriteLine($"// share path: {IsaPath.Describe()}, {MontgomeryContext.BestLaneCount} lanes per batch, per-share kernel {_context.Kernel}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public BigInteger PowSecretPerShare()
    {
        for (int j = 0; j < Batch; j++)
        {
            _results[j] = _context.PowSecret(_values[j], _exponent, _exponentBits);
        }

        return _results[^1];
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public BigInteger PowSecretBatchLanes()
    {
        _context.PowSecretBatch(_values, _exponent, _exponentBits, _results);
        return _results[^1];
    }
}
