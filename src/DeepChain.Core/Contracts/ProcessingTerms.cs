namespace DeepChain.Core.Contracts;

/// <summary>
/// How a task's aggregation is paid for and judged: the budget the owner hands over, the reward per round shared by
/// the agreeing workers, each worker's stake, the size of each round's committee, the penalties, and how long one
/// attempt at a round lasts.
/// </summary>
/// <param name="Budget">The worker budget the owner hands to the task's processing address (at least <c>RewardPerRound × Rounds</c>).</param>
/// <param name="RewardPerRound">The reward a round's agreeing workers share (with the stake their dissenting and absent peers lose).</param>
/// <param name="WorkerStake">The stake each worker escrows once to take part in the task (positive).</param>
/// <param name="CommitteeSize">The workers drawn for each attempt at a round (1 to <see cref="MaxCommitteeSize"/>); a
/// majority is more than half of them.</param>
/// <param name="DissentPenaltyBasisPoints">The part of the stake a worker loses for an aggregate the majority disagrees
/// with, in basis points (0 to 10 000).</param>
/// <param name="AbsencePenaltyBasisPoints">The part of the stake an assigned worker loses for submitting nothing in the
/// attempt's window, in basis points (0 to 10 000).</param>
/// <param name="AttemptBlocks">The blocks one attempt takes, from the block that draws its committee (1 to the task's
/// aggregation phase length).</param>
public sealed record ProcessingTerms(
    ulong Budget,
    ulong RewardPerRound,
    ulong WorkerStake,
    int CommitteeSize,
    int DissentPenaltyBasisPoints,
    int AbsencePenaltyBasisPoints,
    int AttemptBlocks)
{
    /// <summary>The largest committee.</summary>
    public const int MaxCommitteeSize = 256;

    internal const int EncodedSize = TaskId.Size + 8 + 8 + 8 + 4 + 4 + 4 + 4;

    /// <summary>Gets what a dissenting worker loses: ⌊WorkerStake · DissentPenaltyBasisPoints / 10 000⌋.</summary>
    public ulong DissentPenalty => PartOfStake(DissentPenaltyBasisPoints);

    /// <summary>Gets what an absent worker loses: ⌊WorkerStake · AbsencePenaltyBasisPoints / 10 000⌋.</summary>
    public ulong AbsencePenalty => PartOfStake(AbsencePenaltyBasisPoints);

    /// <summary>Gets the least stake left that keeps a worker eligible for committees: every penalty must be payable in full.</summary>
    public ulong EligibleStake => Math.Max(1, Math.Max(DissentPenalty, AbsencePenalty));

    /// <summary>Checks the terms against the task's.</summary>
    /// <param name="task">The trading task's terms.</param>
    /// <returns><see langword="null"/> when valid, else the reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    public string? Validate(TradingTaskParameters task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (WorkerStake == 0)
        {
            return "the worker stake must be positive";
        }

        if (CommitteeSize < 1 || CommitteeSize > MaxCommitteeSize)
        {
            return $"a committee has 1 to {MaxCommitteeSize} workers, not {CommitteeSize}";
        }

        if (!IsBasisPoints(DissentPenaltyBasisPoints) || !IsBasisPoints(AbsencePenaltyBasisPoints))
        {
            return $"penalties are 0 to {TradingTaskParameters.BasisPointsPerUnit} basis points";
        }

        if (AttemptBlocks < 1 || AttemptBlocks > task.AggregationBlocks)
        {
            return $"an attempt takes 1 to {task.AggregationBlocks} blocks (the aggregation phase), not {AttemptBlocks}";
        }

        return (UInt128)RewardPerRound * (ulong)task.Rounds > Budget
            ? $"the budget {Budget} cannot pay {RewardPerRound} for each of {task.Rounds} rounds"
            : null;
    }

    private static bool IsBasisPoints(int value) => value >= 0 && value <= TradingTaskParameters.BasisPointsPerUnit;

    private ulong PartOfStake(int basisPoints) =>
        (ulong)((UInt128)WorkerStake * (uint)Math.Clamp(basisPoints, 0, TradingTaskParameters.BasisPointsPerUnit) / TradingTaskParameters.BasisPointsPerUnit);
}
