using System.Collections.Immutable;

namespace DeepChain.Core.Training;

/// <summary>
/// Misbehaviour to inject into one round of a <see cref="CollaborativeTrainingSession"/>: the scenarios the protocol
/// must survive, for tests and demonstrations. Party and worker indices count from 0.
/// </summary>
public sealed record RoundFaults
{
    /// <summary>Gets no faults.</summary>
    public static RoundFaults None { get; } = new();

    /// <summary>Gets the parties that drop out of the round: they send no gradient and no decryption share.</summary>
    public ImmutableArray<int> DroppedParties { get; init; } = [];

    /// <summary>Gets the parties that upload a malformed ciphertext instead of their gradient.</summary>
    public ImmutableArray<int> MalformedUploads { get; init; } = [];

    /// <summary>Gets the workers that submit a wrong aggregate.</summary>
    public ImmutableArray<int> WrongAggregateWorkers { get; init; } = [];

    /// <summary>Gets the parties that send an invalid decryption share.</summary>
    public ImmutableArray<int> InvalidShareParties { get; init; } = [];
}
