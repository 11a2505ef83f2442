namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>Thrown when two decryption shares (or batches) given to the combiner carry the same party index.</summary>
public sealed class DuplicateDecryptionShareException : ArgumentException
{
    /// <summary>Creates the exception with a default message.</summary>
    public DuplicateDecryptionShareException()
        : this("Two decryption shares carry the same party index.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DuplicateDecryptionShareException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DuplicateDecryptionShareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DuplicateDecryptionShareException(int index, string parameterName)
        : base($"Two decryption shares carry party index {index}; each party contributes at most one.", parameterName)
    {
        Index = index;
    }

    /// <summary>Gets the repeated party index.</summary>
    public int Index { get; }
}
