namespace DeepChain.Core.Training.Privacy;

/// <summary>The differential-privacy terms of a task, fixed on the ledger when its budget is opened.</summary>
/// <param name="NoiseMultiplier">σ: the Gaussian noise standard deviation over the clip norm (positive, finite).</param>
/// <param name="ClipNorm">C: the L2 norm every contribution is clipped to (positive, finite).</param>
/// <param name="SamplingRate">q: the probability a party's data takes part in a round (in (0, 1]; 1 for a session,
/// where every party takes part in every round).</param>
/// <param name="Delta">δ of the recorded (ε, δ) (in (0, 1)).</param>
/// <param name="EpsilonBudget">The most ε the task may spend (positive; +∞ for no limit).</param>
public sealed record PrivacyBudgetTerms(double NoiseMultiplier, double ClipNorm, double SamplingRate, double Delta, double EpsilonBudget)
{
    /// <summary>Checks the terms.</summary>
    /// <returns><see langword="null"/> when valid, else the reason.</returns>
    public string? Validate() =>
        !(NoiseMultiplier > 0) || double.IsPositiveInfinity(NoiseMultiplier) ? $"the noise multiplier must be positive and finite, not {NoiseMultiplier}"
        : !(ClipNorm > 0) || double.IsPositiveInfinity(ClipNorm) ? $"the clip norm must be positive and finite, not {ClipNorm}"
        : !(SamplingRate > 0 && SamplingRate <= 1) ? $"the sampling rate must be in (0, 1], not {SamplingRate}"
        : !(Delta > 0 && Delta < 1) ? $"δ must be in (0, 1), not {Delta}"
        : !(EpsilonBudget > 0) ? $"the ε budget must be positive, not {EpsilonBudget}"
        : null;

    /// <summary>Gets the guarantee after a number of rounds under these terms, computed by an <see cref="RdpAccountant"/>
    /// over its default orders.</summary>
    /// <param name="rounds">The rounds run (at least 1).</param>
    /// <returns>ε at <see cref="Delta"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rounds"/> is less than 1, or the terms are invalid.</exception>
    public PrivacySpent SpentAfter(int rounds) => new RdpAccountant().PreviewPrivacySpent(NoiseMultiplier, SamplingRate, rounds, Delta);
}
