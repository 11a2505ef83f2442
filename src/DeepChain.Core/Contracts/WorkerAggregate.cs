using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>An aggregate an assigned worker submitted for a round.</summary>
/// <param name="Worker">The worker.</param>
/// <param name="Aggregate">The blob holding the aggregate ciphertext.</param>
/// <param name="Transaction">The transaction that submitted it.</param>
public sealed record WorkerAggregate(AccountAddress Worker, BlobReference Aggregate, TxId Transaction);
