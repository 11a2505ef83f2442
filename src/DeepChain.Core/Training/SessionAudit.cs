namespace DeepChain.Core.Training;

/// <summary>The result of auditing a session's ledger: the chain re-verified (hashes, Merkle roots, signatures) and
/// replayed from genesis through fresh contracts, and the replayed balances compared with the live ones.</summary>
/// <param name="ChainValid">Whether every block verified and every transaction was accepted again on replay.</param>
/// <param name="Blocks">The blocks replayed (or, when the chain is invalid, the first bad height).</param>
/// <param name="Transactions">The transactions replayed.</param>
/// <param name="BalancesMatch">Whether the replay reached exactly the live balances and escrows (and privacy records).</param>
/// <param name="TotalSupply">The total supply after the replay (conserved by every operation).</param>
/// <param name="Problem">What went wrong, or <see langword="null"/> when the audit passed.</param>
public sealed record SessionAudit(bool ChainValid, long Blocks, long Transactions, bool BalancesMatch, ulong TotalSupply, string? Problem)
{
    /// <summary>Gets whether the audit passed: a valid chain whose replay reaches the live balances.</summary>
    public bool Passed => ChainValid && BalancesMatch;
}
