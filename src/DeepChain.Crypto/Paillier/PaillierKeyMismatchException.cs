using System.Security.Cryptography;

namespace DeepChain.Crypto.Paillier;

/// <summary>
/// Thrown when a ciphertext produced under one Paillier key is used with a different key.
/// </summary>
public sealed class PaillierKeyMismatchException : CryptographicException
{
    /// <summary>Creates the exception with a default message.</summary>
    public PaillierKeyMismatchException()
        : base("The ciphertext was produced under a different Paillier public key.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What did not match.</param>
    public PaillierKeyMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What did not match.</param>
    /// <param name="innerException">The cause.</param>
    public PaillierKeyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
