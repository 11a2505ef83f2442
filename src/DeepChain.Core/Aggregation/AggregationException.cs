namespace DeepChain.Core.Aggregation;

/// <summary>
/// An aggregation or joint decryption was refused: gradients that do not belong together, too many summands, or too
/// few valid decryption shares. Nothing was changed and nothing was written when it is thrown.
/// </summary>
/// <remarks>The message names the offending party or field but never any secret or plaintext.</remarks>
public sealed class AggregationException : Exception
{
    /// <summary>Creates the exception with <see cref="AggregationFailure.Empty"/> as its reason.</summary>
    public AggregationException()
        : this(AggregationFailure.Empty, "The aggregation was refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AggregationException(string message)
        : this(AggregationFailure.Empty, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AggregationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = AggregationFailure.Empty;
        Rejected = [];
    }

    /// <summary>Creates the exception with a reason.</summary>
    /// <param name="reason">Why the operation was refused.</param>
    /// <param name="message">The message.</param>
    /// <param name="rejected">Decryption shares that were rejected on the way, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AggregationException(AggregationFailure reason, string message, IReadOnlyList<RejectedShare>? rejected = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Rejected = rejected ?? [];
    }

    /// <summary>Gets why the operation was refused.</summary>
    public AggregationFailure Reason { get; }

    /// <summary>Gets the decryption shares rejected before the operation gave up (empty unless shares were involved).</summary>
    public IReadOnlyList<RejectedShare> Rejected { get; }
}
