namespace DeepChain.Core.Ledger;

/// <summary>The outcome of verifying a stored chain from its first block.</summary>
/// <param name="BlockCount">The number of blocks that verified, from height 0 on (the first bad height when invalid).</param>
/// <param name="Head">The hash of the last block that verified (zero when none did).</param>
/// <param name="LastTimestamp">The timestamp of the last block that verified, if any.</param>
/// <param name="FirstBadHeight">The lowest height that failed, or <see langword="null"/> when every block verified.</param>
/// <param name="Reason">Why that height failed, or <see langword="null"/>.</param>
public sealed record ChainVerificationResult(long BlockCount, BlockHash Head, DateTimeOffset? LastTimestamp, long? FirstBadHeight, string? Reason)
{
    /// <summary>Gets a value indicating whether every stored block verified.</summary>
    public bool IsValid => FirstBadHeight is null;
}
