namespace DeepChain.Core.Ledger;

/// <summary>
/// Thrown when a stored ledger fails verification: a block that does not decode, whose signature, Merkle root or link
/// to its predecessor is wrong, or whose transactions the contracts refuse on replay. The message names the first bad
/// height and the reason; nothing of the store past that height is trusted.
/// </summary>
public sealed class LedgerIntegrityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerIntegrityException()
        : base("The stored ledger failed verification.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public LedgerIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LedgerIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a bad height.</summary>
    /// <param name="height">The first height that failed.</param>
    /// <param name="reason">Why it failed.</param>
    public LedgerIntegrityException(long height, string reason)
        : base($"The stored ledger is invalid at height {height}: {reason}.")
    {
        Height = height;
        Reason = reason;
    }

    /// <summary>Gets the first height that failed verification (-1 when not known).</summary>
    public long Height { get; } = -1;

    /// <summary>Gets why that height failed.</summary>
    public string? Reason { get; }
}
