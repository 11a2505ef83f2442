namespace DeepChain.Core.Aggregation;

/// <summary>A decryption share that was not used, and why.</summary>
/// <param name="Party">The party index (0 … n − 1) the share claims.</param>
/// <param name="Reason">Why it was rejected (never contains secret material).</param>
public readonly record struct RejectedShare(int Party, string Reason);
