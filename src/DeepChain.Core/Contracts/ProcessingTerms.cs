namespace DeepChain.Core.Contracts;

/// <summary>
/// How a task's aggregation is paid for: the budget the owner escrows, the reward per round shared by the agreeing
/// workers, each worker's deposit, and the quorum of matching aggregates that decides a round.
/// </summary>
/// <param name="Budget">The total worker budget, escrowed by the owner (at least <c>RewardPerRound × Rounds</c>).</param>
/// <param name="RewardPerRound">The reward shared equally by a round's agreeing workers (the remainder stays in the budget).</param>
/// <param name="WorkerDeposit">The deposit each claiming worker escrows per round (positive).</param>
/// <param name="Quorum">The fewest matching aggregates that settle a round (at least 1).</param>
/// <param name="MaxWorkers">The most workers per round (at least <paramref name="Quorum"/>, at most <see cref="MaxWorkersLimit"/>).</param>
public sealed record ProcessingTerms(ulong Budget, ulong RewardPerRound, ulong WorkerDeposit, int Quorum, int MaxWorkers)
{
    /// <summary>The most workers a round may have.</summary>
    public const int MaxWorkersLimit = 256;

    internal const int EncodedSize = TaskId.Size + 8 + 8 + 8 + 4 + 4;

    /// <summary>Checks the terms against the task's round count.</summary>
    /// <param name="rounds">The task's number of rounds.</param>
    /// <returns><see langword="null"/> when valid, else the reason.</returns>
    public string? Validate(int rounds)
    {
        if (WorkerDeposit == 0)
        {
            return "the worker deposit must be positive";
        }

        if (Quorum < 1 || MaxWorkers < Quorum || MaxWorkers > MaxWorkersLimit)
        {
            return $"worker limits must satisfy 1 ≤ quorum ({Quorum}) ≤ max ({MaxWorkers}) ≤ {MaxWorkersLimit}";
        }

        return (UInt128)RewardPerRound * (ulong)rounds > Budget
            ? $"the budget {Budget} cannot pay {RewardPerRound} for each of {rounds} rounds"
            : null;
    }
}
