using System.Security.Cryptography;

namespace DeepChain.Crypto.Ckks.Multiparty;

/// <summary>
/// Thrown when a collective decryption cannot produce a valid plaintext: a party's partial decryption is missing,
/// repeated, made for another ciphertext, or wrong (the combined plaintext fails its size check).
/// </summary>
public sealed class CkksDecryptionException : CryptographicException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CkksDecryptionException()
        : this("The partial decryptions do not combine to a valid plaintext.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CkksDecryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CkksDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
