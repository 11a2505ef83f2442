namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// LearningChain-style differential privacy for a <see cref="CollaborativeTrainingSession"/>: every party clips its
/// gradient to L2 norm <see cref="ClipNorm"/> and adds Gaussian noise N(0, σ²C²) per value before encrypting it (the
/// Gaussian mechanism); an RDP accountant tracks the (ε, δ) spent, which the round metrics and the ledger report, and a
/// round that would exceed <see cref="EpsilonBudget"/> is refused before it runs.
/// </summary>
/// <remarks>
/// <para><b>The guarantee</b> is per party and round, for the party's whole contribution (the neighbouring datasets
/// differ in one party's data; a left-out party contributes zero): each upload is the Gaussian mechanism with L2
/// sensitivity C and noise multiplier σ, so it is private on its own — even under a single-key scheme whose key holder
/// could decrypt it — and T rounds compose to the (ε, δ) of T Gaussian steps (sampling rate 1: every party takes
/// part in every round). The sum the parties decrypt carries the noise of every contributor, so it is at least as
/// private; the accountant does not claim that extra margin.</para>
/// <para>Clipping bounds what one party can move the model (also against a party sending an outsized update), and the
/// noise costs accuracy: the mean of n parties carries noise of standard deviation σC/√n per value, against a clipped
/// signal of norm at most C spread over all parameters. Less privacy (a larger ε) means less noise and a lower test
/// error, which the MNIST sample's privacy experiment shows.</para>
/// </remarks>
public sealed record DifferentialPrivacyOptions
{
    /// <summary>Gets the L2 norm C each party's gradient is clipped to (positive, finite). Default 1.</summary>
    public double ClipNorm { get; init; } = 1;

    /// <summary>Gets the noise multiplier σ: the noise standard deviation is σ·C per value (positive, finite). Default 1.
    /// <see cref="RdpAccountant.CalibrateNoiseMultiplier"/> finds the σ that spends a given ε over a number of rounds.</summary>
    public double NoiseMultiplier { get; init; } = 1;

    /// <summary>Gets δ of the reported (ε, δ) (in (0, 1); well below 1 / parties). Default 10⁻⁵.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>Gets the ε the session may spend, or <see langword="null"/> (the default) for no limit. The round that
    /// would take ε past it is not run: <see cref="CollaborativeTrainingSession.RunRound"/> throws
    /// <see cref="PrivacyBudgetExceededException"/>.</summary>
    public double? EpsilonBudget { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal void Validate() => ToTerms();

    /// <summary>The terms the session records on the ledger (sampling rate 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal PrivacyBudgetTerms ToTerms()
    {
        var terms = new PrivacyBudgetTerms(NoiseMultiplier, ClipNorm, SamplingRate: 1, Delta, EpsilonBudget ?? double.PositiveInfinity);
        return terms.Validate() is { } invalid
            ? throw new ArgumentOutOfRangeException(nameof(CollaborativeTrainingOptions.DifferentialPrivacy), invalid)
            : terms;
    }
}
