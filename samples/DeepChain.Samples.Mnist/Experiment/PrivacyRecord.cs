namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>One run of the privacy experiment: the budget, the noise it calibrated, and the model's final quality. One
/// row of <c>privacy.csv</c>.</summary>
/// <param name="Scheme">The scheme's command-line name.</param>
/// <param name="Parties">The number of parties.</param>
/// <param name="Rounds">The rounds run.</param>
/// <param name="TargetEpsilon">The ε budget, or null for the non-private baseline.</param>
/// <param name="NoiseMultiplier">The calibrated σ, or null for the baseline.</param>
/// <param name="ClipNorm">The L2 clip norm C (meaningful with DP).</param>
/// <param name="Delta">δ (meaningful with DP).</param>
/// <param name="EpsilonSpent">The ε the session recorded after the last round, or null for the baseline.</param>
/// <param name="Accuracy">Final test accuracy, 0 to 1.</param>
/// <param name="MacroF1">Final test macro-F1.</param>
/// <param name="Loss">Final test cross-entropy.</param>
/// <param name="Seconds">Wall-clock seconds of the run's rounds.</param>
public sealed record PrivacyRecord(
    string Scheme,
    int Parties,
    int Rounds,
    double? TargetEpsilon,
    double? NoiseMultiplier,
    double ClipNorm,
    double Delta,
    double? EpsilonSpent,
    double Accuracy,
    double MacroF1,
    double Loss,
    double Seconds)
{
    /// <summary>Gets the test error, 1 − accuracy.</summary>
    public double TestError => 1 - Accuracy;
}
