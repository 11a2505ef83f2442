namespace DeepChain.Core.Ledger;

/// <summary>
/// Durable storage of one chain's blocks. A store verifies the whole stored chain when it is opened and refuses to
/// open a tampered one (<see cref="LedgerIntegrityException"/> with the first bad height); appends are atomic.
/// </summary>
/// <remarks>The store checks structure, signatures and links; whether the contracts accept the transactions is
/// checked by <see cref="LedgerNode"/>, which replays them when it opens.</remarks>
public interface ILedgerStore : IDisposable
{
    /// <summary>Gets the chain's parameters.</summary>
    ChainParameters Parameters { get; }

    /// <summary>Gets the number of blocks, which is also the height of the next block.</summary>
    long Count { get; }

    /// <summary>Gets the hash of the last block (zero when the store is empty).</summary>
    BlockHash Head { get; }

    /// <summary>Gets the timestamp of the last block, or <see langword="null"/> when the store is empty.</summary>
    DateTimeOffset? LastTimestamp { get; }

    /// <summary>Appends a block atomically: after the call it is stored completely, or (on an exception) not at all.</summary>
    /// <param name="block">The block: for this chain, by its proposer, at height <see cref="Count"/>, linked to <see cref="Head"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The block does not follow the stored chain.</exception>
    void Append(Block block);

    /// <summary>Reads and re-verifies the block at a height.</summary>
    /// <param name="height">0 to <see cref="Count"/> − 1.</param>
    /// <returns>The block.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is not a stored height.</exception>
    /// <exception cref="LedgerIntegrityException">The stored block no longer verifies.</exception>
    Block ReadBlock(long height);

    /// <summary>Re-verifies the whole stored chain now.</summary>
    /// <returns>The result, with the first bad height if any.</returns>
    ChainVerificationResult Verify();

    /// <summary>Re-verifies the whole stored chain now (signatures in parallel), showing each verified block to a visitor in
    /// height order; this is how <see cref="LedgerNode"/> replays a store in one pass.</summary>
    /// <param name="visitor">Called on the calling thread with each block that verified, in height order; returning a
    /// reason fails that height and stops. <see langword="null"/> for none.</param>
    /// <returns>The result, with the first bad height (by verification or by the visitor) if any.</returns>
    ChainVerificationResult Verify(Func<Block, string?>? visitor);
}
