namespace DeepChain.Core.Aggregation;

/// <summary>Creates an <see cref="IAggregationScheme"/> by kind, with fresh keys.</summary>
/// <remarks>
/// Key generation costs differ widely: plain is free; CKKS takes milliseconds; single-key Paillier a second or so at
/// 2048 bits; threshold Paillier needs two safe primes (tens of seconds to minutes at 2048 bits on two cores): create
/// it once per task, or construct <see cref="ThresholdPaillierAggregationScheme"/> over an imported key set.
/// </remarks>
public static class AggregationSchemes
{
    /// <summary>Creates a scheme of kind <paramref name="kind"/>.</summary>
    /// <param name="kind">The scheme.</param>
    /// <param name="options">Its options (see <see cref="AggregationSchemeOptions"/> for the defaults).</param>
    /// <returns>A new scheme; dispose it to drop its secrets.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is unknown or an option is out of range.</exception>
    public static IAggregationScheme Create(AggregationSchemeKind kind, AggregationSchemeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            AggregationSchemeKind.Plain => new PlainAggregationScheme(options),
            AggregationSchemeKind.Paillier => new PaillierAggregationScheme(options),
            AggregationSchemeKind.ThresholdPaillier => new ThresholdPaillierAggregationScheme(options),
            AggregationSchemeKind.Ckks => new CkksAggregationScheme(options),
            AggregationSchemeKind.MultipartyCkks => new MultipartyCkksAggregationScheme(options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown aggregation scheme."),
        };
    }
}
