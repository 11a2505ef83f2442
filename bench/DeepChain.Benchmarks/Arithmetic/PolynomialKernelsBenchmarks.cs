using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Benchmarks.Arithmetic;

/// <summary>
/// Point-wise product and multiply-accumulate of one RNS limb (N = 8192, 60-bit prime): the original UInt128-remainder
/// loop (baseline), the scalar Barrett kernel, and the Vector256 and Vector512 kernels (emulated where not accelerated).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PolynomialKernelsBenchmarks
{
    private const string MultiplyCategory = "MultiplyMod";
    private const string MultiplyAddCategory = "MultiplyAddMod";

    private ulong _q;
    private ulong[] _a = null!;
    private ulong[] _b = null!;
    private ulong[] _destination = null!;

    [Params(8192)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _q = NttPrimes.Generate(60, Length, 1)[0];
        var random = new Random(Length);
        _a = new ulong[Length];
        _b = new ulong[Length];
        _destination = new ulong[Length];
        for (int i = 0; i < Length; i++)
        {
            _a[i] = (ulong)random.NextInt64() % _q;
            _b[i] = (ulong)random.NextInt64() % _q;
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyReference()
    {
        for (int i = 0; i < _destination.Length; i++)
        {
            _destination[i] = ModularArithmetic.Multiply(_a[i], _b[i], _q);
        }
    }

    [Benchmark]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyScalar() => PolynomialKernels.MultiplyMod(_a, _b, _q, _destination, NttKernel.Scalar);

    [Benchmark]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyVector256() => PolynomialKernels.MultiplyMod(_a, _b, _q, _destination, NttKernel.Vector256);

    [Benchmark]
    [BenchmarkCategory(MultiplyCategory)]
    public void MultiplyVector512() => PolynomialKernels.MultiplyMod(_a, _b, _q, _destination, NttKernel.Vector512);

    // The accumulator stays below q, so repeating the accumulation in place keeps it valid.
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(MultiplyAddCategory)]
    public void MultiplyAddReference()
    {
        for (int i = 0; i < _destination.Length; i++)
        {
            _destination[i] = ModularArithmetic.Add(_destination[i], ModularArithmetic.Multiply(_a[i], _b[i], _q), _q);
        }
    }

    [Benchmark]
    [BenchmarkCategory(MultiplyAddCategory)]
    public void MultiplyAddScalar() => PolynomialKernels.MultiplyAddMod(_a, _b, _q, _destination, NttKernel.Scalar);

    [Benchmark]
    [BenchmarkCategory(MultiplyAddCategory)]
    public void MultiplyAddVector256() => PolynomialKernels.MultiplyAddMod(_a, _b, _q, _destination, NttKernel.Vector256);

    [Benchmark]
    [BenchmarkCategory(MultiplyAddCategory)]
    public void MultiplyAddVector512() => PolynomialKernels.MultiplyAddMod(_a, _b, _q, _destination, NttKernel.Vector512);
}
