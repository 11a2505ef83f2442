using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeepChain.Crypto.Encoding;

namespace DeepChain.Benchmarks.Encoding;

/// <summary>
/// Quantizing a gradient to signed and to offset (packable) integers: the scalar rung (baseline) against each forced
/// vector rung and the run-time default. Rungs the hardware does not accelerate run emulated, so on such a machine they
/// show the cost of forcing them, not a gain.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GradientQuantizerBenchmarks
{
    private const string QuantizeCategory = "Quantize";
    private const string QuantizeOffsetCategory = "QuantizeOffset";

    private readonly GradientQuantizer _quantizer = new(clipRange: 1f, bits: 16);
    private float[] _values = null!;
    private int[] _quantized = null!;
    private uint[] _offsets = null!;

    /// <summary>Gets or sets the gradient length: a small layer, the MNIST MLP's 101,770 parameters, and a million.</summary>
    [Params(1024, 101_770, 1_000_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Count);
        _values = new float[Count];
        for (int i = 0; i < _values.Length; i++)
        {
            // Mostly inside the clip range, some beyond it, so clamping is exercised.
            _values[i] = (float)((random.NextDouble() * 3) - 1.5);
        }

        _quantized = new int[Count];
        _offsets = new uint[Count];
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(QuantizeCategory)]
    public void QuantizeScalar() => _quantizer.Quantize(_values, _quantized, SimdPath.Scalar);

    [Benchmark]
    [BenchmarkCategory(QuantizeCategory)]
    public void QuantizeVector128() => _quantizer.Quantize(_values, _quantized, SimdPath.Vector128);

    [Benchmark]
    [BenchmarkCategory(QuantizeCategory)]
    public void QuantizeVector256() => _quantizer.Quantize(_values, _quantized, SimdPath.Vector256);

    [Benchmark]
    [BenchmarkCategory(QuantizeCategory)]
    public void QuantizeVector512() => _quantizer.Quantize(_values, _quantized, SimdPath.Vector512);

    [Benchmark]
    [BenchmarkCategory(QuantizeCategory)]
    public void QuantizeDefault() => _quantizer.Quantize(_values, _quantized);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(QuantizeOffsetCategory)]
    public void QuantizeOffsetScalar() => _quantizer.QuantizeOffset(_values, _offsets, SimdPath.Scalar);

    [Benchmark]
    [BenchmarkCategory(QuantizeOffsetCategory)]
    public void QuantizeOffsetVector128() => _quantizer.QuantizeOffset(_values, _offsets, SimdPath.Vector128);

    [Benchmark]
    [BenchmarkCategory(QuantizeOffsetCategory)]
    public void QuantizeOffsetVector256() => _quantizer.QuantizeOffset(_values, _offsets, SimdPath.Vector256);

    [Benchmark]
    [BenchmarkCategory(QuantizeOffsetCategory)]
    public void QuantizeOffsetVector512() => _quantizer.QuantizeOffset(_values, _offsets, SimdPath.Vector512);

    [Benchmark]
    [BenchmarkCategory(QuantizeOffsetCategory)]
    public void QuantizeOffsetDefault() => _quantizer.QuantizeOffset(_values, _offsets);
}
