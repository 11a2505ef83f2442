using System.Collections.Immutable;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>A snapshot of one round of a trading task.</summary>
/// <param name="Round">The round, from 0.</param>
/// <param name="Gradients">The encrypted gradients, in submission order.</param>
/// <param name="Shares">The decryption shares with their verdicts, in submission order.</param>
/// <param name="Outcome">Open, or how the round closed.</param>
/// <param name="Forfeits">The penalties taken when the round closed (empty while open), in registration order.</param>
/// <param name="Rewarded">The parties paid when the round closed: those that submitted a gradient and no invalid share.</param>
/// <param name="RewardPerParty">What each of <paramref name="Rewarded"/> received (0 while open).</param>
public sealed record TradingRound(
    int Round,
    ImmutableArray<RoundSubmission> Gradients,
    ImmutableArray<DecryptionShareSubmission> Shares,
    TradingRoundOutcome Outcome,
    ImmutableArray<PartyForfeit> Forfeits,
    ImmutableArray<AccountAddress> Rewarded,
    ulong RewardPerParty)
{
    /// <summary>Gets the number of decryption shares the verifier accepted.</summary>
    public int ValidShareCount => Shares.Count(s => s.IsValid);

    /// <summary>Gets a value indicating whether the round has been closed.</summary>
    public bool IsClosed => Outcome != TradingRoundOutcome.Open;
}
