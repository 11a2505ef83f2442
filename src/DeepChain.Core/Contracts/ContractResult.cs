using System.Diagnostics.CodeAnalysis;

namespace DeepChain.Core.Contracts;

/// <summary>The outcome of applying a transaction: accepted, or rejected with a reason (and then nothing changed).</summary>
public readonly record struct ContractResult
{
    private ContractResult(string? reason) => Reason = reason;

    /// <summary>Gets the accepted result.</summary>
    public static ContractResult Accepted => default;

    /// <summary>Gets a value indicating whether the transaction was accepted.</summary>
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsAccepted => Reason is null;

    /// <summary>Gets why the transaction was rejected, or <see langword="null"/> when it was accepted.</summary>
    public string? Reason { get; }

    /// <summary>Creates a rejection.</summary>
    /// <param name="reason">Why the transaction was rejected (for the sender; never a secret).</param>
    /// <returns>The rejected result.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or empty.</exception>
    public static ContractResult Rejected(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new ContractResult(reason);
    }

    /// <summary>Describes the result.</summary>
    /// <returns>"accepted" or "rejected: reason".</returns>
    public override string ToString() => IsAccepted ? "accepted" : $"rejected: {Reason}";
}
