using System.Collections.ObjectModel;
using System.Numerics;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>The outcome of a joint decryption of one ciphertext.</summary>
public sealed class ThresholdDecryptionResult
{
    internal ThresholdDecryptionResult(BigInteger plaintext, int[] usedIndices, List<RejectedDecryptionShare> rejected)
    {
        Plaintext = plaintext;
        UsedIndices = new ReadOnlyCollection<int>(usedIndices);
        Rejected = rejected.AsReadOnly();
    }

    /// <summary>Gets the plaintext m, 0 ≤ m &lt; n.</summary>
    public BigInteger Plaintext { get; }

    /// <summary>Gets the indices of the t parties whose shares were checked and used, ascending.</summary>
    public IReadOnlyList<int> UsedIndices { get; }

    /// <summary>Gets the shares that failed their checks, with the party and the reason.</summary>
    public IReadOnlyList<RejectedDecryptionShare> Rejected { get; }
}
