using System.Collections.Immutable;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>A snapshot of a task in the trading contract.</summary>
/// <param name="Id">The task id (the id of the transaction that opened it).</param>
/// <param name="Owner">The account that opened the task and funded its reward budget.</param>
/// <param name="Parameters">The task's terms.</param>
/// <param name="Parties">The registered parties, in registration order (a party's index is its key-share index).</param>
/// <param name="ClosedRounds">How many rounds have been closed.</param>
/// <param name="RewardPool">What the task's address holds for rewards now: the budget not yet paid out.</param>
/// <param name="IsFinished">Whether the task has been finished (deposits refunded, the rest of the budget returned).</param>
/// <param name="IsCancelled">Whether the task was finished as cancelled (fewer than the minimum parties registered).</param>
public sealed record TradingTask(
    TaskId Id,
    AccountAddress Owner,
    TradingTaskParameters Parameters,
    ImmutableArray<AccountAddress> Parties,
    int ClosedRounds,
    ulong RewardPool,
    bool IsFinished,
    bool IsCancelled)
{
    /// <summary>Gets a value indicating whether enough parties registered for the task to run.</summary>
    public bool IsRunning => Parties.Length >= Parameters.MinParties;
}
