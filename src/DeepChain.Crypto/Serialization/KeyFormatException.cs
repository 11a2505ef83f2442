namespace DeepChain.Crypto.Serialization;

/// <summary>
/// Thrown when serialized key data (a binary key blob or a JSON Web Key) is malformed or inconsistent: not the
/// expected format, an unknown version, a missing or ill-typed field, a length that runs past the end of the data,
/// or integers that do not form a valid key.
/// </summary>
/// <remarks>
/// The message says which field and which check failed; it never contains key material, not even a fragment of the
/// offending input. <see cref="Field"/> names the field when one is to blame.
/// </remarks>
public sealed class KeyFormatException : FormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public KeyFormatException()
        : base("The key data is malformed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which check failed.</param>
    public KeyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">Which check failed.</param>
    /// <param name="innerException">The cause; it must not carry key material in its message.</param>
    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal KeyFormatException(string field, string reason, Exception? innerException = null)
        : base($"Invalid key field '{field}': {reason}", innerException)
    {
        Field = field;
    }

    /// <summary>Gets the name of the field at fault (for example <c>n</c>, <c>p</c> or <c>pub.n</c>), or <see langword="null"/>
    /// when the data as a whole is at fault.</summary>
    public string? Field { get; }
}
