namespace DeepChain.Core.Ledger;

/// <summary>
/// Verifies a chain of encoded blocks from height 0: each block on its own (structure, chain id, proposer, header
/// signature, transaction signatures, Merkle root) in parallel over the cores, then the links between neighbours
/// (height sequence, previous hash, timestamps never going back) in order.
/// </summary>
/// <remarks>Blocks are read in batches, so memory stays bounded by one batch whatever the chain's length. The result
/// names the lowest failing height: a change to block h is reported at h, because the blocks before it still verify.</remarks>
public static class ChainVerifier
{
    /// <summary>Verifies encoded blocks given in height order, starting at height 0.</summary>
    /// <param name="encodedBlocks">The blocks' canonical encodings; the i-th must be the block at height i.</param>
    /// <param name="parameters">The chain's parameters.</param>
    /// <returns>The verification result, with the first bad height if any.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ChainVerificationResult Verify(IEnumerable<byte[]> encodedBlocks, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(encodedBlocks);
        return Verify(encodedBlocks.Select(b => new StoredBytes(b, null)), parameters, null, null);
    }

    /// <summary>Verifies stored blocks; an entry with a <see cref="StoredBytes.ReadError"/> fails at its height with that reason.
    /// <paramref name="visitor"/> sees each verified block in height order, on the calling thread, and fails it by returning a reason.</summary>
    internal static ChainVerificationResult Verify(IEnumerable<StoredBytes> encodedBlocks, ChainParameters parameters, Func<Block, string?>? crossCheck, Func<Block, string?>? visitor)
    {
        ArgumentNullException.ThrowIfNull(encodedBlocks);
        ArgumentNullException.ThrowIfNull(parameters);
        int batchSize = 64 * Environment.ProcessorCount;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        long height = 0;
        BlockHash head = BlockHash.Zero;
        DateTimeOffset? last = null;
        var batch = new List<StoredBytes>(batchSize);
        using IEnumerator<StoredBytes> source = encodedBlocks.GetEnumerator();
        bool more = true;
        while (more)
        {
            batch.Clear();
            while (batch.Count < batchSize && (more = source.MoveNext()))
            {
                batch.Add(source.Current);
            }

            var blocks = new Block?[batch.Count];
            var reasons = new string?[batch.Count];
            Parallel.For(0, batch.Count, options, i =>
            {
                Block? block = null;
                string? reason = batch[i].ReadError;
                if (reason is null && Block.TryDecode(batch[i].Encoded, parameters, out block, out reason))
                {
                    reason = crossCheck?.Invoke(block);
                }

                blocks[i] = reason is null ? block : null;
                reasons[i] = reason;
            });

            for (int i = 0; i < batch.Count; i++)
            {
                string? reason = reasons[i] ?? CheckLink(blocks[i]!, height, head, last) ?? visitor?.Invoke(blocks[i]!);
                if (reason is not null)
                {
                    return new ChainVerificationResult(height, head, last, height, reason);
                }

                Block block = blocks[i]!;
                head = block.Hash;
                last = block.Timestamp;
                height++;
            }
        }

        return new ChainVerificationResult(height, head, last, null, null);
    }

    /// <summary>A stored block's bytes, or why they could not be read.</summary>
    internal readonly record struct StoredBytes(byte[] Encoded, string? ReadError);

    /// <summary>Checks that a block follows the chain whose next height, head and last timestamp are given.</summary>
    internal static string? CheckLink(Block block, long expectedHeight, BlockHash head, DateTimeOffset? lastTimestamp)
    {
        if (block.Height != expectedHeight)
        {
            return $"the block says height {block.Height}; it is stored at height {expectedHeight}";
        }

        if (block.PreviousHash != head)
        {
            return $"the previous hash {block.PreviousHash} is not the hash of the block before ({head})";
        }

        if (lastTimestamp is { } t && block.Timestamp < t)
        {
            return $"the timestamp {block.Timestamp:O} is earlier than the previous block's ({t:O})";
        }

        return null;
    }

    /// <summary>Checks that a block may be appended to a store with these parameters, count, head and last timestamp.</summary>
    internal static void ThrowIfNotAppendable(Block block, ChainParameters parameters, long count, BlockHash head, DateTimeOffset? lastTimestamp)
    {
        ArgumentNullException.ThrowIfNull(block);
        string? reason = block.ChainId != parameters.ChainId ? $"the block is for chain {block.ChainId}; this store is chain {parameters.ChainId}"
            : !block.Proposer.Equals(parameters.Proposer) ? "the block was not signed by this chain's proposer"
            : block.Transactions.Length > parameters.MaxTransactionsPerBlock ? $"the block holds {block.Transactions.Length} transactions; the limit is {parameters.MaxTransactionsPerBlock}"
            : CheckLink(block, count, head, lastTimestamp);
        if (reason is not null)
        {
            throw new InvalidOperationException($"The block cannot be appended: {reason}.");
        }
    }
}
