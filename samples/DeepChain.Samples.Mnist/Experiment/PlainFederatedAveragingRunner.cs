using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using DeepChain.Core.Aggregation;
using DeepChain.Core.Training;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>
/// The plain baseline: federated averaging with no encryption and no ledger. Each round every party computes its
/// update on its own shard, the updates are averaged in the clear, and every party applies the average.
/// </summary>
public sealed class PlainFederatedAveragingRunner : IExperimentRunner
{
    /// <inheritdoc/>
    public bool Supports(AggregationSchemeKind scheme) => scheme == AggregationSchemeKind.Plain;

    /// <inheritdoc/>
    public async IAsyncEnumerable<RoundRecord> RunAsync(
        AggregationSchemeKind scheme,
        IReadOnlyList<ITrainer> trainers,
        ExperimentOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        ArgumentNullException.ThrowIfNull(options);
        if (!Supports(scheme))
        {
            throw new ArgumentException($"{nameof(PlainFederatedAveragingRunner)} runs only the plain scheme, not {scheme}.", nameof(scheme));
        }

        if (options.UsesDifferentialPrivacy)
        {
            throw new ArgumentException($"{nameof(PlainFederatedAveragingRunner)} has no differential privacy; run DP through {nameof(DeepChainSessionRunner)}.", nameof(options));
        }

        if (trainers.Count == 0)
        {
            throw new ArgumentException("At least one trainer is needed.", nameof(trainers));
        }

        int parameterCount = trainers[0].ParameterCount;
        var gradients = new float[trainers.Count][];
        for (int p = 0; p < gradients.Length; p++)
        {
            gradients[p] = new float[parameterCount];
        }

        var mean = new float[parameterCount];
        for (int round = 1; round <= options.Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long roundStart = Stopwatch.GetTimestamp();
            for (int p = 0; p < trainers.Count; p++)
            {
                trainers[p].ComputeGradient(options.LocalSteps, options.LearningRate, gradients[p]);
            }

            long trained = Stopwatch.GetTimestamp();
            gradients[0].CopyTo(mean, 0);
            for (int p = 1; p < gradients.Length; p++)
            {
                TensorPrimitives.Add(mean, gradients[p], mean);
            }

            TensorPrimitives.Multiply(mean, 1f / trainers.Count, mean);
            long aggregated = Stopwatch.GetTimestamp();
            foreach (var trainer in trainers)
            {
                trainer.ApplyUpdate(mean, options.LearningRate);
            }

            long roundEnd = Stopwatch.GetTimestamp();
            var evaluation = trainers[0].Evaluate();
            double aggregateSeconds = Stopwatch.GetElapsedTime(trained, aggregated).TotalSeconds;
            yield return new RoundRecord(
                SchemeNames.ToName(scheme),
                trainers.Count,
                round,
                evaluation.Accuracy,
                evaluation.MacroF1,
                evaluation.Loss,
                TrainSeconds: Stopwatch.GetElapsedTime(roundStart, trained).TotalSeconds,
                EncryptSeconds: 0,
                AggregateSeconds: aggregateSeconds,
                DecryptSeconds: 0,
                LedgerSeconds: 0,
                RoundSeconds: Stopwatch.GetElapsedTime(roundStart, roundEnd).TotalSeconds,
                BytesPerParty: (long)parameterCount * sizeof(float),
                GradientsPerSecond: aggregateSeconds > 0 ? (double)trainers.Count * parameterCount / aggregateSeconds : 0);

            // Let a UI on the same context render between rounds.
            await Task.Yield();
        }
    }
}
