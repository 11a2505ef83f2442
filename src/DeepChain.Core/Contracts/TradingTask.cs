using System.Collections.Immutable;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>A snapshot of a task in the trading contract.</summary>
/// <param name="Id">The task id (the id of the transaction that opened it).</param>
/// <param name="Owner">The account that opened the task; it receives forfeited deposits.</param>
/// <param name="Parameters">The task's terms.</param>
/// <param name="Parties">The registered parties, in registration order.</param>
/// <param name="IsFinished">Whether the task has been finished (deposits refunded or forfeited).</param>
public sealed record TradingTask(TaskId Id, AccountAddress Owner, TradingTaskParameters Parameters, ImmutableArray<AccountAddress> Parties, bool IsFinished)
{
    /// <summary>Gets a value indicating whether enough parties registered for the task to run.</summary>
    public bool IsRunning => Parties.Length >= Parameters.MinParties;
}
