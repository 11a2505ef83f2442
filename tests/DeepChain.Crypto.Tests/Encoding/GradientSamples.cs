namespace DeepChain.Crypto.Tests.Encoding;

/// <summary>Deterministic gradient-like inputs with the awkward values mixed in.</summary>
internal static class GradientSamples
{
    public static float[] Create(Random random, int length, float clipRange, int bits)
    {
        double step = clipRange / (Math.Pow(2, bits - 1) - 1);
        float[] specials =
        [
            clipRange, -clipRange, 2 * clipRange, -2 * clipRange, float.PositiveInfinity, float.NegativeInfinity,
            0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, MathF.BitIncrement(clipRange),
            MathF.BitDecrement(-clipRange), (float)(0.5 * step), (float)(-1.5 * step), (float)(2.5 * step),
        ];

        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(4) switch
            {
                0 => specials[random.Next(specials.Length)],
                1 => (float)((random.Next(-1000, 1000) + 0.5) * step),
                _ => (float)((random.NextDouble() * 4 - 2) * clipRange),
            };
        }

        return values;
    }

    /// <summary>The distance from <paramref name="clipRange"/> to the next float up.</summary>
    public static double Ulp(float clipRange) => (double)MathF.BitIncrement(clipRange) - clipRange;
}
