using DeepChain.Crypto.Encoding;

namespace DeepChain.Core.Aggregation;

/// <summary>The parameters of an aggregation scheme. Immutable once built; validated by <see cref="AggregationSchemes.Create"/>.</summary>
/// <remarks>
/// <para>Defaults: 16-bit quantization of gradients clipped to [-1, 1] (step Δ = 1/32767 ≈ 3.1·10⁻⁵, so a sum of n quantized
/// gradients is within n·Δ/2 of the sum of the clipped gradients — well below the stochastic noise of a mini-batch
/// gradient; clip tighter for tiny gradients or use fewer bits to shrink threshold-Paillier rounds), 2048-bit Paillier
/// moduli (the minimum the library admits) and N = 8192 CKKS.</para>
/// <para>Round cost of threshold Paillier is one ~4,100-bit exponentiation modulo n² per ciphertext per sharing party,
/// and a ciphertext holds ⌊2047/(b + ⌈log₂ n⌉)⌋ values: for 101,770 values and 8 parties, 952 ciphertexts at b = 16 and
/// 548 at b = 8 (measured on one core: 27.3 s and 15.0 s of decryption shares per party). With b = 8 pick the clip range
/// close to the gradients' magnitude, since the step is c/127.</para>
/// </remarks>
public sealed record AggregationSchemeOptions
{
    /// <summary>The default number of quantization bits, 16.</summary>
    public const int DefaultQuantizationBits = 16;

    /// <summary>The default clip range, 1.0.</summary>
    public const float DefaultClipRange = 1f;

    /// <summary>The default Paillier modulus size, 2048 bits.</summary>
    public const int DefaultPaillierModulusBits = 2048;

    /// <summary>The default CKKS ring degree, 8192.</summary>
    public const int DefaultCkksPolyModulusDegree = 8192;

    /// <summary>Gets the number of parties n, from 1 to 256.</summary>
    public int Parties { get; init; } = 2;

    /// <summary>Gets the threshold t of threshold Paillier (1 … n); <see langword="null"/> for ⌊n/2⌋ + 1. Ignored by the
    /// other schemes, whose threshold is fixed (see <see cref="IAggregationScheme.Threshold"/>).</summary>
    public int? Threshold { get; init; }

    /// <summary>Gets the quantization bits b of the Paillier schemes, from <see cref="GradientQuantizer.MinBits"/> to 32.</summary>
    public int QuantizationBits { get; init; } = DefaultQuantizationBits;

    /// <summary>Gets the clip range c: Paillier schemes clamp to [-c, c]; CKKS schemes use it to bound the encoded values.</summary>
    public float ClipRange { get; init; } = DefaultClipRange;

    /// <summary>Gets the Paillier modulus size in bits, at least 2048.</summary>
    public int PaillierModulusBits { get; init; } = DefaultPaillierModulusBits;

    /// <summary>Gets the CKKS ring degree N: 4096, 8192, 16384 or 32768.</summary>
    public int CkksPolyModulusDegree { get; init; } = DefaultCkksPolyModulusDegree;

    /// <summary>Gets the most threads one operation uses (over ciphertexts); at least 1.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets whether tiny Paillier moduli (from 256 bits) and toy CKKS rings are admitted, so tests and smoke
    /// runs take milliseconds. <b>Insecure: never set it for real data.</b> Default false.</summary>
    public bool AllowInsecureTestParameters { get; init; }

    internal ParallelOptions ParallelOptions => new() { MaxDegreeOfParallelism = MaxDegreeOfParallelism };

    internal int ResolvedThreshold => Threshold ?? ((Parties / 2) + 1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Parties, 1, nameof(Parties));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Parties, 256, nameof(Parties));
        if (Threshold is int t && (t < 1 || t > Parties))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), t, $"The threshold must be from 1 to the {Parties} parties.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(QuantizationBits, GradientQuantizer.MinBits, nameof(QuantizationBits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(QuantizationBits, GradientQuantizer.MaxBits, nameof(QuantizationBits));
        if (!float.IsFinite(ClipRange) || ClipRange <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ClipRange), ClipRange, "The clip range must be finite and greater than zero.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PaillierModulusBits, AllowInsecureTestParameters ? 256 : 2048, nameof(PaillierModulusBits));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, nameof(MaxDegreeOfParallelism));
    }
}
