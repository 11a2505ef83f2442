using System.Collections.Immutable;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Training;

/// <summary>The ledger accounts of a session's participants and a way to read their balances.</summary>
/// <param name="Owner">The task owner (opens the task and funds the budget).</param>
/// <param name="Parties">The parties, by index.</param>
/// <param name="Workers">The workers, by index.</param>
/// <param name="BalanceOf">Reads an account's free balance now (escrowed amounts excluded).</param>
public sealed record SessionParticipants(
    AccountAddress Owner, ImmutableArray<AccountAddress> Parties, ImmutableArray<AccountAddress> Workers, Func<AccountAddress, ulong> BalanceOf);
