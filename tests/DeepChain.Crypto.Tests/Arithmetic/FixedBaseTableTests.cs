using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Arithmetic;

/// <summary>
/// Fixed-base exponentiation from the precomputed table against <see cref="MontgomeryContext.Pow"/>, for every kernel,
/// every window width from 1 to 8, and exponents of every length up to the table's bound.
/// </summary>
public sealed class FixedBaseTableTests
{
    [Property(MaxTest = 120)]
    public void Pow_RandomBaseAndExponent_EqualsMontgomeryPow(int seed, byte kernelSource, byte windowSource, byte sizeSource, byte exponentSource)
    {
        var random = new Random(seed);
        var kernel = (MontgomeryKernel)(kernelSource % 4);
        int windowBits = 1 + (windowSource % 8);

        // Moduli of 2 to 600 bits; table bounds of 1 to 300 bits; exponents of any length up to the bound.
        int modulusBits = 2 + (sizeSource * 598 / 255);
        int exponentBits = 1 + (exponentSource * 299 / 255);
        BigInteger m = MontgomeryContextTests.RandomOddModulus(random, modulusBits);
        var context = new MontgomeryContext(m, kernel);
        BigInteger g = MontgomeryContextTests.RandomBits(random, modulusBits + 4) % m;
        var table = new FixedBaseTable(context, context.ToMontgomery(g), exponentBits, windowBits);

        for (int i = 0; i < 4; i++)
        {
            BigInteger e = MontgomeryContextTests.RandomBits(random, random.Next(1, exponentBits + 1));
            Assert.Equal(context.Pow(g, e), Pow(table, context, e));
        }
    }

    public static TheoryData<MontgomeryKernel, int> KernelsAndWindows()
    {
        var data = new TheoryData<MontgomeryKernel, int>();
        foreach (MontgomeryKernel kernel in Enum.GetValues<MontgomeryKernel>())
        {
            for (int windowBits = 1; windowBits <= 8; windowBits++)
            {
                data.Add(kernel, windowBits);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndWindows))]
    public void Pow_EveryKernelAndWindow_EqualsMontgomeryPowAtEdgeExponents(MontgomeryKernel kernel, int windowBits)
    {
        // A 1024-bit modulus like n² of a 512-bit Paillier key; 64 exponent bits keep the w = 8 table small.
        var random = new Random((int)kernel * 100 + windowBits);
        const int exponentBits = 64;
        BigInteger m = MontgomeryContextTests.RandomOddModulus(random, 1024);
        var context = new MontgomeryContext(m, kernel);
        BigInteger g = MontgomeryContextTests.RandomBits(random, 1024) % m;
        var table = new FixedBaseTable(context, context.ToMontgomery(g), exponentBits, windowBits);

        Assert.Equal((exponentBits + windowBits - 1) / windowBits, table.Windows);
        Assert.Equal((long)table.Windows * (1 << windowBits) * context.LimbCount * sizeof(ulong), table.SizeInBytes);
        BigInteger allOnes = (BigInteger.One << exponentBits) - 1;
        foreach (BigInteger e in new[] { BigInteger.Zero, BigInteger.One, new BigInteger(2), allOnes, allOnes >> 1, BigInteger.One << (exponentBits - 1), MontgomeryContextTests.RandomBits(random, exponentBits) })
        {
            Assert.Equal(BigInteger.ModPow(g, e, m), Pow(table, context, e));

            // Exponent spans only as long as the declared bound (shorter than Windows·w bits) read as zero-extended.
            Assert.Equal(BigInteger.ModPow(g, e, m), Pow(table, context, e, Limbs.CountForBits(exponentBits)));
        }
    }

    [Theory]
    [InlineData(MontgomeryKernel.Scalar64)]
    [InlineData(MontgomeryKernel.Vector128)]
    [InlineData(MontgomeryKernel.Vector256)]
    [InlineData(MontgomeryKernel.Vector512)]
    public void Pow_PaillierSizedTable_EqualsModPow(MontgomeryKernel kernel)
    {
        // The encryptor's shape for a 512-bit key: n² of 1024 bits, 256-bit exponents, w = 6.
        var random = new Random(6 + (int)kernel);
        BigInteger m = MontgomeryContextTests.RandomOddModulus(random, 1024);
        var context = new MontgomeryContext(m, kernel);
        BigInteger g = MontgomeryContextTests.RandomBits(random, 1024) % m;
        var table = new FixedBaseTable(context, context.ToMontgomery(g), 256, 6);

        for (int i = 0; i < 3; i++)
        {
            BigInteger e = MontgomeryContextTests.RandomBits(random, 256);
            Assert.Equal(BigInteger.ModPow(g, e, m), Pow(table, context, e));
        }
    }

    [Fact]
    public void Pow_BaseOne_IsOne()
    {
        var context = new MontgomeryContext((BigInteger.One << 255) + 19);
        var table = new FixedBaseTable(context, context.One, 100, 5);

        Assert.Equal(BigInteger.One, Pow(table, context, (BigInteger.One << 99) + 12345));
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(13, 64)]
    [InlineData(4, 0)]
    [InlineData(4, -5)]
    public void Constructor_WindowOutside1To12OrNoExponentBits_ThrowsArgumentOutOfRange(int windowBits, int exponentBits)
    {
        var context = new MontgomeryContext(1_000_003);

        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBaseTable(context, context.ToMontgomery(2), exponentBits, windowBits));
    }

    // By default the exponent gets limbs for all Windows·w bits the table reads, as the Paillier encryptor gives it.
    private static BigInteger Pow(FixedBaseTable table, MontgomeryContext context, BigInteger exponent, int limbCount = -1)
    {
        var exponentLimbs = new ulong[limbCount >= 0 ? limbCount : Limbs.CountForBits((long)table.Windows * table.WindowBits)];
        Limbs.Write(exponent, exponentLimbs);
        var result = new ulong[context.LimbCount];
        table.Pow(exponentLimbs, result);
        return context.FromMontgomery(result);
    }
}
