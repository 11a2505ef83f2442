namespace DeepChain.Core.Contracts;

/// <summary>What a contract may know about where a transaction is applied: the block's height and timestamp.</summary>
/// <remarks>These are the same whether the block is being proposed or replayed, which keeps contracts deterministic.</remarks>
/// <param name="BlockHeight">The height of the block the transaction goes into.</param>
/// <param name="BlockTimestamp">The timestamp of that block.</param>
public readonly record struct TransactionContext(long BlockHeight, DateTimeOffset BlockTimestamp);
