using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Arithmetic;

public class MontgomeryBatchTests
{
    /// <summary>Lane counts of every rung: 8 (Vector512), 4 (Vector256), 0 (per-base scalar path); unaccelerated widths are emulated.</summary>
    public static TheoryData<int> Rungs => new() { 8, 4, 0 };

    [Property(MaxTest = 60)]
    public void PowSecretBatchCore_EveryRungRandomModuliAndExponents_EqualsModPow(int seed, byte sizeByte, byte exponentByte, byte countByte, byte rungByte)
    {
        var random = new Random(seed);
        int bits = 2 + (sizeByte % 24) * 45;
        int exponentBits = 1 + exponentByte * 3;
        int lanes = new[] { 8, 4, 0 }[rungByte % 3];
        int count = 1 + (countByte % 19);
        var m = MontgomeryContextTests.RandomOddModulus(random, bits);
        var ctx = new MontgomeryContext(m);
        var exponent = MontgomeryContextTests.RandomBits(random, exponentBits);
        var values = new BigInteger[count];
        for (int j = 0; j < count; j++)
        {
            values[j] = MontgomeryContextTests.RandomBits(random, bits + 9);
        }

        var results = new BigInteger[count];
        ctx.PowSecretBatchCore(values, exponent, exponentBits, results, lanes);
        for (int j = 0; j < count; j++)
        {
            Assert.Equal(BigInteger.ModPow(values[j], exponent, m), results[j]);
        }
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void PowSecretBatchCore_4096BitModulusThresholdSizedExponent_EqualsModPow(int lanes)
    {
        var random = new Random(4096 + lanes);
        var m = MontgomeryContextTests.RandomOddModulus(random, 4096);
        var ctx = new MontgomeryContext(m);
        var exponent = MontgomeryContextTests.RandomBits(random, 4110);
        var values = new BigInteger[lanes + 3];
        for (int j = 0; j < values.Length; j++)
        {
            values[j] = MontgomeryContextTests.RandomBits(random, 4096) % m;
        }

        values[0] = m - 1;
        values[^1] = BigInteger.Zero;
        var results = new BigInteger[values.Length];
        ctx.PowSecretBatchCore(values, exponent, 4110, results, lanes);
        for (int j = 0; j < values.Length; j++)
        {
            Assert.Equal(BigInteger.ModPow(values[j], exponent, m), results[j]);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void PowSecretBatchCore_AllOnesModulusAtLaneLimit_NoColumnOverflow(int lanes)
    {
        // Every digit of m is 2²⁸ − 1 and the bases are near m: the column sums are as large as they can be.
        BigInteger m = (BigInteger.One << MontgomeryContext.LaneKernelMaximumBits) - 1;
        var ctx = new MontgomeryContext(m);
        BigInteger exponent = (BigInteger.One << 70) - 1;
        var values = new[] { m - 1, m - 2, (m >> 1) + 1, m, BigInteger.One << (MontgomeryContext.LaneKernelMaximumBits - 1) };
        var results = new BigInteger[values.Length];
        ctx.PowSecretBatchCore(values, exponent, 70, results, lanes);
        for (int j = 0; j < values.Length; j++)
        {
            Assert.Equal(BigInteger.ModPow(values[j], exponent, m), results[j]);
        }
    }

    [Fact]
    public void PowSecretBatch_ModulusAboveLaneLimit_FallsBackAndEqualsModPow()
    {
        var random = new Random(7000);
        var m = MontgomeryContextTests.RandomOddModulus(random, MontgomeryContext.LaneKernelMaximumBits + 5);
        var ctx = new MontgomeryContext(m);
        var values = new[] { new BigInteger(3), m - 2 };
        var results = new BigInteger[2];
        ctx.PowSecretBatch(values, 65537, 17, results);
        Assert.Equal(BigInteger.ModPow(values[0], 65537, m), results[0]);
        Assert.Equal(BigInteger.ModPow(values[1], 65537, m), results[1]);
    }

    [Fact]
    public void PowSecretBatch_ExponentLongerThanDeclared_Throws()
    {
        var ctx = new MontgomeryContext(1_000_003);
        var results = new BigInteger[1];
        Assert.Throws<ArgumentOutOfRangeException>(() => ctx.PowSecretBatch([new BigInteger(5)], 1 << 10, 10, results));
    }

    [Fact]
    public void PowSecretBatch_DestinationTooShort_Throws()
    {
        var ctx = new MontgomeryContext(1_000_003);
        Assert.Throws<ArgumentException>(() => ctx.PowSecretBatch([new BigInteger(5), new BigInteger(6)], 7, 3, new BigInteger[1]));
    }

    [Fact]
    public void PowSecretBatch_NegativeBase_Throws()
    {
        var ctx = new MontgomeryContext(1_000_003);
        Assert.Throws<ArgumentOutOfRangeException>(() => ctx.PowSecretBatch([new BigInteger(-5)], 7, 3, new BigInteger[1]));
    }
}
