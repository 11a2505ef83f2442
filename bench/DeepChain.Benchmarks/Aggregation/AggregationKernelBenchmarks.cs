using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeepChain.Core.Aggregation;
using DeepChain.Crypto.Encoding;

namespace DeepChain.Benchmarks.Aggregation;

/// <summary>
/// The plaintext kernels of one aggregation round on the MNIST MLP's 101,770 float32 values: quantize (clip, quantize,
/// offset), dequantize a sum of 8 offset vectors, and sum 8 float vectors. Each against its scalar rung (baseline) and
/// against a memory copy of the bytes the kernel reads, in the same category: the copy is the speed of light, and the
/// target is at least 0.7 of its throughput (a Ratio of at most 1.43 to the copy).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AggregationKernelBenchmarks
{
    private const int Length = 101_770;
    private const int Vectors = 8;

    private readonly GradientQuantizer _quantizer = new(clipRange: 1f, bits: 16);
    private float[][] _vectors = null!;
    private ReadOnlyMemory<float>[] _memories = null!;
    private float[] _destination = null!;
    private uint[] _offsets = null!;
    private ulong[] _offsetSums = null!;
    private ulong[] _offsetSumsCopy = null!;
    private float[] _allVectorsCopy = null!;

    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine($"// Aggregation kernels: GradientKernels.ActivePath = {GradientKernels.ActivePath}, GradientQuantizer.ActivePath = {GradientQuantizer.ActivePath}");
        var random = new Random(101_770);
        _vectors = new float[Vectors][];
        for (int k = 0; k < Vectors; k++)
        {
            _vectors[k] = new float[Length];
            for (int i = 0; i < Length; i++)
            {
                _vectors[k][i] = (float)((random.NextDouble() * 3) - 1.5);
            }
        }

        _memories = _vectors.Select(v => (ReadOnlyMemory<float>)v).ToArray();
        _destination = new float[Length];
        _offsets = new uint[Length];
        _offsetSums = new ulong[Length];
        for (int i = 0; i < Length; i++)
        {
            _offsetSums[i] = (ulong)random.NextInt64(0, Vectors * 2L * _quantizer.Offset);
        }

        _offsetSumsCopy = new ulong[Length];
        _allVectorsCopy = new float[Length * Vectors];
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Quantize")]
    public void QuantizeScalar() => _quantizer.QuantizeOffset(_vectors[0], _offsets, SimdPath.Scalar);

    [Benchmark]
    [BenchmarkCategory("Quantize")]
    public void QuantizeSimd() => _quantizer.QuantizeOffset(_vectors[0], _offsets);

    /// <summary>Copies the 407,080 bytes the quantizer reads to a buffer of the size it writes.</summary>
    [Benchmark]
    [BenchmarkCategory("Quantize")]
    public void QuantizeCopy() => _vectors[0].AsSpan().CopyTo(_destination);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Dequantize")]
    public void DequantizeScalar() => _quantizer.DequantizeSum(_offsetSums, Vectors, _destination, mean: false, SimdPath.Scalar);

    [Benchmark]
    [BenchmarkCategory("Dequantize")]
    public void DequantizeSimd() => _quantizer.DequantizeSum(_offsetSums, Vectors, _destination);

    /// <summary>Copies the 814,160 bytes of offset sums the dequantizer reads.</summary>
    [Benchmark]
    [BenchmarkCategory("Dequantize")]
    public void DequantizeCopy() => _offsetSums.AsSpan().CopyTo(_offsetSumsCopy);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Sum8")]
    public void SumScalar()
    {
        // The scalar loop GradientKernels' rungs are tested against: left to right, element by element.
        float[] destination = _destination;
        _vectors[0].AsSpan().CopyTo(destination);
        for (int k = 1; k < Vectors; k++)
        {
            float[] vector = _vectors[k];
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] += vector[i];
            }
        }
    }

    [Benchmark]
    [BenchmarkCategory("Sum8")]
    public void SumSimd() => GradientKernels.Sum(_memories, _destination);

    /// <summary>Copies the 3,256,640 bytes of the eight vectors the sum reads.</summary>
    [Benchmark]
    [BenchmarkCategory("Sum8")]
    public void SumCopy()
    {
        for (int k = 0; k < Vectors; k++)
        {
            _vectors[k].AsSpan().CopyTo(_allVectorsCopy.AsSpan(k * Length, Length));
        }
    }

    [Benchmark]
    [BenchmarkCategory("Sum8")]
    public void MeanSimd() => GradientKernels.Mean(_memories, _destination);
}
