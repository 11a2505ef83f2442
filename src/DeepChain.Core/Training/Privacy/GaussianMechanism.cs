using System.Numerics.Tensors;

namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// The Gaussian mechanism on a gradient: clip it to L2 norm C, then add N(0, σ²C²) to every value.
/// </summary>
/// <remarks>
/// <para>After clipping, any two contributions differ by at most C in L2 norm for add/remove neighbours, so the noised
/// gradient is (α, α/(2σ²))-RDP at every order α (see <see cref="RdpAccountant"/>).</para>
/// <para>The clip scales a gradient of norm ‖g‖ &gt; C by C/‖g‖·(1 − 2⁻²⁰): the norm is computed in double precision and
/// the factor shaded by a millionth, more than the float rounding of the scaled values can add back, so the clipped
/// norm never exceeds C. A gradient within the bound is left exactly as it is.</para>
/// <para>A gradient holding a NaN or infinite value (a model that diverged, for instance under heavy noise) has no
/// direction to keep: <see cref="Apply"/> replaces it by zeros, which are within the bound, and noises those.</para>
/// </remarks>
public sealed class GaussianMechanism : IDisposable
{
    private const double Shade = 1 - (1.0 / (1 << 20));
    private readonly GaussianNoiseSampler _sampler;

    /// <summary>Creates the mechanism with noise from <see cref="GaussianNoiseSampler.Create"/>.</summary>
    /// <param name="clipNorm">C, positive and finite.</param>
    /// <param name="noiseMultiplier">σ, positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public GaussianMechanism(double clipNorm, double noiseMultiplier)
        : this(clipNorm, noiseMultiplier, null)
    {
    }

    /// <summary>Creates the mechanism over a given sampler (tests pass a seeded one); the mechanism disposes it.</summary>
    internal GaussianMechanism(double clipNorm, double noiseMultiplier, GaussianNoiseSampler? sampler)
    {
        if (!(clipNorm > 0) || double.IsPositiveInfinity(clipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clip norm must be positive and finite.");
        }

        if (!(noiseMultiplier > 0) || double.IsPositiveInfinity(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier must be positive and finite.");
        }

        ClipNorm = clipNorm;
        NoiseMultiplier = noiseMultiplier;
        _sampler = sampler ?? GaussianNoiseSampler.Create();
    }

    /// <summary>Gets C.</summary>
    public double ClipNorm { get; }

    /// <summary>Gets σ.</summary>
    public double NoiseMultiplier { get; }

    /// <summary>Gets the noise standard deviation per value, σ·C.</summary>
    public double NoiseStandardDeviation => NoiseMultiplier * ClipNorm;

    /// <summary>Clips <paramref name="gradient"/> to norm C (zeros when it holds a NaN or infinite value) and adds the
    /// noise, in place.</summary>
    /// <param name="gradient">The gradient.</param>
    /// <returns>The L2 norm of the gradient before clipping (NaN or +∞ when it was replaced by zeros).</returns>
    /// <exception cref="ObjectDisposedException">The mechanism is disposed.</exception>
    public double Apply(Span<float> gradient)
    {
        double norm = Norm(gradient);
        if (!double.IsFinite(norm))
        {
            gradient.Clear();
        }
        else if (norm > ClipNorm)
        {
            Scale(gradient, ClipNorm, norm);
        }

        _sampler.AddNoise(NoiseStandardDeviation, gradient);
        return norm;
    }

    /// <summary>Scales <paramref name="values"/> down so that their L2 norm is at most <paramref name="clipNorm"/>; values
    /// already within it are left unchanged.</summary>
    /// <param name="values">The values, in place (finite).</param>
    /// <param name="clipNorm">The bound, positive and finite.</param>
    /// <returns>The L2 norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipNorm"/> is out of range.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static double ClipToNorm(Span<float> values, double clipNorm)
    {
        if (!(clipNorm > 0) || double.IsPositiveInfinity(clipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clip norm must be positive and finite.");
        }

        double norm = Norm(values);
        if (!double.IsFinite(norm))
        {
            throw new ArgumentException("The gradient holds a NaN or infinite value.", nameof(values));
        }

        if (norm > clipNorm)
        {
            Scale(values, clipNorm, norm);
        }

        return norm;
    }

    private static double Norm(ReadOnlySpan<float> values)
    {
        double sumOfSquares = 0;
        foreach (float v in values)
        {
            sumOfSquares += (double)v * v;
        }

        return Math.Sqrt(sumOfSquares);
    }

    private static void Scale(Span<float> values, double clipNorm, double norm) =>
        TensorPrimitives.Multiply(values, (float)(clipNorm / norm * Shade), values);

    /// <summary>Disposes the noise sampler.</summary>
    public void Dispose() => _sampler.Dispose();
}
