using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>A test double: rejects the decryption shares whose blobs it was told to, accepts the rest, and records every claim.</summary>
internal sealed class RejectingShareVerifier : IDecryptionShareVerifier
{
    private readonly HashSet<BlobId> _rejected;

    public RejectingShareVerifier(params IEnumerable<BlobId> rejected) => _rejected = [.. rejected];

    public List<DecryptionShareClaim> Claims { get; } = [];

    public bool Verify(DecryptionShareClaim claim)
    {
        Claims.Add(claim);
        return !_rejected.Contains(claim.Share.Id);
    }
}
