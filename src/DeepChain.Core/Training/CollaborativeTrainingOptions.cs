using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Training;

/// <summary>
/// The settings of a <see cref="CollaborativeTrainingSession"/>: how long and how fast it trains, how many workers
/// aggregate, and what the ledger makes each participant stake and earn.
/// </summary>
/// <remarks>
/// Amounts are integers in the reward ledger's smallest unit. The defaults make a small, quick task: 10 rounds, one
/// local step per round, 3 workers with a majority quorum of 2.
/// </remarks>
public sealed record CollaborativeTrainingOptions
{
    /// <summary>Gets the number of rounds (1 to 100,000). Default 10.</summary>
    public int Rounds { get; init; } = 10;

    /// <summary>Gets the local mini-batch steps each party takes per round (at least 1). Default 1.</summary>
    public int LocalSteps { get; init; } = 1;

    /// <summary>Gets the learning rate used for local steps and for applying the aggregate (positive). Default 0.1.</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>Gets the number of workers that aggregate each round (1 to 256). Default 3.</summary>
    public int Workers { get; init; } = 3;

    /// <summary>Gets each party's deposit. Default 1,000.</summary>
    public ulong PartyDeposit { get; init; } = 1_000;

    /// <summary>Gets the part of a party's deposit forfeited per fault (a missed round or an invalid share), in basis
    /// points of the deposit (0 to 10,000). Default 1,000 (10 %).</summary>
    public int PenaltyBasisPoints { get; init; } = 1_000;

    /// <summary>Gets the reward the well-behaved parties share each round (with the penalties the others forfeit). Default 100.</summary>
    public ulong PartyRewardPerRound { get; init; } = 100;

    /// <summary>Gets the reward the agreeing workers share each round. Default 300.</summary>
    public ulong WorkerRewardPerRound { get; init; } = 300;

    /// <summary>Gets each worker's stake per round. Default 500.</summary>
    public ulong WorkerStake { get; init; } = 500;

    /// <summary>Gets the part of a worker's stake lost for a wrong aggregate or for absence, in basis points (0 to
    /// 10,000). Default 2,000 (20 %).</summary>
    public int WorkerPenaltyBasisPoints { get; init; } = 2_000;

    /// <summary>Gets the balance each participant receives at genesis (it must cover deposits and stakes). Default 1,000,000.</summary>
    public ulong InitialBalance { get; init; } = 1_000_000;

    /// <summary>Gets the chain id of the session's ledger. Default 0xDC01.</summary>
    public ulong ChainId { get; init; } = 0xDC01;

    /// <summary>Gets how many parties make decryption shares each round under a threshold scheme: null (the default)
    /// for every party that took part, which tolerates invalid shares up to the surplus over the threshold; or a count
    /// k (at least the scheme's threshold), and then the first k parties that took part make shares, which saves the
    /// others' work. Single-key schemes always use their key holder, party 0.</summary>
    public int? DecryptionSharesPerRound { get; init; }

    /// <summary>Gets whether every party's model is evaluated after each round (otherwise only at the end). Default true.</summary>
    public bool EvaluateEveryRound { get; init; } = true;

    /// <summary>Gets the differential privacy of the parties' uploads — each gradient clipped to an L2 norm and noised
    /// with the Gaussian mechanism before it is encrypted, the (ε, δ) spent accounted and recorded on the ledger, and a
    /// round past the ε budget refused — or <see langword="null"/> (the default) for none.</summary>
    public DifferentialPrivacyOptions? DifferentialPrivacy { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Rounds, 100_000, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(LocalSteps, 1, nameof(LocalSteps));
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Workers, 256, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfZero(PartyDeposit, nameof(PartyDeposit));
        ArgumentOutOfRangeException.ThrowIfNegative(PenaltyBasisPoints, nameof(PenaltyBasisPoints));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PenaltyBasisPoints, 10_000, nameof(PenaltyBasisPoints));
        ArgumentOutOfRangeException.ThrowIfZero(WorkerStake, nameof(WorkerStake));
        if (DecryptionSharesPerRound is { } shares)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(shares, 1, nameof(DecryptionSharesPerRound));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(WorkerPenaltyBasisPoints, nameof(WorkerPenaltyBasisPoints));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WorkerPenaltyBasisPoints, 10_000, nameof(WorkerPenaltyBasisPoints));
        DifferentialPrivacy?.Validate();
    }
}
