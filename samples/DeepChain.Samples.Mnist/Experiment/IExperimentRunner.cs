using DeepChain.Core.Aggregation;
using DeepChain.Core.Training;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>
/// Runs the rounds of one experiment (one scheme, one party count) over parties' trainers; the seam between the
/// sample's data, model and reporting and the way gradients are aggregated.
/// </summary>
/// <remarks>The caller builds the trainers (equal initial parameters, disjoint shards), disposes them afterwards,
/// and evaluates nothing itself: the runner evaluates after every round and yields one record per round, in order.</remarks>
public interface IExperimentRunner
{
    /// <summary>Tells whether this runner implements a scheme.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <returns><see langword="true"/> when <see cref="RunAsync"/> accepts it.</returns>
    bool Supports(AggregationSchemeKind scheme);

    /// <summary>Trains for <see cref="ExperimentOptions.Rounds"/> rounds and yields a record after each.</summary>
    /// <param name="scheme">A scheme this runner supports.</param>
    /// <param name="trainers">One trainer per party; their count is the party count.</param>
    /// <param name="options">The experiment's settings (rounds, local steps, learning rate, threshold, quantization).</param>
    /// <param name="cancellationToken">Stops between rounds.</param>
    /// <returns>One record per round.</returns>
    IAsyncEnumerable<RoundRecord> RunAsync(
        AggregationSchemeKind scheme,
        IReadOnlyList<ITrainer> trainers,
        ExperimentOptions options,
        CancellationToken cancellationToken = default);
}
