using System.Security.Cryptography;

namespace DeepChain.Crypto.Paillier;

/// <summary>
/// Thrown when a ciphertext is not a valid element of the ciphertext group (for Paillier: not in Z*<sub>n²</sub>,
/// i.e. zero, not below n², or sharing a factor with n).
/// </summary>
/// <remarks>The message never contains the ciphertext's value or any key material.</remarks>
public sealed class InvalidCiphertextException : CryptographicException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InvalidCiphertextException()
        : base("The ciphertext is not a valid element of the ciphertext group.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which check failed.</param>
    public InvalidCiphertextException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">Which check failed.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidCiphertextException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
