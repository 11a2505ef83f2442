using System.Runtime.InteropServices;

namespace DeepChain.Crypto.Encoding;

/// <summary>
/// Clips gradients to [-c, c] and maps them to signed <c>b</c>-bit fixed-point integers, or to the unsigned
/// offset form that <see cref="SlotPacker"/> packs into Paillier plaintexts; maps integers and homomorphic sums
/// of offset values back to <see cref="float"/>.
/// </summary>
/// <remarks>
/// <para>
/// With clip range <c>c</c> and <c>b</c> bits, let <c>M = 2^(b-1) - 1</c> (<see cref="MaxMagnitude"/>) and
/// <c>Δ = c / M</c> (<see cref="Step"/>). A value <c>x</c> is quantized to
/// <c>q = round(clamp(x, -c, c) / Δ)</c>, rounding to the nearest integer and ties to even, so
/// <c>q ∈ [-M, M]</c> and <c>|q·Δ - clamp(x, -c, c)| ≤ Δ/2</c>. The offset form is <c>u = q + M</c>
/// (<see cref="Offset"/>), so <c>u ∈ [0, 2^b - 2]</c> fits <c>b</c> unsigned bits. ±∞ are clipped to ±c;
/// NaN is rejected because no integer stands for it.
/// </para>
/// <para>
/// Homomorphic aggregation adds offset values: the decrypted slot holds <c>S = Σ u_i = Σ q_i + N·M</c> for
/// <c>N</c> summands, so <see cref="DequantizeSum(ReadOnlySpan{ulong}, int, Span{float})"/> returns <c>(S - N·M)·Δ</c>, which equals
/// <c>Σ q_i·Δ</c> and lies within <c>N·Δ/2</c> of the sum of the clipped inputs. The offset keeps every
/// slot non-negative, which is what lets <see cref="SlotPacker"/> reserve only <c>⌈log₂ N⌉</c> carry bits
/// per slot (BatchCrypt, Zhang et al., USENIX ATC 2020).
/// </para>
/// <para>
/// Precision: for <c>b ≤ 16</c> (with a clip range whose scale and step are normal floats) the kernels compute
/// in single precision, whose rounding error before the final rounding to an integer is below
/// <c>2^(b-24) ≤ 1/256</c> of a step. For larger <c>b</c> a float cannot carry the quotient, so the kernels widen
/// to double: <c>q</c> is then the correctly rounded quotient up to ties closer than <c>2^-21</c> of a step.
/// Dequantized results are rounded once to <see cref="float"/>; for <c>b &gt; 24</c> a float near <c>c</c> cannot
/// resolve one step, so the round trip is then exact to the float's own resolution (half an ulp) rather than to
/// half a step.
/// </para>
/// <para>
/// Kernels are vectorised with <c>Vector512</c>, <c>Vector256</c> and <c>Vector128</c> (see
/// <see cref="ActivePath"/>), allocate nothing, and are thread-safe; instances are immutable.
/// </para>
/// </remarks>
public sealed partial class GradientQuantizer
{
    /// <summary>The smallest supported number of bits, 8.</summary>
    public const int MinBits = 8;

    /// <summary>The largest supported number of bits, 32.</summary>
    public const int MaxBits = 32;

    // Above this the single-precision quotient can be off by more than 1/256 of a step.
    private const int MaxSinglePrecisionBits = 16;

    private readonly double _scale;
    private readonly double _step;
    private readonly float _singleScale;
    private readonly float _singleStep;

