using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>One party's decryption share for one round, with the verifier's verdict.</summary>
/// <param name="Party">The submitting party.</param>
/// <param name="Blob">The blob holding the share and its proof.</param>
/// <param name="Transaction">The transaction that submitted it.</param>
/// <param name="IsValid">Whether the contract's <see cref="IDecryptionShareVerifier"/> accepted the share.</param>
public sealed record DecryptionShareSubmission(AccountAddress Party, BlobReference Blob, TxId Transaction, bool IsValid);
