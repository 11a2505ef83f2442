namespace DeepChain.Core.Contracts;

/// <summary>
/// Judges a decryption share for the trading contract: checks the share's proof of correct decryption against the
/// round's agreed aggregate and the party's public verification key. This keeps the contract independent of the
/// cryptosystem (threshold Paillier, multiparty CKKS, or none).
/// </summary>
/// <remarks>
/// <para>An implementation must be deterministic: the same claim gives the same verdict on every node and on every replay
/// of the ledger, because the verdict decides who forfeits a penalty. It should read only content-addressed data
/// (the share's blob, verified against its SHA-256, the agreed aggregate, the task's public keys), never a clock or a
/// random source. A share whose blob is missing, malformed or fails its proof is invalid: return
/// <see langword="false"/>. Throw only for faults of the node itself (for example a broken disk); the contract
/// verifies before it changes anything, so an exception leaves its state untouched.</para>
/// <para><see cref="AcceptAllDecryptionShares"/> is the default, for schemes without share proofs.</para>
/// </remarks>
public interface IDecryptionShareVerifier
{
    /// <summary>Checks a decryption share.</summary>
    /// <param name="claim">The task, round, party (with its index) and the share's blob.</param>
    /// <returns><see langword="true"/> when the share is valid.</returns>
    bool Verify(DecryptionShareClaim claim);
}