    /// <summary>Creates a quantizer for the clip range <paramref name="clipRange"/> and <paramref name="bits"/> bits.</summary>
    /// <param name="clipRange">The clipping bound <c>c</c>: inputs are clamped to [-c, c]. Finite and greater than zero.</param>
    /// <param name="bits">The width <c>b</c> of the signed integers, from <see cref="MinBits"/> to <see cref="MaxBits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="clipRange"/> is NaN, infinite, zero or negative, or <paramref name="bits"/> is outside
    /// [<see cref="MinBits"/>, <see cref="MaxBits"/>].
    /// </exception>
    public GradientQuantizer(float clipRange, int bits)
    {
        if (!float.IsFinite(clipRange) || clipRange <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(clipRange), clipRange, "The clip range must be a finite number greater than zero.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bits, MinBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxBits);

        ClipRange = clipRange;
        Bits = bits;
        MaxMagnitude = (int)((1u << (bits - 1)) - 1);
        _step = clipRange / (double)MaxMagnitude;
        _scale = MaxMagnitude / (double)clipRange;
        _singleStep = (float)_step;
        _singleScale = (float)_scale;
        UsesSinglePrecision = bits <= MaxSinglePrecisionBits && float.IsNormal(_singleStep) && float.IsNormal(_singleScale);
    }

    /// <summary>Gets the name of the vector width the kernels run on this machine.</summary>
    /// <value>
    /// <c>"Vector512"</c>, <c>"Vector256"</c>, <c>"Vector128"</c> or <c>"Scalar"</c>: the widest width the hardware
    /// accelerates, as reported by <c>Vector512.IsHardwareAccelerated</c> and its narrower siblings.
    /// </value>
    public static string ActivePath { get; } = SimdCapabilities.Best.ToString();

    /// <summary>Gets the number of bits <c>b</c> of a quantized value.</summary>
    public int Bits { get; }

    /// <summary>Gets the clipping bound <c>c</c>.</summary>
    public float ClipRange { get; }

    /// <summary>Gets the quantization step <c>Δ = c / (2^(b-1) - 1)</c>, the value of one integer unit.</summary>
    public double Step => _step;

    /// <summary>Gets <c>M = 2^(b-1) - 1</c>, the largest magnitude of a quantized value.</summary>
    public int MaxMagnitude { get; }

    /// <summary>Gets the offset <c>M = 2^(b-1) - 1</c> added to make a quantized value non-negative.</summary>
    /// <remarks>Offset values lie in <c>[0, 2^b - 2]</c>, so a <see cref="SlotPacker"/> with <c>valueBits = b</c> holds them.</remarks>
    public uint Offset => (uint)MaxMagnitude;

    /// <summary>Gets whether the kernels compute in single rather than double precision (see the type's remarks).</summary>
    internal bool UsesSinglePrecision { get; }

    /// <summary>Quantizes <paramref name="values"/> to signed integers <c>q ∈ [-M, M]</c>.</summary>
    /// <param name="values">The gradient values; ±∞ and values beyond ±c are clipped.</param>
    /// <param name="destination">Receives <c>q</c> for each value; only its first <c>values.Length</c> elements are written.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> contains NaN (the message gives the first index), <paramref name="destination"/> is
    /// shorter than <paramref name="values"/>, or the two overlap other than exactly in place.
    /// </exception>
    /// <remarks><c>q = round(clamp(x, -c, c) / Δ)</c>, ties to even. Nothing is written when an exception is thrown.</remarks>
    public void Quantize(ReadOnlySpan<float> values, Span<int> destination) =>
        Quantize(values, destination, SimdCapabilities.Best);

    /// <summary>Quantizes <paramref name="values"/> to the unsigned offset form <c>u = q + M ∈ [0, 2^b - 2]</c>.</summary>
    /// <param name="values">The gradient values; ±∞ and values beyond ±c are clipped.</param>
    /// <param name="destination">Receives <c>u</c> for each value; only its first <c>values.Length</c> elements are written.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> contains NaN (the message gives the first index), <paramref name="destination"/> is
    /// shorter than <paramref name="values"/>, or the two overlap other than exactly in place.
    /// </exception>
    /// <remarks>
    /// This is the form to pack and encrypt: sums of offset values never go negative, and each fits <c>b</c> bits.
    /// Nothing is written when an exception is thrown.
    /// </remarks>
    public void QuantizeOffset(ReadOnlySpan<float> values, Span<uint> destination) =>
        QuantizeOffset(values, destination, SimdCapabilities.Best);

    /// <summary>Maps quantized integers back to values: <c>x = q·Δ</c>.</summary>
    /// <param name="values">Quantized values. They are not range-checked; any integer is scaled the same way.</param>
    /// <param name="destination">Receives <c>q·Δ</c> rounded to <see cref="float"/>; only its first <c>values.Length</c> elements are written.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is shorter than <paramref name="values"/>, or the two overlap other than exactly in place.
    /// </exception>
    public void Dequantize(ReadOnlySpan<int> values, Span<float> destination) =>
        Dequantize(values, destination, SimdCapabilities.Best);

    /// <summary>
    /// Maps per-slot sums of <paramref name="summands"/> offset values (a decrypted homomorphic sum) to the sum of
    /// the dequantized values: <c>(S - N·M)·Δ</c>.
    /// </summary>
    /// <param name="offsetSums">The sums <c>S</c>, each of <paramref name="summands"/> offset values, as <see cref="SlotPacker.Unpack(ReadOnlySpan{System.Numerics.BigInteger}, int, Span{ulong})"/> returns them.</param>
    /// <param name="summands">The number <c>N</c> of vectors that were added, at least 1.</param>
    /// <param name="destination">Receives the sums; only its first <c>offsetSums.Length</c> elements are written.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="summands"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// A sum exceeds <c>N·(2^b - 2)</c>, so it cannot come from an honest sum of <c>N</c> offset values (the message
    /// gives the first index); <paramref name="destination"/> is too short; or the spans overlap other than in place.
    /// </exception>
    /// <remarks>
    /// <c>(S - N·M)·Δ = Σ q_i·Δ</c>, within <c>N·Δ/2</c> of the sum of the clipped inputs. Computed in double
    /// precision and rounded once to <see cref="float"/>. Nothing is written when an exception is thrown.
    /// </remarks>
    public void DequantizeSum(ReadOnlySpan<ulong> offsetSums, int summands, Span<float> destination) =>
        DequantizeSum(offsetSums, summands, destination, mean: false, SimdCapabilities.Best);

    /// <summary>
    /// Maps per-slot sums of <paramref name="summands"/> offset values to the mean of the dequantized values:
    /// <c>(S - N·M)·Δ / N</c>.
    /// </summary>
    /// <param name="offsetSums">The sums <c>S</c>, each of <paramref name="summands"/> offset values.</param>
    /// <param name="summands">The number <c>N</c> of vectors that were added, at least 1.</param>
    /// <param name="destination">Receives the means; only its first <c>offsetSums.Length</c> elements are written.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="summands"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// A sum exceeds <c>N·(2^b - 2)</c>, so it cannot come from an honest sum of <c>N</c> offset values (the message
    /// gives the first index); <paramref name="destination"/> is too short; or the spans overlap other than in place.
    /// </exception>
    /// <remarks>
    /// The mean is within <c>Δ/2</c> of the mean of the clipped inputs: the federated-averaging update. Computed in
    /// double precision and rounded once to <see cref="float"/>. Nothing is written when an exception is thrown.
    /// </remarks>
    public void DequantizeMean(ReadOnlySpan<ulong> offsetSums, int summands, Span<float> destination) =>
        DequantizeSum(offsetSums, summands, destination, mean: true, SimdCapabilities.Best);

    internal void Quantize(ReadOnlySpan<float> values, Span<int> destination, SimdPath path)
    {
        ValidateDestination(values, destination);
        ThrowIfNaN(values, path);
        QuantizeCore(values, destination, offset: 0, path);
    }

    internal void QuantizeOffset(ReadOnlySpan<float> values, Span<uint> destination, SimdPath path)
    {
        ValidateDestination(values, destination);
        ThrowIfNaN(values, path);
        QuantizeCore(values, MemoryMarshal.Cast<uint, int>(destination), MaxMagnitude, path);
    }

    internal void Dequantize(ReadOnlySpan<int> values, Span<float> destination, SimdPath path)
    {
        ValidateDestination(values, destination);
        DequantizeCore(values, destination, path);
    }

    internal void DequantizeSum(ReadOnlySpan<ulong> offsetSums, int summands, Span<float> destination, bool mean, SimdPath path)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(summands);
        ValidateDestination(offsetSums, destination);

        // summands < 2^31 and 2^b - 2 < 2^32, so the bound stays below 2^63 and fits a long as well.
        ulong largestHonestSum = (ulong)summands * (2 * Offset);
        int index = SimdLoop.IndexOfFirst(offsetSums, new GreaterThanPredicate<ulong>(largestHonestSum), path);
        if (index >= 0)
        {
            throw new ArgumentException(
                $"The offset sum at index {index} exceeds {summands} × (2^{Bits} - 2) = {largestHonestSum}, the largest sum " +
                $"of {summands} offset values, so it cannot come from an honest sum.",
                nameof(offsetSums));
        }

        DequantizeSumCore(offsetSums, summands, destination, mean, path);
    }

