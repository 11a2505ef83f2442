using System.Collections.Immutable;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>A snapshot of one round in the processing contract.</summary>
/// <param name="Round">The round, from 0.</param>
/// <param name="Outcome">Where the round stands.</param>
/// <param name="Attempts">Every attempt, the current one last (empty while unassigned).</param>
public sealed record ProcessingRound(int Round, ProcessingRoundOutcome Outcome, ImmutableArray<ProcessingAttempt> Attempts)
{
    /// <summary>Gets the latest attempt, or <see langword="null"/> while the round is unassigned.</summary>
    public ProcessingAttempt? CurrentAttempt => Attempts.IsEmpty ? null : Attempts[^1];

    /// <summary>Gets the workers assigned to the latest attempt (empty while unassigned).</summary>
    public ImmutableArray<AccountAddress> AssignedWorkers => CurrentAttempt?.Committee ?? [];

    /// <summary>Gets the aggregate the majority agreed on, or <see langword="null"/>.</summary>
    public BlobReference? AgreedAggregate => CurrentAttempt?.AgreedAggregate;
}
