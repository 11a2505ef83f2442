using System.Runtime.CompilerServices;
using DeepChain.Core.Aggregation;
using DeepChain.Core.Training;
using DeepChain.Core.Training.Privacy;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>
/// Runs an experiment through DeepChain itself: a <see cref="CollaborativeTrainingSession"/> per scheme and party
/// count, with encrypted uploads, worker aggregation judged by the processing contract, joint decryption, and every
/// step on a SQLite ledger under <c>&lt;out&gt;/ledgers/</c>, audited (re-verified and replayed) when the run ends.
/// </summary>
/// <remarks>
/// Threshold Paillier keys: one 2,048-bit modulus is generated per run of the sample (the safe-prime search takes tens
/// of seconds) and dealt afresh for each party count, so comparing party counts does not repeat the search. A real
/// deployment deals an independent key per task. Only the first t parties make decryption shares each round
/// (<see cref="CollaborativeTrainingOptions.DecryptionSharesPerRound"/>), which is all the scheme needs.
/// </remarks>
public sealed class DeepChainSessionRunner : IExperimentRunner
{
    private readonly object _gate = new();
    private readonly Dictionary<(int Parties, int Threshold), ThresholdPaillierKeySet> _thresholdKeys = [];

    /// <inheritdoc/>
    public bool Supports(AggregationSchemeKind scheme) => Enum.IsDefined(scheme);

    /// <summary>Gets the audit of the last finished run (null before one finishes).</summary>
    public SessionAudit? LastAudit { get; private set; }

    /// <summary>Deals the threshold Paillier keys of every configuration up front from one modulus (optional: keys are
    /// otherwise generated on first use).</summary>
    /// <param name="options">The experiment, whose party counts and threshold fix the configurations.</param>
    public void PrepareThresholdKeys(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InsecureTestKeys || !options.Schemes.Contains(AggregationSchemeKind.ThresholdPaillier))
        {
            return;
        }

        lock (_gate)
        {
            var wanted = options.Parties.Distinct().Select(n => (n, ThresholdFor(options, n))).Where(c => !_thresholdKeys.ContainsKey(c)).ToList();
            if (wanted.Count == 0)
            {
                return;
            }

            ThresholdPaillierKeySet[] family = ThresholdPaillierDealer.GenerateFamily(AggregationSchemeOptions.DefaultPaillierModulusBits, wanted);
            for (int i = 0; i < wanted.Count; i++)
            {
                _thresholdKeys[wanted[i]] = family[i];
            }
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RoundRecord> RunAsync(
        AggregationSchemeKind scheme,
        IReadOnlyList<ITrainer> trainers,
        ExperimentOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        ArgumentNullException.ThrowIfNull(options);
        int parties = trainers.Count;
        int threshold = ThresholdFor(options, parties);
        var schemeOptions = new AggregationSchemeOptions
        {
            Parties = parties,
            Threshold = scheme == AggregationSchemeKind.ThresholdPaillier ? threshold : null,
            QuantizationBits = options.QuantBits,
            ClipRange = options.ClipRange,
            PaillierModulusBits = options.InsecureTestKeys ? 512 : AggregationSchemeOptions.DefaultPaillierModulusBits,
            CkksPolyModulusDegree = options.InsecureTestKeys ? 1024 : AggregationSchemeOptions.DefaultCkksPolyModulusDegree,
            AllowInsecureTestParameters = options.InsecureTestKeys,
        };

        using IAggregationScheme aggregation = CreateScheme(scheme, schemeOptions, options, threshold);
        string name = SchemeNames.ToName(scheme);
        string ledgers = Path.Combine(options.OutputDirectory, "ledgers");
        Directory.CreateDirectory(ledgers);
        string ledgerPath = Path.Combine(ledgers, $"{name}-{parties}.db");
        string blobPath = Path.Combine(ledgers, $"{name}-{parties}-blobs");
        DeleteLedger(ledgerPath, blobPath);
        var sessionOptions = new CollaborativeTrainingOptions
        {
            Rounds = options.Rounds,
            LocalSteps = options.LocalSteps,
            LearningRate = options.LearningRate,
            DecryptionSharesPerRound = threshold,
            DifferentialPrivacy = options.ToPrivacyOptions(),
        };

        using var session = new CollaborativeTrainingSession(aggregation, trainers, sessionOptions, SessionStorage.Sqlite(ledgerPath, blobPath));
        int parameterCount = trainers[0].ParameterCount;
        for (int round = 0; round < options.Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RoundMetrics m;
            try
            {
                m = session.RunRound();
            }
            catch (PrivacyBudgetExceededException)
            {
                // A fixed noise multiplier with a budget: the round past the budget is refused, so the run ends here.
                break;
            }

            TrainerEvaluation evaluation = m.Evaluation ?? trainers[0].Evaluate();
            double cryptoSeconds = m.EncryptSeconds + m.AggregateSeconds + m.DecryptSeconds;
            yield return new RoundRecord(
                name, parties, round + 1, evaluation.Accuracy, evaluation.MacroF1, evaluation.Loss,
                m.TrainSeconds, m.EncryptSeconds, m.AggregateSeconds, m.DecryptSeconds, m.LedgerSeconds, m.RoundSeconds,
                m.BytesPerParty, cryptoSeconds > 0 ? (double)m.Contributors.Length * parameterCount / cryptoSeconds : 0, m.Privacy);
            await Task.Yield();
        }

        session.Finish();
        SessionAudit audit = session.Audit();
        LastAudit = audit;
        if (!audit.Passed)
        {
            throw new InvalidOperationException($"The ledger of {name} with {parties} parties failed its audit: {audit.Problem}");
        }

        // Blobs (ciphertexts) are large and only needed to re-check shares; the ledger itself stays for auditing.
        if (!options.KeepBlobs && Directory.Exists(blobPath))
        {
            Directory.Delete(blobPath, recursive: true);
        }
    }

    private IAggregationScheme CreateScheme(AggregationSchemeKind scheme, AggregationSchemeOptions schemeOptions, ExperimentOptions options, int threshold)
    {
        if (scheme != AggregationSchemeKind.ThresholdPaillier || options.InsecureTestKeys)
        {
            return AggregationSchemes.Create(scheme, schemeOptions);
        }

        PrepareThresholdKeys(options with { Parties = [schemeOptions.Parties] });
        lock (_gate)
        {
            // The scheme owns (and disposes) its key set: hand it over.
            _thresholdKeys.Remove((schemeOptions.Parties, threshold), out ThresholdPaillierKeySet? keys);
            return new ThresholdPaillierAggregationScheme(schemeOptions, keys!);
        }
    }

    /// <summary>The threshold for a party count: the user's <c>--threshold</c> (at most the party count), else a majority.</summary>
    private static int ThresholdFor(ExperimentOptions options, int parties) =>
        Math.Min(parties, options.Threshold ?? ((parties / 2) + 1));

    private static void DeleteLedger(string ledgerPath, string blobPath)
    {
        foreach (string file in new[] { ledgerPath, ledgerPath + "-wal", ledgerPath + "-shm" })
        {
            File.Delete(file);
        }

        if (Directory.Exists(blobPath))
        {
            Directory.Delete(blobPath, recursive: true);
        }
    }
}
