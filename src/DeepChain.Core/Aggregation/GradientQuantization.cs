using DeepChain.Crypto.Encoding;

namespace DeepChain.Core.Aggregation;

/// <summary>How an integer scheme maps gradients to integers: the clip range <c>c</c> and the bits <c>b</c>.</summary>
/// <param name="ClipRange">The clipping bound <c>c</c>; values are clamped to [-c, c].</param>
/// <param name="Bits">The signed integer width <c>b</c>, from <see cref="GradientQuantizer.MinBits"/> to 32.</param>
/// <remarks>
/// A value x becomes <c>q = round(clamp(x, -c, c)/Δ)</c> with <c>Δ = c/(2^(b-1) - 1)</c> (<see cref="Step"/>), so each
/// value is within Δ/2 of its clipped input and a sum of k quantized values within k·Δ/2 of the sum of the clipped
/// inputs. See <see cref="GradientQuantizer"/> for the kernels.
/// </remarks>
public readonly record struct GradientQuantization(float ClipRange, int Bits)
{
    /// <summary>Gets the quantization step <c>Δ = c / (2^(b-1) - 1)</c>.</summary>
    public double Step => ClipRange / (double)((1L << (Bits - 1)) - 1);

    /// <summary>Creates the quantizer that implements this quantization.</summary>
    /// <returns>A new <see cref="GradientQuantizer"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The clip range or bits are out of the quantizer's range.</exception>
    public GradientQuantizer CreateQuantizer() => new(ClipRange, Bits);
}
