using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Arithmetic;

/// <summary>The negacyclic NTT against its definition: round trips, and products equal schoolbook negacyclic convolution.</summary>
public sealed class NttTablesTests
{
    private static readonly int[] s_degrees = [2, 4, 8, 16, 64, 256];
    private static readonly int[] s_bits = [20, 30, 40, 50, 60, 61];

    [Property(MaxTest = 200)]
    public void Inverse_OfForward_IsIdentity(int seed, byte degreeSource, byte bitsSource)
    {
        var random = new Random(seed);
        NttTables tables = Tables(s_degrees[degreeSource % s_degrees.Length], s_bits[bitsSource % s_bits.Length]);
        ulong[] values = RandomPolynomial(random, tables.Degree, tables.Modulus);
        ulong[] copy = (ulong[])values.Clone();

        tables.Forward(copy);
        Assert.All(copy, v => Assert.True(v < tables.Modulus));
        tables.Inverse(copy);

        Assert.Equal(values, copy);
    }

    [Property(MaxTest = 100)]
    public void PointwiseProductOfTransforms_IsNegacyclicConvolution(int seed, byte degreeSource, byte bitsSource)
    {
        var random = new Random(seed);
        NttTables tables = Tables(s_degrees[degreeSource % s_degrees.Length], s_bits[bitsSource % s_bits.Length]);
        ulong q = tables.Modulus;
        ulong[] a = RandomPolynomial(random, tables.Degree, q), b = RandomPolynomial(random, tables.Degree, q);
        ulong[] expected = NegacyclicProduct(a, b, q);

        tables.Forward(a);
        tables.Forward(b);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = ModularArithmetic.Multiply(a[i], b[i], q);
        }

        tables.Inverse(a);
        Assert.Equal(expected, a);
    }

    [Fact]
    public void Forward_OfX_EvaluatesAtOddPowersOfRootInBitReversedOrder()
    {
        NttTables tables = Tables(16, 40);
        var x = new ulong[16];
        x[1] = 1;

        tables.Forward(x);

        for (int k = 0; k < 16; k++)
        {
            // Slot k holds a(ψ^(2·bitrev(k)+1)) for a(X) = X.
            ulong exponent = (2UL * (ulong)NttTables.ReverseBits(k, 4)) + 1;
            Assert.Equal(ModularArithmetic.Pow(tables.Root, exponent, tables.Modulus), x[k]);
        }
    }

    [Fact]
    public void Forward_InputsAtTheTopOfTheRange_StayExact()
    {
        NttTables tables = Tables(1024, 61);
        ulong[] values = Enumerable.Repeat(tables.Modulus - 1, 1024).ToArray();
        ulong[] copy = (ulong[])values.Clone();

        tables.Forward(copy);
        tables.Inverse(copy);

        Assert.Equal(values, copy);
    }

    [Theory]
    [InlineData(4096, 60, 3)]
    [InlineData(8192, 40, 4)]
    [InlineData(32768, 50, 2)]
    public void NttPrimes_AreDistinctPrimesCongruentToOneModuloTwoN_AndDeterministic(int degree, int bits, int count)
    {
        ulong[] primes = NttPrimes.Generate(bits, degree, count);

        Assert.Equal(count, primes.Distinct().Count());
        Assert.Equal(primes, NttPrimes.Generate(bits, degree, count));
        foreach (ulong q in primes)
        {
            Assert.Equal(bits, 64 - BitOperations.LeadingZeroCount(q));
            Assert.Equal(1UL, q % (2UL * (ulong)degree));
            Assert.True(new BigInteger(q) < BigInteger.One << bits);
            Assert.True(Primes.IsProbablePrime(q, 40));
        }

        Assert.True(primes.SequenceEqual(primes.OrderDescending()));
        Assert.DoesNotContain(primes[0], NttPrimes.Generate(bits, degree, count, exclude: [primes[0]]));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(1 << 18)]
    public void Constructor_BadDegree_Throws(int degree) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NttTables(degree, 12289));

    [Fact]
    public void Constructor_ModulusNotOneModTwoN_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NttTables(8192, 12289)); // 12289 = 3·4096 + 1, not ≡ 1 mod 16384

    [Fact]
    public void IsPrime_AgreesWithBigIntegerMillerRabin()
    {
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            ulong n = ((ulong)random.NextInt64() >> random.Next(64)) | 1;
            Assert.Equal(Primes.IsProbablePrime(n, 40), ModularArithmetic.IsPrime(n));
        }

        Assert.False(ModularArithmetic.IsPrime(3_215_031_751)); // strong pseudoprime to bases 2, 3, 5, 7
        Assert.True(ModularArithmetic.IsPrime(18_446_744_073_709_551_557));
    }

    internal static NttTables Tables(int degree, int bits) => new(degree, NttPrimes.Generate(bits, degree, 1)[0]);

    internal static ulong[] RandomPolynomial(Random random, int degree, ulong q) =>
        Enumerable.Range(0, degree).Select(_ => (ulong)random.NextInt64() % q).ToArray();

    internal static ulong[] NegacyclicProduct(ulong[] a, ulong[] b, ulong q)
    {
        int n = a.Length;
        var result = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                ulong product = ModularArithmetic.Multiply(a[i], b[j], q);
                int k = i + j;
                result[k % n] = k < n ? ModularArithmetic.Add(result[k], product, q) : ModularArithmetic.Subtract(result[k - n], product, q);
            }
        }

        return result;
    }
}
