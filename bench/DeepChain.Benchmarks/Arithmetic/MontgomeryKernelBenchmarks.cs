using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Benchmarks.Arithmetic;

/// <summary>
/// One Montgomery multiplication and one Montgomery squaring with each kernel: the scalar 64-bit FIOS kernel
/// (baseline) against the digit-sliced Vector128/256/512 kernels. Kernels the hardware does not accelerate run emulated.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MontgomeryKernelBenchmarks
{
    private const string MultiplyCategory = "Multiply";
    private const string SquareCategory = "Square";

    private MontgomeryContext _scalar64 = null!;
    private MontgomeryContext _vector128 = null!;
    private MontgomeryContext _vector256 = null!;
    private MontgomeryContext _vector512 = null!;
    private ulong[] _a = null!;
    private ulong[] _b = null!;
    private ulong[] _destination = null!;

    /// <summary>Gets or sets the modulus size: 2048 and 4096 bits are n² of 1024- and 2048-bit Paillier keys.</summary>
    [Params(1024, 2048, 4096)]
    public int ModulusBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(ModulusBits);
        BigInteger modulus = ModPowBenchmarks.RandomOdd(random, ModulusBits);
        _scalar64 = new MontgomeryContext(modulus, MontgomeryKernel.Scalar64);
        _vector128 = new MontgomeryContext(modulus, MontgomeryKernel.Vector128);
        _vector256 = new MontgomeryContext(modulus, MontgomeryKernel.Vector256);
        _vector512 = new MontgomeryContext(modulus, MontgomeryKernel.Vector512);

        // Montgomery forms are the same for every kernel (R = 2^(64s)), so one pair of operands serves all four.
        _a = _scalar64.ToMontgomery(ModPowBenchmarks.RandomOdd(random, ModulusBits - 1));
        _b = _scalar64.ToMontgomery(ModPowBenchmarks.RandomOdd(random, ModulusBits - 1));
        _destination = new ulong[_scalar64.LimbCount];
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyScalar64() => _scalar64.MultiplyCore(_a, _b, _destination);

    [Benchmark]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyVector128() => _vector128.MultiplyCore(_a, _b, _destination);

    [Benchmark]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyVector256() => _vector256.MultiplyCore(_a, _b, _destination);

    [Benchmark]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyVector512() => _vector512.MultiplyCore(_a, _b, _destination);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(SquareCategory)]
    public void SquareScalar64() => _scalar64.SquareCore(_a, _destination);

    [Benchmark]
    [BenchmarkCategory(SquareCategory)]
    public void SquareVector128() => _vector128.SquareCore(_a, _destination);

    [Benchmark]
    [BenchmarkCategory(SquareCategory)]
    public void SquareVector256() => _vector256.SquareCore(_a, _destination);

    [Benchmark]
    [BenchmarkCategory(SquareCategory)]
    public void SquareVector512() => _vector512.SquareCore(_a, _destination);
}
