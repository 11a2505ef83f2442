namespace DeepChain.Core.Contracts;

/// <summary>
/// Checks an encrypted gradient for the trading contract when it is submitted: the blob exists, matches its hash and
/// is well-formed for the task's scheme (header, party, round, length, ciphertext structure). A gradient that fails is
/// refused, so the party counts as not having submitted and forfeits its penalty when the round closes.
/// </summary>
/// <remarks>
/// <para>Like <see cref="IDecryptionShareVerifier"/>, an implementation must be deterministic (content-addressed data
/// and public keys only; no clock, no randomness), because every node that replays the ledger must reach the same
/// verdict. It cannot prove that a well-formed ciphertext encrypts an honest gradient; that takes range proofs, which
/// DeepChain leaves to the scheme.</para>
/// <para><see cref="AcceptAllGradients"/> is the default.</para>
/// </remarks>
public interface IGradientVerifier
{
    /// <summary>Checks an encrypted gradient.</summary>
    /// <param name="claim">The task, round, party (with its index) and the gradient's blob.</param>
    /// <returns><see langword="null"/> when the gradient is acceptable, else the reason it is refused.</returns>
    string? Verify(GradientClaim claim);
}
