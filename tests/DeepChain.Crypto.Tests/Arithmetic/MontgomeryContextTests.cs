using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Arithmetic;

public class MontgomeryContextTests
{
    internal static BigInteger RandomBits(Random random, int bits)
    {
        var bytes = new byte[(bits + 7) / 8 + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0;
        int excess = (bytes.Length - 1) * 8 - bits;
        bytes[^2] &= (byte)(0xFF >> excess);
        return new BigInteger(bytes);
    }

    internal static BigInteger RandomOddModulus(Random random, int bits)
    {
        var m = RandomBits(random, bits) | (BigInteger.One << (bits - 1)) | BigInteger.One;
        return m;
    }

    [Property(MaxTest = 300)]
    public void Multiply_RandomOperandsEveryKernel_EqualsBigIntegerProduct(int seed, byte sizeByte, byte kernelByte)
    {
        var random = new Random(seed);
        int bits = 2 + (sizeByte % 40) * 29;
        var kernel = (MontgomeryKernel)(kernelByte % 4);
        var m = RandomOddModulus(random, bits);
        var ctx = new MontgomeryContext(m, kernel);
        var a = RandomBits(random, bits + 8) % m;
        var b = RandomBits(random, bits + 8) % m;

        var am = ctx.ToMontgomery(a);
        var bm = ctx.ToMontgomery(b);
        var product = new ulong[ctx.LimbCount];
        ctx.Multiply(am, bm, product);
        Assert.Equal(a * b % m, ctx.FromMontgomery(product));

        var square = new ulong[ctx.LimbCount];
        ctx.Square(am, square);
        Assert.Equal(a * a % m, ctx.FromMontgomery(square));

        // In-place aliasing gives the same answers.
        ctx.Multiply(am, bm, am);
        Assert.Equal(a * b % m, ctx.FromMontgomery(am));
        ctx.Square(bm, bm);
        Assert.Equal(b * b % m, ctx.FromMontgomery(bm));
    }

    [Property(MaxTest = 100)]
    public void Pow_RandomModuliAndExponentsEveryKernel_EqualsModPow(int seed, byte sizeByte, byte exponentByte, byte kernelByte)
    {
        var random = new Random(seed);
        int bits = 2 + (sizeByte % 32) * 67;
        int exponentBits = 1 + exponentByte * 5;
        var kernel = (MontgomeryKernel)(kernelByte % 4);
        var m = RandomOddModulus(random, bits);
        var ctx = new MontgomeryContext(m, kernel);
        var x = RandomBits(random, bits + 3);
        var e = RandomBits(random, exponentBits);

        var expected = BigInteger.ModPow(x, e, m);
        Assert.Equal(expected, ctx.Pow(x, e));
        Assert.Equal(expected, ctx.PowSecret(x, e, exponentBits));
    }

    public static TheoryData<int, MontgomeryKernel> LargeCases()
    {
        var data = new TheoryData<int, MontgomeryKernel>();
        foreach (int bits in new[] { 1024, 2048, 4096 })
        {
            foreach (MontgomeryKernel kernel in Enum.GetValues<MontgomeryKernel>())
            {
                data.Add(bits, kernel);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void Pow_LargeModulusEveryKernel_EqualsModPow(int bits, MontgomeryKernel kernel)
    {
        var random = new Random(bits);
        var m = RandomOddModulus(random, bits);
        var ctx = new MontgomeryContext(m, kernel);
        for (int i = 0; i < 3; i++)
        {
            var x = RandomBits(random, bits) % m;
            var e = RandomBits(random, bits / 2);
            Assert.Equal(BigInteger.ModPow(x, e, m), ctx.Pow(x, e));
            Assert.Equal(BigInteger.ModPow(x, e, m), ctx.PowSecret(x, e, bits / 2));
        }
    }

    [Fact]
    public void Pow_EdgeCases_MatchDefinition()
    {
        var m = new BigInteger(1_000_003);
        var ctx = new MontgomeryContext(m);
        Assert.Equal(BigInteger.One, ctx.Pow(12345, 0));
        Assert.Equal(BigInteger.Zero, ctx.Pow(0, 5));
        Assert.Equal(BigInteger.One, ctx.PowSecret(12345, 0, 64));
        Assert.Equal(new BigInteger(12345), ctx.Pow(12345 + m, 1));
        // Modulus with all-ones top limb exercises the final subtraction.
        var allOnes = (BigInteger.One << 1024) - 1;
        foreach (MontgomeryKernel kernel in Enum.GetValues<MontgomeryKernel>())
        {
            var ctx2 = new MontgomeryContext(allOnes, kernel);
            var x = allOnes - 2;
            Assert.Equal(BigInteger.ModPow(x, allOnes - 5, allOnes), ctx2.Pow(x, allOnes - 5));
            Assert.Equal(BigInteger.ModPow(allOnes - 1, 2, allOnes), ctx2.Pow(allOnes - 1, 2));
        }
    }

    [Fact]
    public void Constructor_LargeModulus_PicksBestKernelSmallModulusScalar()
    {
        Assert.Equal(MontgomeryKernel.Scalar64, new MontgomeryContext(new BigInteger(1_000_003)).Kernel);
        Assert.Equal(MontgomeryContext.BestKernel, new MontgomeryContext((BigInteger.One << 2047) + 1).Kernel);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-7)]
    [InlineData(10)]
    public void Constructor_EvenOrTooSmallModulus_Throws(int modulus)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MontgomeryContext(modulus));
    }

    [Fact]
    public void PowSecret_ExponentLongerThanDeclared_Throws()
    {
        var ctx = new MontgomeryContext(101);
        Assert.Throws<ArgumentOutOfRangeException>(() => ctx.PowSecret(3, 256, 8));
        Assert.Throws<ArgumentException>(() => ctx.Multiply(new ulong[2], new ulong[1], new ulong[1]));
    }
}
