namespace DeepChain.Core.Contracts;

/// <summary>
/// The default <see cref="IDecryptionShareVerifier"/>: every decryption share is valid.
/// </summary>
/// <remarks>For schemes whose shares carry no proof (plain aggregation, single-key Paillier or CKKS in tests), and for
/// deployments that check shares off-chain. With it, a round fails only when fewer than the threshold of parties
/// submit a share, and no party ever forfeits a penalty for a share.</remarks>
public sealed class AcceptAllDecryptionShares : IDecryptionShareVerifier
{
    private AcceptAllDecryptionShares()
    {
    }

    /// <summary>Gets the one instance.</summary>
    public static AcceptAllDecryptionShares Instance { get; } = new();

    /// <summary>Accepts the share.</summary>
    /// <param name="claim">The share (unused).</param>
    /// <returns>Always <see langword="true"/>.</returns>
    public bool Verify(DecryptionShareClaim claim) => true;
}
