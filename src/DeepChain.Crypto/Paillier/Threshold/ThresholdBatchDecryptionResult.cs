using System.Collections.ObjectModel;
using System.Numerics;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>The outcome of a joint decryption of a sequence of ciphertexts.</summary>
public sealed class ThresholdBatchDecryptionResult
{
    internal ThresholdBatchDecryptionResult(BigInteger[] plaintexts, int[] usedIndices, List<RejectedDecryptionShare> rejected)
    {
        Plaintexts = new ReadOnlyCollection<BigInteger>(plaintexts);
        UsedIndices = new ReadOnlyCollection<int>(usedIndices);
        Rejected = rejected.AsReadOnly();
    }

    /// <summary>Gets the plaintexts, in the order of the ciphertexts.</summary>
    public IReadOnlyList<BigInteger> Plaintexts { get; }

    /// <summary>Gets the indices of the t parties whose batches were checked and used, ascending.</summary>
    public IReadOnlyList<int> UsedIndices { get; }

    /// <summary>Gets the batches that failed their checks, with the party and the reason.</summary>
    public IReadOnlyList<RejectedDecryptionShare> Rejected { get; }
}
