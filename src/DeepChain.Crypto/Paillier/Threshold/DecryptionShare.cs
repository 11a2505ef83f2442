using System.Numerics;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// One party's decryption share of one ciphertext, cᵢ = c<sup>2Δsᵢ</sup> mod n², with its proof of correctness.
/// </summary>
/// <remarks>
/// A share reveals nothing about the plaintext by itself; any t valid shares of the same ciphertext decrypt it
/// (<see cref="DecryptionShareCombiner"/>). Check a share with <see cref="ThresholdPaillierPublicKey.Verify(PaillierCiphertext, DecryptionShare)"/>;
/// the combiner checks every share it uses.
/// </remarks>
public sealed class DecryptionShare
{
    /// <summary>Creates a share from its parts (for example ones received from a party).</summary>
    /// <param name="index">The index of the party that made it, at least 1.</param>
    /// <param name="value">The share value cᵢ, a positive integer.</param>
    /// <param name="proof">The proof that cᵢ was made with the party's secret.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is below 1 or <paramref name="value"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is <see langword="null"/>.</exception>
    public DecryptionShare(int index, BigInteger value, DecryptionShareProof proof)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value.Sign, nameof(value));
        ArgumentNullException.ThrowIfNull(proof);
        Index = index;
        Value = value;
        Proof = proof;
    }

    /// <summary>Gets the index of the party that made the share.</summary>
    public int Index { get; }

    /// <summary>Gets the share value cᵢ = c<sup>2Δsᵢ</sup> mod n².</summary>
    public BigInteger Value { get; }

    /// <summary>Gets the proof that <see cref="Value"/> was made with the party's secret.</summary>
    public DecryptionShareProof Proof { get; }

    /// <summary>Describes the share by its party and size.</summary>
    /// <returns>A string such as <c>DecryptionShare(party 3, 4096 bits)</c>.</returns>
    public override string ToString() => $"DecryptionShare(party {Index}, {Value.GetBitLength()} bits)";
}
