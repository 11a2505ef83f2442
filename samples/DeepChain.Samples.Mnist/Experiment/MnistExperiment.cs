using DeepChain.Core.Aggregation;
using DeepChain.Core.Training;
using DeepChain.Samples.Mnist.Data;
using DeepChain.Samples.Mnist.Training;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>
/// The party-scaling experiment: for every scheme and party count, builds the parties' trainers on disjoint shards and
/// hands them to the runner that implements the scheme.
/// </summary>
public sealed class MnistExperiment
{
    private readonly IReadOnlyList<IExperimentRunner> _runners;

    /// <summary>Creates the experiment with the runners that implement its schemes.</summary>
    /// <param name="runners">Runners, asked in order; the first that supports a scheme runs it.</param>
    public MnistExperiment(IReadOnlyList<IExperimentRunner> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        _runners = runners;
    }

    /// <summary>Tells whether some runner implements a scheme.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <returns>Whether it can run.</returns>
    public bool CanRun(AggregationSchemeKind scheme) => _runners.Any(r => r.Supports(scheme));

    /// <summary>Runs every (scheme, party count) pair of <paramref name="options"/> that a runner supports.</summary>
    /// <param name="dataset">The data.</param>
    /// <param name="options">The settings.</param>
    /// <param name="onStart">Called before each run with the scheme's name and party count.</param>
    /// <param name="onRound">Called after each round.</param>
    /// <param name="cancellationToken">Stops between rounds.</param>
    /// <returns>Every round's record, in run order.</returns>
    /// <exception cref="ArgumentException">The options are invalid or the pool is too small.</exception>
    public async Task<IReadOnlyList<RoundRecord>> RunAsync(
        MnistDataset dataset,
        ExperimentOptions options,
        Action<string, int>? onStart = null,
        Action<RoundRecord>? onRound = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchSharpTrainer.SetThreadCount(options.TorchThreads);
        int imagesPerParty = ImagesPerParty(dataset, options);
        var records = new List<RoundRecord>();
        foreach (var scheme in options.Schemes)
        {
            var runner = _runners.FirstOrDefault(r => r.Supports(scheme));
            if (runner is null)
            {
                continue;
            }

            foreach (int parties in options.Parties)
            {
                onStart?.Invoke(SchemeNames.ToName(scheme), parties);
                var shards = ShardPartitioner.Partition(dataset.TrainingPool, parties, imagesPerParty, options.NonIid, options.Seed);
                var trainers = new List<TorchSharpTrainer>(parties);
                try
                {
                    for (int p = 0; p < parties; p++)
                    {
                        trainers.Add(new TorchSharpTrainer(options.Model, shards[p], dataset.Test, options.BatchSize, options.Seed, unchecked(options.Seed * 7919 + p)));
                    }

                    await foreach (var record in runner.RunAsync(scheme, trainers.Cast<ITrainer>().ToList(), options, cancellationToken).ConfigureAwait(false))
                    {
                        records.Add(record);
                        onRound?.Invoke(record);
                    }
                }
                finally
                {
                    foreach (var trainer in trainers)
                    {
                        trainer.Dispose();
                    }
                }
            }
        }

        return records;
    }

    /// <summary>Gets the images each party trains on.</summary>
    /// <param name="dataset">The data.</param>
    /// <param name="options">The settings.</param>
    /// <returns><see cref="ExperimentOptions.ImagesPerParty"/>, or the pool divided by the largest party count.</returns>
    public static int ImagesPerParty(MnistDataset dataset, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        return options.ImagesPerParty ?? dataset.TrainingPool.Count / options.Parties.Max();
    }
}
