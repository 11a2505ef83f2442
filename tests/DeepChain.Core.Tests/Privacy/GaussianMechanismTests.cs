using DeepChain.Core.Training.Privacy;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Privacy;

public sealed class GaussianMechanismTests
{
    [Property(MaxTest = 200)]
    public Property ClipToNorm_AnyVector_NormAtMostTheBoundAndDirectionKept(NormalFloat[] raw, PositiveInt bound)
    {
        float[] values = [.. raw.Select(v => (float)v.Get)];
        if (values.Any(v => !float.IsFinite(v)))
        {
            return true.ToProperty();
        }

        double clip = bound.Get / 10.0;
        float[] before = (float[])values.Clone();
        double norm = GaussianMechanism.ClipToNorm(values, clip);
        double after = Norm(values);

        bool withinBound = after <= clip;
        bool unchangedWhenWithin = norm > clip || values.SequenceEqual(before);
        bool sameDirection = norm <= clip || Enumerable.Range(0, values.Length).All(i => Math.Abs(values[i] - (before[i] * clip / norm)) <= 1e-5 * clip);
        return (withinBound && unchangedWhenWithin && sameDirection).Label($"norm {norm} → {after} with bound {clip}");
    }

    [Fact]
    public void Apply_LargeGradient_ReturnsItsNormAndNoisesAroundTheClippedVector()
    {
        const int Length = 50_000;
        const double Clip = 2;
        const double Sigma = 0.5;
        var gradient = new float[Length];
        var random = new Random(5);
        for (int i = 0; i < Length; i++)
        {
            gradient[i] = (float)(random.NextDouble() - 0.5);
        }

        float[] clipped = (float[])gradient.Clone();
        double norm = GaussianMechanism.ClipToNorm(clipped, Clip);
        using var mechanism = new GaussianMechanism(Clip, Sigma, GaussianNoiseSamplerTests.Seeded(11));

        Assert.Equal(norm, mechanism.Apply(gradient), 1e-9);
        double[] noise = [.. gradient.Select((v, i) => (double)v - clipped[i])];
        double deviation = Math.Sqrt(noise.Sum(n => n * n) / Length);
        double expected = Sigma * Clip;
        Assert.InRange(deviation, expected * (1 - (4.5 * Math.Sqrt(0.5 / Length))), expected * (1 + (4.5 * Math.Sqrt(0.5 / Length))));
        Assert.InRange(noise.Average(), -4.5 * expected / Math.Sqrt(Length), 4.5 * expected / Math.Sqrt(Length));
    }

    [Fact]
    public void Apply_DivergedGradient_ContributesOnlyNoise()
    {
        float[] gradient = [1e3f, float.NaN, -2f, float.PositiveInfinity];
        float[] noiseOnly = new float[gradient.Length];
        using (var reference = new GaussianMechanism(1, 0.5, GaussianNoiseSamplerTests.Seeded(13)))
        {
            reference.Apply(noiseOnly);
        }

        using var mechanism = new GaussianMechanism(1, 0.5, GaussianNoiseSamplerTests.Seeded(13));
        Assert.True(double.IsNaN(mechanism.Apply(gradient)));
        Assert.Equal(noiseOnly, gradient);
        Assert.All(gradient, v => Assert.True(float.IsFinite(v) && v != 0));
    }

    [Fact]
    public void Constructor_InvalidParameters_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMechanism(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMechanism(1, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => GaussianMechanism.ClipToNorm([1f, float.NaN], 1));
    }

    private static double Norm(float[] values) => Math.Sqrt(values.Sum(v => (double)v * v));
}
