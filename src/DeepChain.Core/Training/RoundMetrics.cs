using System.Collections.Immutable;
using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Training;

/// <summary>What one round of a <see cref="CollaborativeTrainingSession"/> achieved and cost.</summary>
/// <remarks>Times are wall-clock seconds of this process, which simulates every party and worker; the crypto phases run
/// in parallel on the available cores.</remarks>
public sealed record RoundMetrics
{
    /// <summary>Gets the round, from 0.</summary>
    public required int Round { get; init; }

    /// <summary>Gets whether the aggregate was decrypted and applied (false: the round failed and the model is unchanged).</summary>
    public required bool Decrypted { get; init; }

    /// <summary>Gets why the round failed, or <see langword="null"/> when it succeeded.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Gets the parties whose gradients are in the aggregate.</summary>
    public required ImmutableArray<int> Contributors { get; init; }

    /// <summary>Gets the parties whose decryption shares were judged invalid.</summary>
    public required ImmutableArray<int> InvalidShares { get; init; }

    /// <summary>Gets the evaluation after the round (accuracy, macro-F1, loss), when it was evaluated.</summary>
    public TrainerEvaluation? Evaluation { get; init; }

    /// <summary>Gets the mean local training loss of the contributing parties.</summary>
    public required double TrainingLoss { get; init; }

    /// <summary>Gets the seconds spent in local training (all parties).</summary>
    public required double TrainSeconds { get; init; }

    /// <summary>Gets the seconds spent quantizing/encoding and encrypting (all parties), with clipping and noising under
    /// differential privacy.</summary>
    public required double EncryptSeconds { get; init; }

    /// <summary>Gets the seconds spent aggregating (all workers).</summary>
    public required double AggregateSeconds { get; init; }

    /// <summary>Gets the seconds spent making, checking and combining decryption shares.</summary>
    public required double DecryptSeconds { get; init; }

    /// <summary>Gets the seconds spent on the ledger and the blob store (signing, proposing, committing, storing).</summary>
    public required double LedgerSeconds { get; init; }

    /// <summary>Gets the seconds the whole round took.</summary>
    public required double RoundSeconds { get; init; }

    /// <summary>Gets the bytes each contributing party uploaded (its encrypted gradient), on average.</summary>
    public required long BytesPerParty { get; init; }

    /// <summary>Gets the gradient values per second through encryption and aggregation:
    /// contributors × parameters / (encrypt + aggregate seconds).</summary>
    public required double GradientsPerSecond { get; init; }

    /// <summary>Gets the differential privacy spent by all rounds so far, this one included (as recorded on the ledger),
    /// or <see langword="null"/> when the session runs without
    /// <see cref="CollaborativeTrainingOptions.DifferentialPrivacy"/>.</summary>
    public PrivacySpent? Privacy { get; init; }
}
