namespace DeepChain.Core.Aggregation;

/// <summary>
/// An <see cref="EncryptedGradient"/> or <see cref="PartialDecryption"/> blob is malformed: wrong magic or version,
/// truncated, trailing bytes, or a field out of range. <see cref="Field"/> names the field.
/// </summary>
public sealed class AggregationFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public AggregationFormatException()
        : base("The blob is malformed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AggregationFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AggregationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal AggregationFormatException(string what, string field, string reason, Exception? innerException = null)
        : base($"The {what} is malformed: {field}: {reason}", innerException)
    {
        Field = field;
    }

    /// <summary>Gets the name of the malformed field, when known.</summary>
    public string? Field { get; }
}
