namespace DeepChain.Core.Ledger;

/// <summary>A transaction payload kept off-chain: the SHA-256 of a blob and its length in bytes.</summary>
/// <param name="Id">The content address of the blob.</param>
/// <param name="Length">The length of the blob in bytes.</param>
public readonly record struct BlobReference(BlobId Id, long Length);
