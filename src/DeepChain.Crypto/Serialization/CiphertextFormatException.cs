namespace DeepChain.Crypto.Serialization;

/// <summary>
/// Thrown when a serialized ciphertext (or array of ciphertexts) is malformed: not the expected format, an unknown
/// version, a truncated or over-long blob, or a length that does not match the key it is read with.
/// </summary>
/// <remarks>
/// A well-formed blob whose value is not in the ciphertext group is reported by
/// <see cref="Paillier.InvalidCiphertextException"/> instead, and one made under another key by
/// <see cref="Paillier.PaillierKeyMismatchException"/>. The message never contains the ciphertext's value.
/// </remarks>
public sealed class CiphertextFormatException : FormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CiphertextFormatException()
        : base("The ciphertext data is malformed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which check failed.</param>
    public CiphertextFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">Which check failed.</param>
    /// <param name="innerException">The cause.</param>
    public CiphertextFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CiphertextFormatException(string field, string reason, Exception? innerException = null)
        : base($"Invalid ciphertext field '{field}': {reason}", innerException)
    {
        Field = field;
    }

    /// <summary>Gets the name of the field at fault (for example <c>magic</c>, <c>version</c> or <c>c</c>), or
    /// <see langword="null"/> when the data as a whole is at fault.</summary>
    public string? Field { get; }
}
