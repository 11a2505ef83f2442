using System.Collections.Concurrent;
using DeepChain.Crypto.Arithmetic;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Arithmetic;

/// <summary>
/// Every SIMD rung of the NTT equals the scalar transform exactly, in both directions, for every degree from 2 to 4096
/// and prime sizes up to 61 bits, including inputs at the top of the range. Rungs the hardware lacks run emulated.
/// </summary>
public sealed class NttKernelTests
{
    private static readonly NttKernel[] s_kernels = [NttKernel.Scalar, NttKernel.Vector128, NttKernel.Vector256, NttKernel.Vector512];
    private static readonly int[] s_bits = [17, 30, 45, 55, 59, 60, 61];
    private static readonly ConcurrentDictionary<(int Degree, int Bits, NttKernel Kernel), NttTables> s_tables = new();

    public static TheoryData<int> Kernels => new(Enumerable.Range(0, s_kernels.Length));

    [Property(MaxTest = 300)]
    public void Forward_EveryKernel_EqualsScalar(int seed, byte kernelSource, byte degreeSource, byte bitsSource, bool topOfRange)
    {
        NttTables tables = Tables(kernelSource, degreeSource, bitsSource);
        ulong[] values = Input(seed, tables, topOfRange);
        ulong[] expected = (ulong[])values.Clone();

        tables.ForwardScalar(expected);
        tables.Forward(values);

        Assert.Equal(expected, values);
    }

    [Property(MaxTest = 300)]
    public void Inverse_EveryKernel_EqualsScalar(int seed, byte kernelSource, byte degreeSource, byte bitsSource, bool topOfRange)
    {
        NttTables tables = Tables(kernelSource, degreeSource, bitsSource);
        ulong[] values = Input(seed, tables, topOfRange);
        ulong[] expected = (ulong[])values.Clone();

        tables.InverseScalar(expected);
        tables.Inverse(values);

        Assert.Equal(expected, values);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void ForwardThenInverse_EveryKernelEveryDegree_IsIdentity(int kernelIndex)
    {
        NttKernel kernel = s_kernels[kernelIndex];
        var random = new Random(11);
        for (int degree = 2; degree <= 4096; degree *= 2)
        {
            foreach (int bits in s_bits)
            {
                NttTables tables = s_tables.GetOrAdd((degree, bits, kernel), key => new NttTables(key.Degree, NttPrimes.Generate(key.Bits, key.Degree, 1)[0], key.Kernel));
                ulong[] values = NttTablesTests.RandomPolynomial(random, degree, tables.Modulus);
                ulong[] transformed = (ulong[])values.Clone();
                ulong[] expected = (ulong[])values.Clone();

                tables.Forward(transformed);
                tables.ForwardScalar(expected);
                Assert.Equal(expected, transformed);
                tables.Inverse(transformed);

                Assert.Equal(values, transformed);
            }
        }
    }

    [Fact]
    public void BestKernel_IsAcceleratedOrScalar()
    {
        NttKernel best = NttTables.BestKernel;

        Assert.True(best == NttKernel.Scalar || NttTables.LaneCount(best) > 1);
        Assert.Equal(best, new NttTables(64, NttPrimes.Generate(40, 64, 1)[0]).Kernel);
    }

    private static NttTables Tables(byte kernelSource, byte degreeSource, byte bitsSource)
    {
        NttKernel kernel = s_kernels[kernelSource % s_kernels.Length];
        int degree = 2 << (degreeSource % 12); // 2 .. 4096
        int bits = s_bits[bitsSource % s_bits.Length];
        return s_tables.GetOrAdd((degree, bits, kernel), key => new NttTables(key.Degree, NttPrimes.Generate(key.Bits, key.Degree, 1)[0], key.Kernel));
    }

    private static ulong[] Input(int seed, NttTables tables, bool topOfRange) =>
        topOfRange
            ? Enumerable.Repeat(tables.Modulus - 1, tables.Degree).ToArray()
            : NttTablesTests.RandomPolynomial(new Random(seed), tables.Degree, tables.Modulus);
}
