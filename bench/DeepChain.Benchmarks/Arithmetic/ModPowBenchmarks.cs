using System.Numerics;
using BenchmarkDotNet.Attributes;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Benchmarks.Arithmetic;

/// <summary>Modular exponentiation with a full-length exponent: BigInteger.ModPow (baseline) against Montgomery.</summary>
[MemoryDiagnoser]
public class ModPowBenchmarks
{
    private BigInteger _modulus;
    private BigInteger _base;
    private BigInteger _exponent;
    private MontgomeryContext _context = null!;

    [Params(2048, 4096)]
    public int ModulusBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(ModulusBits);
        _modulus = RandomOdd(random, ModulusBits);
        _base = RandomOdd(random, ModulusBits - 1);
        _exponent = RandomOdd(random, ModulusBits / 2);
        _context = new MontgomeryContext(_modulus);
    }

    [Benchmark(Baseline = true)]
    public BigInteger BigIntegerModPow() => BigInteger.ModPow(_base, _exponent, _modulus);

    [Benchmark]
    public BigInteger MontgomeryPow() => _context.Pow(_base, _exponent);

    [Benchmark]
    public BigInteger MontgomeryPowSecret() => _context.PowSecret(_base, _exponent, ModulusBits / 2);

    internal static BigInteger RandomOdd(Random random, int bits)
    {
        var bytes = new byte[bits / 8];
        random.NextBytes(bytes);
        bytes[^1] |= 0x80;
        bytes[0] |= 1;
        return new BigInteger(bytes, isUnsigned: true);
    }
}
