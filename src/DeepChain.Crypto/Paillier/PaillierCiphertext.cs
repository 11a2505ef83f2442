using System.Numerics;

namespace DeepChain.Crypto.Paillier;

/// <summary>
/// A Paillier ciphertext: an element c of Z*<sub>n²</sub> that encrypts a plaintext m ∈ Z<sub>n</sub>.
/// </summary>
/// <remarks>
/// A ciphertext created by <see cref="PaillierPublicKey"/> remembers the key that produced it, and every operation
/// checks that the key matches (<see cref="PaillierKeyMismatchException"/>). A ciphertext built from a raw integer
/// with <see cref="PaillierCiphertext(BigInteger)"/> is not bound to a key until an operation adopts it; such
/// ciphertexts are range-checked against the key that uses them.
/// </remarks>
public sealed class PaillierCiphertext : IEquatable<PaillierCiphertext>
{
    /// <summary>Creates a ciphertext from its integer value (for interoperability with other g = n + 1 implementations).</summary>
    /// <param name="value">The ciphertext c; must be positive. Membership of Z*<sub>n²</sub> is checked by the key that uses it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is zero or negative.</exception>
    public PaillierCiphertext(BigInteger value)
    {
        if (value.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A Paillier ciphertext is a positive integer in Z*_{n^2}.");
        }

        Value = value;
    }

    internal PaillierCiphertext(BigInteger value, PaillierPublicKey key)
    {
        Value = value;
        Key = key;
    }

    /// <summary>Gets the ciphertext integer c, 0 &lt; c &lt; n².</summary>
    public BigInteger Value { get; }

    /// <summary>The key that produced this ciphertext, or <see langword="null"/> when it was built from a raw integer.</summary>
    internal PaillierPublicKey? Key { get; }

    /// <inheritdoc/>
    public bool Equals(PaillierCiphertext? other) => other is not null && Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PaillierCiphertext);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Returns a short description: the ciphertext's size, not its value.</summary>
    /// <returns>A string such as <c>PaillierCiphertext(4096 bits)</c>.</returns>
    public override string ToString() => $"PaillierCiphertext({Value.GetBitLength()} bits)";
}