    // The Core methods trust their arguments: lengths checked, no NaN, sums in range.
    internal void QuantizeCore(ReadOnlySpan<float> values, Span<int> destination, int offset, SimdPath path)
    {
        if (UsesSinglePrecision)
        {
            SimdLoop.Transform(values, destination, new QuantizeSingleOperator(ClipRange, _singleScale, offset), path);
        }
        else
        {
            SimdLoop.Transform(values, destination, new QuantizeDoubleOperator(ClipRange, _scale, offset), path);
        }
    }

    internal void DequantizeCore(ReadOnlySpan<int> values, Span<float> destination, SimdPath path)
    {
        if (UsesSinglePrecision)
        {
            SimdLoop.Transform(values, destination, new DequantizeSingleOperator(_singleStep), path);
        }
        else
        {
            SimdLoop.Transform(values, destination, new DequantizeDoubleOperator(_step), path);
        }
    }

    internal void DequantizeSumCore(ReadOnlySpan<ulong> offsetSums, int summands, Span<float> destination, bool mean, SimdPath path)
    {
        long bias = (long)summands * MaxMagnitude;
        double factor = mean ? _step / summands : _step;
        // Honest sums are at most 2·bias; below 2^52 they convert to double without a 64-bit conversion instruction.
        if ((ulong)bias < (1UL << 51))
        {
            SimdLoop.TransformNarrowing(offsetSums, destination, new DequantizeSmallSumOperator(bias, factor), path);
        }
        else
        {
            SimdLoop.TransformNarrowing(offsetSums, destination, new DequantizeSumOperator(bias, factor), path);
        }
    }

    private static void ThrowIfNaN(ReadOnlySpan<float> values, SimdPath path)
    {
        int index = SimdLoop.IndexOfFirst(values, default(IsNaNPredicate), path);
        if (index >= 0)
        {
            throw new ArgumentException(
                $"The value at index {index} is NaN; a gradient may be any finite or infinite number, but not NaN.",
                nameof(values));
        }
    }

    private static void ValidateDestination<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination)
        where TFrom : unmanaged
        where TTo : unmanaged
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} elements but {source.Length} are needed.",
                nameof(destination));
        }

        ReadOnlySpan<byte> sourceBytes = MemoryMarshal.AsBytes(source);
        ReadOnlySpan<byte> destinationBytes = MemoryMarshal.AsBytes((ReadOnlySpan<TTo>)destination);
        if (sourceBytes.Overlaps(destinationBytes, out int byteOffset) && byteOffset != 0)
        {
            throw new ArgumentException(
                "The destination overlaps the source; it must be the same memory (in place) or separate memory.",
                nameof(destination));
        }
    }
}
