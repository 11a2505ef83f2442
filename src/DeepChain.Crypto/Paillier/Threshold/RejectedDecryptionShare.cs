namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>A decryption share (or batch) the combiner refused to use, with the party it came from and why.</summary>
/// <param name="Index">The party index the share carried.</param>
/// <param name="Reason">Why it was refused; never contains secret material.</param>
public readonly record struct RejectedDecryptionShare(int Index, string Reason);
