using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>A penalty taken from a party's deposit when a round was closed; it went to the round's reward.</summary>
/// <param name="Party">The party.</param>
/// <param name="Fault">What the party did wrong.</param>
/// <param name="Amount">The amount forfeited: the task's penalty, or what was left of the deposit (may be 0).</param>
public readonly record struct PartyForfeit(AccountAddress Party, PartyFault Fault, ulong Amount);
