using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Benchmarks.Arithmetic;

/// <summary>
/// Forward and inverse negacyclic NTT of one RNS limb (a 60-bit prime) with each kernel: scalar Harvey butterflies
/// (baseline) against the Vector256 and Vector512 lanes. A kernel the hardware does not accelerate runs emulated.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class NttBenchmarks
{
    private const string ForwardCategory = "Forward";
    private const string InverseCategory = "Inverse";

    private NttTables _scalar = null!;
    private NttTables _vector256 = null!;
    private NttTables _vector512 = null!;
    private ulong[] _values = null!;

    /// <summary>Gets or sets the ring degree N.</summary>
    [Params(4096, 8192, 16384)]
    public int Degree { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ulong q = NttPrimes.Generate(60, Degree, 1)[0];
        _scalar = new NttTables(Degree, q, NttKernel.Scalar);
        _vector256 = new NttTables(Degree, q, NttKernel.Vector256);
        _vector512 = new NttTables(Degree, q, NttKernel.Vector512);
        var random = new Random(Degree);
        _values = new ulong[Degree];
        for (int i = 0; i < Degree; i++)
        {
            _values[i] = (ulong)random.NextInt64() % q;
        }
    }

    // Each transform maps [0, q) to [0, q), so repeating it in place keeps the input valid.
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(ForwardCategory)]
    public void ForwardScalar() => _scalar.Forward(_values);

    [Benchmark]
    [BenchmarkCategory(ForwardCategory)]
    public void ForwardVector256() => _vector256.Forward(_values);

    [Benchmark]
    [BenchmarkCategory(ForwardCategory)]
    public void ForwardVector512() => _vector512.Forward(_values);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(InverseCategory)]
    public void InverseScalar() => _scalar.Inverse(_values);

    [Benchmark]
    [BenchmarkCategory(InverseCategory)]
    public void InverseVector256() => _vector256.Inverse(_values);

    [Benchmark]
    [BenchmarkCategory(InverseCategory)]
    public void InverseVector512() => _vector512.Inverse(_values);
}
