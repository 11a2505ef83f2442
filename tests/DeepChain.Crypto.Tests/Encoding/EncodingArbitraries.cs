using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace DeepChain.Crypto.Tests.Encoding;

/// <summary>A quantizer configuration and a batch of gradient values for it.</summary>
public sealed record QuantizerCase(int Bits, float ClipRange, float[] Values)
{
    public override string ToString() =>
        $"Bits = {Bits}, ClipRange = {ClipRange.ToString("R", CultureInfo.InvariantCulture)}, Values = [" +
        string.Join(", ", Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}

/// <summary>A packer configuration, a number of summands and the seed of their value vectors.</summary>
public sealed record PackingCase(int PlaintextBits, int ValueBits, int MaxSummands, int Summands, int ValueCount, int Seed);

/// <summary>Generators for the encoding properties, registered with <c>[Property(Arbitrary = ...)]</c>.</summary>
public static class EncodingArbitraries
{
    public static Arbitrary<QuantizerCase> QuantizerCases() =>
        (from bits in Gen.Choose(8, 32)
         from clipRange in ClipRanges()
         from values in Gen.ArrayOf(GradientValues(clipRange, bits))
         select new QuantizerCase(bits, clipRange, values)).ToArbitrary();

    public static Arbitrary<PackingCase> PackingCases() =>
        (from plaintextBits in Gen.Elements(40, 64, 129, 200, 521, 2048)
         from valueBits in Gen.Choose(1, 32)
         from maxSummands in Gen.Frequency(
             (3, Gen.Choose(1, 16)),
             (1, Gen.Elements(31, 32, 33, 64, 100)))
         where valueBits + CarryBits(maxSummands) <= plaintextBits - 1
         from summands in Gen.Choose(1, maxSummands)
         let slots = (plaintextBits - 1) / (valueBits + CarryBits(maxSummands))
         from valueCount in Gen.Choose(0, Math.Min((3 * slots) + 1, 1500))
         from seed in Gen.Choose(0, int.MaxValue)
         select new PackingCase(plaintextBits, valueBits, maxSummands, summands, valueCount, seed)).ToArbitrary();

    // The smallest c with 2^c >= maxSummands, computed independently of the packer's bit tricks.
    internal static int CarryBits(int maxSummands)
    {
        int carryBits = 0;
        while ((1L << carryBits) < maxSummands)
        {
            carryBits++;
        }

        return carryBits;
    }

    private static Gen<float> ClipRanges() =>
        Gen.Frequency(
            (3, Gen.Elements(1f, 0.25f, 3.5f, 1e-3f, 100f, 65535f)),
            (2, Gen.Choose(1, 1_000_000).Select(i => i / 1000f)));

    // Mostly values within ±2c, with the boundary and special values and near-ties of the rounding mixed in.
    private static Gen<float> GradientValues(float clipRange, int bits)
    {
        double step = clipRange / (Math.Pow(2, bits - 1) - 1);
        int tieRange = (int)Math.Min(Math.Pow(2, bits - 1) - 1, 1_000_000);
        return Gen.Frequency(
            (6, Gen.Choose(-2_000_000, 2_000_000).Select(i => (float)(i / 1e6 * clipRange))),
            (2, Gen.Elements(
                clipRange, -clipRange, 2 * clipRange, -2 * clipRange, float.PositiveInfinity, float.NegativeInfinity,
                0f, -0f, float.MaxValue, float.MinValue, float.Epsilon,
                MathF.BitIncrement(clipRange), MathF.BitDecrement(clipRange), MathF.BitDecrement(-clipRange))),
            (2, Gen.Choose(-tieRange, tieRange).Select(k => (float)((k + 0.5) * step))));
    }
}
