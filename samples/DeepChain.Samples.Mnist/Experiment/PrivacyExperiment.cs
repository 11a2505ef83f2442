using DeepChain.Samples.Mnist.Data;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>
/// LearningChain's privacy–accuracy trade-off on MNIST: at the largest party count, one training without differential
/// privacy and one per ε budget, each with the noise multiplier calibrated so that its rounds spend exactly that ε;
/// less privacy (a larger ε) means less noise and a lower test error.
/// </summary>
/// <remarks>The guarantee is per party (each party's whole update per round, clipped to norm C), so with a handful of
/// parties the noise is large against the clipped signal and useful accuracy needs a large ε: this is the price of
/// protecting a party's entire data set, not a single example.</remarks>
public sealed class PrivacyExperiment
{
    private readonly MnistExperiment _experiment;

    /// <summary>Creates the experiment with the runners that implement its schemes (they must support differential
    /// privacy, as <see cref="DeepChainSessionRunner"/> does).</summary>
    /// <param name="runners">Runners, asked in order.</param>
    public PrivacyExperiment(IReadOnlyList<IExperimentRunner> runners) => _experiment = new MnistExperiment(runners);

    /// <summary>Gets the budgets swept when none is given: ε = 1, 10, 100, 1,000, 10,000.</summary>
    public static IReadOnlyList<double> DefaultEpsilons { get; } = [1, 10, 100, 1_000, 10_000];

    /// <summary>Runs the baseline and every budget, for every scheme a runner supports.</summary>
    /// <param name="dataset">The data.</param>
    /// <param name="options">The settings (<see cref="ExperimentOptions.DpEpsilon"/> lists the budgets).</param>
    /// <param name="onRun">Called after each run.</param>
    /// <param name="cancellationToken">Stops between rounds.</param>
    /// <returns>One record per scheme and budget, the baseline first, then ascending ε.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public async Task<IReadOnlyList<PrivacyRecord>> RunAsync(MnistDataset dataset, ExperimentOptions options, Action<PrivacyRecord>? onRun = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int parties = options.Parties.Max();
        IReadOnlyList<double> epsilons = options.DpEpsilon.Count > 0 ? options.DpEpsilon : DefaultEpsilons;
        var results = new List<PrivacyRecord>();
        foreach (var scheme in options.Schemes.Where(_experiment.CanRun))
        {
            foreach (double? epsilon in new double?[] { null }.Concat(epsilons.Distinct().Order().Select(e => (double?)e)))
            {
                var run = options with
                {
                    Experiment = ExperimentKind.Parties,
                    Parties = [parties],
                    Schemes = [scheme],
                    DpEpsilon = epsilon is { } e ? [e] : [],
                    DpNoise = null,
                };
                double? sigma = run.ToPrivacyOptions()?.NoiseMultiplier;
                IReadOnlyList<RoundRecord> rounds = await _experiment.RunAsync(dataset, run, cancellationToken: cancellationToken).ConfigureAwait(false);
                RoundRecord last = rounds[^1];
                var record = new PrivacyRecord(
                    last.Scheme, parties, rounds.Count, epsilon, sigma, options.DpClip, options.DpDelta, last.Privacy?.Epsilon,
                    last.Accuracy, last.MacroF1, last.Loss, rounds.Sum(r => r.RoundSeconds));
                results.Add(record);
                onRun?.Invoke(record);
            }
        }

        return results;
    }
}
