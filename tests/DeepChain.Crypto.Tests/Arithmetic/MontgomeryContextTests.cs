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

    /// <summary>Moduli of 1 … 70 limbs whose digits are all ones, a single top bit, or random (carry and padding stress).</summary>
    public static TheoryData<int, int> LimbCountsAndShapes()
    {
        var data = new TheoryData<int, int>();
        for (int limbs = 1; limbs <= 70; limbs++)
        {
            for (int shape = 0; shape < 3; shape++)
            {
                data.Add(limbs, shape);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LimbCountsAndShapes))]
    public void MultiplyAndSquare_EdgeOperandsEveryKernelAndLimbCount_EqualBigInteger(int limbs, int shape)
    {
        var random = new Random((limbs * 7) + shape);
        int bits = 64 * limbs;
        BigInteger m = shape switch
        {
            0 => (BigInteger.One << bits) - 1,
            1 => (BigInteger.One << (bits - 1)) + 1,
            _ => RandomOddModulus(random, bits - random.Next(0, 63)),
        };
        if (m <= 1)
        {
            m = 3;
        }

        var operands = new List<BigInteger> { 0, 1, 2, m - 1, m - 2, (m - 1) / 2 };
        for (int i = 0; i < 4; i++)
        {
            operands.Add(RandomBits(random, bits) % m);
        }

        foreach (MontgomeryKernel kernel in Enum.GetValues<MontgomeryKernel>())
        {
            var ctx = new MontgomeryContext(m, kernel);
            var product = new ulong[ctx.LimbCount];
            for (int i = 0; i < operands.Count; i++)
            {
                var am = ctx.ToMontgomery(operands[i]);
                ctx.Square(am, product);
                Assert.Equal(operands[i] * operands[i] % m, ctx.FromMontgomery(product));
                var bm = ctx.ToMontgomery(operands[(i * 3 + 1) % operands.Count]);
                ctx.Multiply(am, bm, product);
                Assert.Equal(operands[i] * operands[(i * 3 + 1) % operands.Count] % m, ctx.FromMontgomery(product));
            }
        }
    }

    [Property(MaxTest = 200)]
    public void Square_RandomOperandsEveryKernel_EqualsMultiplyBySelf(int seed, byte limbByte, byte kernelByte)
    {
        var random = new Random(seed);
        int limbs = 1 + (limbByte % 70);
        var kernel = (MontgomeryKernel)(kernelByte % 4);
        var m = RandomOddModulus(random, (64 * limbs) - random.Next(0, 62));
        var ctx = new MontgomeryContext(m, kernel);
        var a = ctx.ToMontgomery(RandomBits(random, 64 * limbs) % m);
        var square = new ulong[ctx.LimbCount];
        var product = new ulong[ctx.LimbCount];
        ctx.Square(a, square);
        ctx.Multiply(a, a, product);
        Assert.Equal(product, square);
        Assert.Equal(BigInteger.Pow(ctx.FromMontgomery(a), 2) % m, ctx.FromMontgomery(square));
    }
}
