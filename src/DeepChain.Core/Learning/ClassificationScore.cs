namespace DeepChain.Core.Learning;

/// <summary>
/// The quality of a classifier's predictions on a labelled data set, as exact integer counts and as deterministic
/// parts-per-million figures that every ledger node computes identically.
/// </summary>
/// <param name="Examples">The number of examples scored.</param>
/// <param name="Correct">The number of examples whose prediction equals the label.</param>
/// <param name="AccuracyPpm">⌊10⁶ · Correct / Examples⌋.</param>
/// <param name="MacroF1Ppm">The unweighted mean over classes of ⌊10⁶ · F1(c)⌋, rounded down; see
/// <see cref="ClassificationMetrics.Score"/>.</param>
public readonly record struct ClassificationScore(int Examples, int Correct, long AccuracyPpm, long MacroF1Ppm)
{
    /// <summary>The scale of the parts-per-million figures: 1,000,000 is a perfect score.</summary>
    public const long PartsPerMillion = 1_000_000;

    /// <summary>Gets the accuracy, 0 to 1.</summary>
    public double Accuracy => (double)AccuracyPpm / PartsPerMillion;

    /// <summary>Gets the macro-F1, 0 to 1.</summary>
    public double MacroF1 => (double)MacroF1Ppm / PartsPerMillion;

    /// <summary>Gets the figure a reward rule ranks by.</summary>
    /// <param name="metric">The metric to read.</param>
    /// <returns>The score in parts per million.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is not a defined metric.</exception>
    public long Ppm(QualityMetric metric) => metric switch
    {
        QualityMetric.Accuracy => AccuracyPpm,
        QualityMetric.MacroF1 => MacroF1Ppm,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown quality metric."),
    };
}
