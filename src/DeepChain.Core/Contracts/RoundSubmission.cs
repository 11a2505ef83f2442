using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>One party's data for one round of a task: an encrypted gradient or a decryption share, kept off-chain.</summary>
/// <param name="Party">The submitting party.</param>
/// <param name="Blob">The blob holding the data.</param>
/// <param name="Transaction">The transaction that submitted it.</param>
public sealed record RoundSubmission(AccountAddress Party, BlobReference Blob, TxId Transaction);
