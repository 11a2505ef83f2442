using System.Collections.Immutable;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>A snapshot of a task's processing: who funded it, on what terms, which workers staked, and what is left.</summary>
/// <param name="Id">The trading task.</param>
/// <param name="Owner">The task owner, who funded the budget.</param>
/// <param name="Terms">The processing terms.</param>
/// <param name="Workers">The workers that staked, in staking order.</param>
/// <param name="Pool">What the task's processing address holds now: the budget not yet paid out.</param>
/// <param name="IsClosed">Whether the stakes were refunded and the rest of the budget returned.</param>
public sealed record ProcessingTask(TaskId Id, AccountAddress Owner, ProcessingTerms Terms, ImmutableArray<AccountAddress> Workers, ulong Pool, bool IsClosed);
