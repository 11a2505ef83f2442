using System.Collections.ObjectModel;
using System.Numerics;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// One party's decryption shares of a sequence of ciphertexts (for example every ciphertext of one packed gradient),
/// with a single proof that covers them all.
/// </summary>
/// <remarks>
/// One proof per batch instead of one per ciphertext makes proving and verifying a few exponentiations in total instead
/// of three per ciphertext; see <see cref="DecryptionShareProof"/> for why a single wrong value still makes the batch
/// fail. A failed batch is attributed to its party as a whole.
/// </remarks>
public sealed class DecryptionShareBatch
{
    private readonly BigInteger[] _values;

    /// <summary>Creates a batch from its parts (for example ones received from a party).</summary>
    /// <param name="index">The index of the party that made it, at least 1.</param>
    /// <param name="values">The share values, one per ciphertext in order; each a positive integer.</param>
    /// <param name="proof">The proof covering every value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is below 1 or a value is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is <see langword="null"/>.</exception>
    public DecryptionShareBatch(int index, ReadOnlySpan<BigInteger> values, DecryptionShareProof proof)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentNullException.ThrowIfNull(proof);
        foreach (BigInteger value in values)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value.Sign, nameof(values));
        }

        Index = index;
        _values = values.ToArray();
        Values = new ReadOnlyCollection<BigInteger>(_values);
        Proof = proof;
    }

    /// <summary>Gets the index of the party that made the batch.</summary>
    public int Index { get; }

    /// <summary>Gets the share values, one per ciphertext, in the order of the ciphertexts.</summary>
    public IReadOnlyList<BigInteger> Values { get; }

    /// <summary>Gets the number of share values.</summary>
    public int Count => _values.Length;

    /// <summary>Gets the proof that covers every value.</summary>
    public DecryptionShareProof Proof { get; }

    internal BigInteger[] ValueArray => _values;

    /// <summary>Describes the batch by its party and length.</summary>
    /// <returns>A string such as <c>DecryptionShareBatch(party 3, 952 values)</c>.</returns>
    public override string ToString() => $"DecryptionShareBatch(party {Index}, {Count} values)";
}
