using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Tests.Privacy;

/// <summary>The noise has the configured distribution: goodness-of-fit tests on a fixed-seed stream (so a failure
/// reproduces), at significance levels that a correct sampler fails about once in a thousand seeds.</summary>
public sealed class GaussianNoiseSamplerTests
{
    private const int Samples = 100_000;

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(2.5, 2)]
    [InlineData(0.01, 3)]
    public void Sample_FixedSeed_PassesKolmogorovSmirnovAgainstTheConfiguredNormal(double deviation, byte seed)
    {
        double[] values = Draw(deviation, seed);
        Array.Sort(values);
        double d = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double cdf = 0.5 * ErrorFunction.Erfc(-values[i] / (deviation * Math.Sqrt(2)));
            d = Math.Max(d, Math.Max(((i + 1.0) / values.Length) - cdf, cdf - ((double)i / values.Length)));
        }

        // The Kolmogorov distribution's 0.1 % critical value is 1.949 / √n.
        Assert.True(d < 1.949 / Math.Sqrt(values.Length), $"KS statistic {d} over {values.Length} deviates of N(0, {deviation}²)");
    }

    [Theory]
    [InlineData(1.0, 4)]
    [InlineData(3.0, 5)]
    public void Sample_FixedSeed_HasTheConfiguredMomentsAndTails(double deviation, byte seed)
    {
        double[] values = Draw(deviation, seed);
        double n = values.Length;
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double kurtosis = values.Sum(v => Math.Pow((v - mean) / deviation, 4)) / n;
        double beyondTwo = values.Count(v => Math.Abs(v) > 2 * deviation) / n;

        // Each within 4.5 standard errors: mean σ/√n, variance σ²√(2/n), kurtosis √(96/n) (a normal's fourth moment is 3,
        // its sampling variance 96/n), two-sided 2σ tail 0.0455 with binomial error.
        Assert.InRange(mean, -4.5 * deviation / Math.Sqrt(n), 4.5 * deviation / Math.Sqrt(n));
        Assert.InRange(variance, deviation * deviation * (1 - (4.5 * Math.Sqrt(2 / n))), deviation * deviation * (1 + (4.5 * Math.Sqrt(2 / n))));
        Assert.InRange(kurtosis, 3 - (4.5 * Math.Sqrt(96 / n)), 3 + (4.5 * Math.Sqrt(96 / n)));
        const double Tail = 0.045500263896358;
        Assert.InRange(beyondTwo, Tail - (4.5 * Math.Sqrt(Tail * (1 - Tail) / n)), Tail + (4.5 * Math.Sqrt(Tail * (1 - Tail) / n)));
    }

    [Fact]
    public void Sample_SameSeed_SameDeviates_OtherSeed_Others()
    {
        Assert.Equal(Draw(1, 7, 64), Draw(1, 7, 64));
        Assert.NotEqual(Draw(1, 7, 64), Draw(1, 8, 64));
    }

    [Fact]
    public void Create_TwoSamplers_DrawIndependentStreams()
    {
        using var first = GaussianNoiseSampler.Create();
        using var second = GaussianNoiseSampler.Create();
        var a = new double[64];
        var b = new double[64];
        first.Sample(1, a);
        second.Sample(1, b);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void AddNoise_AddsTheSameDeviatesSampleDraws_RoundedOnceToFloat()
    {
        float[] values = [.. Enumerable.Range(0, 9).Select(i => i * 0.5f)];
        var deviates = new double[9];
        using (GaussianNoiseSampler sampler = Seeded(9))
        {
            sampler.Sample(0.25, deviates);
        }

        float[] noised = (float[])values.Clone();
        using (GaussianNoiseSampler sampler = Seeded(9))
        {
            sampler.AddNoise(0.25, noised);
        }

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal((float)(values[i] + deviates[i]), noised[i]);
        }
    }

    [Fact]
    public void InvalidUse_IsRefused()
    {
        GaussianNoiseSampler sampler = Seeded(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample(-1, new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.AddNoise(double.NaN, new float[2]));
        Assert.Throws<ArgumentException>(() => GaussianNoiseSampler.CreateSeeded(new byte[16]));
        sampler.Dispose();
        Assert.Throws<ObjectDisposedException>(() => sampler.Sample(1, new double[2]));
    }

    internal static GaussianNoiseSampler Seeded(byte seed)
    {
        var key = new byte[32];
        key[0] = seed;
        return GaussianNoiseSampler.CreateSeeded(key);
    }

    private static double[] Draw(double deviation, byte seed, int count = Samples)
    {
        using GaussianNoiseSampler sampler = Seeded(seed);
        var values = new double[count];
        sampler.Sample(deviation, values);
        return values;
    }
}
