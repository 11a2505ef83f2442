using DeepChain.Crypto.Sampling;
using Xunit;

namespace DeepChain.Crypto.Tests.Sampling;

/// <summary>The samplers' distributions (mean, variance, support) and the determinism of the seeded AES-CTR stream.</summary>
public sealed class PolynomialSamplerTests
{
    private const int Count = 200_000;

    [Fact]
    public void CenteredBinomial_HasMeanZeroVarianceTenAndAHalf_AndIsBoundedBy21()
    {
        using AesCtrStream stream = AesCtrStream.CreateRandom();
        var values = new long[Count];

        PolynomialSampler.CenteredBinomial(stream, values);

        double mean = values.Average();
        double variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(variance, 10.2, 10.8);
        Assert.All(values, v => Assert.InRange(v, -PolynomialSampler.BinomialK, PolynomialSampler.BinomialK));
    }

    [Fact]
    public void Ternary_IsUniformOverMinusOneZeroOne()
    {
        using AesCtrStream stream = AesCtrStream.CreateRandom();
        var values = new long[Count];

        PolynomialSampler.Ternary(stream, values);

        foreach (long v in new long[] { -1, 0, 1 })
        {
            Assert.InRange(values.Count(x => x == v) / (double)Count, 0.32, 0.347);
        }

        Assert.All(values, v => Assert.InRange(v, -1, 1));
    }

    [Fact]
    public void Uniform_StaysBelowTheModulus_WithMeanNearHalf()
    {
        // A 60-bit prime (almost no rejections) and a 41-bit modulus just above 2^40 (about half rejected).
        const ulong q = 1_152_921_504_606_830_593;
        foreach (ulong modulus in new[] { q, 1_099_511_480_321UL + 1_099_511_627_776UL })
        {
            using AesCtrStream stream = AesCtrStream.CreateRandom();
            var values = new ulong[Count];

            PolynomialSampler.Uniform(stream, modulus, values);

            Assert.All(values, v => Assert.True(v < modulus));
            Assert.InRange(values.Average(v => (double)v) / modulus, 0.495, 0.505);
        }
    }

    [Fact]
    public void AesCtrStream_SameSeedSameBytes_OtherSeedOtherBytes()
    {
        byte[] seed = Enumerable.Range(0, AesCtrStream.SeedSize).Select(i => (byte)i).ToArray();
        byte[] other = (byte[])seed.Clone();
        other[0] ^= 1;
        var a = new byte[10_000];
        var b = new byte[10_000];
        var c = new byte[10_000];

        using (var first = new AesCtrStream(seed))
        {
            first.Fill(a.AsSpan(0, 3));
            first.Fill(a.AsSpan(3)); // split reads give the same stream as one read
        }

        using (var second = new AesCtrStream(seed))
        {
            second.Fill(b);
        }

        using (var third = new AesCtrStream(other))
        {
            third.Fill(c);
        }

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Throws<ArgumentException>(() => new AesCtrStream(new byte[16]));
    }
}
