using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// What a contract may know about where a transaction is applied: the block's height, its timestamp and the hash of
/// the block before it.
/// </summary>
/// <remarks>These are the same whether the block is being proposed or replayed, which keeps contracts deterministic.
/// Contracts measure deadlines in heights; the previous block hash is the seed the processing contract draws its
/// worker committees from (<see cref="ProcessingContract.DrawCommittee"/>).</remarks>
/// <param name="BlockHeight">The height of the block the transaction goes into.</param>
/// <param name="BlockTimestamp">The timestamp of that block.</param>
/// <param name="PreviousBlockHash">The hash of the block before it (zero at height 0).</param>
public readonly record struct TransactionContext(long BlockHeight, DateTimeOffset BlockTimestamp, BlockHash PreviousBlockHash);
