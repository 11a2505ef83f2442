using System.Security.Cryptography;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// Thrown when fewer valid decryption shares than the threshold were supplied, so the ciphertext cannot be decrypted.
/// <see cref="Rejected"/> names the parties whose shares failed their checks.
/// </summary>
public sealed class InsufficientDecryptionSharesException : CryptographicException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InsufficientDecryptionSharesException()
        : this("Too few valid decryption shares to decrypt.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InsufficientDecryptionSharesException(string message)
        : base(message)
    {
        Rejected = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InsufficientDecryptionSharesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rejected = [];
    }

    internal InsufficientDecryptionSharesException(int threshold, int valid, IReadOnlyList<RejectedDecryptionShare> rejected)
        : base($"{valid} valid decryption share(s) were supplied; the key needs {threshold}."
            + (rejected.Count == 0 ? string.Empty : $" Rejected: {string.Join("; ", rejected.Select(r => $"party {r.Index}: {r.Reason}"))}"))
    {
        Threshold = threshold;
        ValidShares = valid;
        Rejected = rejected;
    }

    /// <summary>Gets the number of shares the key needs.</summary>
    public int Threshold { get; }

    /// <summary>Gets the number of valid shares that were supplied.</summary>
    public int ValidShares { get; }

    /// <summary>Gets the shares that failed their checks, with the party and the reason.</summary>
    public IReadOnlyList<RejectedDecryptionShare> Rejected { get; }
}
