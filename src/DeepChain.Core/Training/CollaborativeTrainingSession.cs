using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics.Tensors;
using DeepChain.Core.Aggregation;
using DeepChain.Core.Ledger;
using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Training;

/// <summary>
/// Runs DeepChain's collaborative training in one process: every round, each party trains locally, encrypts its
/// gradient and submits it through the trading contract; assigned workers aggregate the ciphertexts and are judged by
/// the processing contract; the parties decrypt the agreed aggregate jointly, and the mean gradient updates every
/// party's model. Every step is a signed transaction on the session's ledger.
/// </summary>
/// <remarks>
/// <para>This is DESIGN.md's data flow in one library call. The session holds every participant's signing key, so it
/// simulates a whole consortium; a deployment runs the same contracts and ledger with each party in its own process.</para>
/// <para>Faults are handled as the protocol prescribes: a party that drops out is left out of the aggregate and forfeits
/// part of its deposit, a malformed upload is refused by the workers' check and counts as a missed round, a wrong
/// aggregate is outvoted and its worker slashed, an invalid decryption share is skipped and penalised, and a round with
/// fewer valid shares than the scheme's threshold fails cleanly: it is recorded on the ledger and the models stay as
/// they were.</para>
/// <para>With <see cref="CollaborativeTrainingOptions.DifferentialPrivacy"/>, each party's gradient is clipped and
/// noised (<see cref="GaussianMechanism"/>) before it is encrypted, an <see cref="RdpAccountant"/> reports the (ε, δ)
/// spent after each round in <see cref="RoundMetrics.Privacy"/> and on the ledger (<see cref="PrivacyContract"/>), and a
/// round that would spend past the ε budget is refused before anything runs.</para>
/// <para>Not thread-safe: run one round at a time.</para>
/// </remarks>
public sealed class CollaborativeTrainingSession : IDisposable
{
    private readonly IAggregationScheme _scheme;
    private readonly ITrainer[] _trainers;
    private readonly CollaborativeTrainingOptions _options;
    private readonly TaskLedger _ledger;
    private readonly float[][] _gradients;
    private readonly float[] _sum;
    private readonly float[] _mean;
    private readonly List<RoundMetrics> _history = [];
    private readonly GaussianMechanism? _mechanism;
    private readonly RdpAccountant? _accountant;
    private int _round;
    private bool _finished;
    private bool _disposed;

    /// <summary>Creates a session and opens its task on a new ledger: genesis, task terms, processing budget and every
    /// party's registration with its deposit.</summary>
    /// <param name="scheme">The aggregation scheme; its party count must equal the number of trainers. The session does
    /// not dispose it.</param>
    /// <param name="trainers">One trainer per party, all starting from the same parameters.</param>
    /// <param name="options">The session settings (defaults when null).</param>
    /// <param name="storage">Where the ledger and the blobs live (an in-memory ledger and a temporary blob directory,
    /// deleted on <see cref="Dispose"/>, when null).</param>
    /// <exception cref="ArgumentNullException"><paramref name="scheme"/> or <paramref name="trainers"/> is null.</exception>
    /// <exception cref="ArgumentException">The trainer count differs from the scheme's party count, trainers disagree on
    /// the parameter count, or a trainer is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CollaborativeTrainingSession(IAggregationScheme scheme, IReadOnlyList<ITrainer> trainers, CollaborativeTrainingOptions? options = null, SessionStorage? storage = null)
        : this(scheme, trainers, options, storage, noise: null)
    {
    }

    /// <summary>Creates a session whose differential-privacy noise comes from the given sampler (tests pass a seeded
    /// one); the session disposes it.</summary>
    internal CollaborativeTrainingSession(IAggregationScheme scheme, IReadOnlyList<ITrainer> trainers, CollaborativeTrainingOptions? options, SessionStorage? storage, GaussianNoiseSampler? noise)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(trainers);
        options ??= new CollaborativeTrainingOptions();
        options.Validate();
        if (trainers.Count != scheme.Parties)
        {
            throw new ArgumentException($"The scheme is for {scheme.Parties} parties but {trainers.Count} trainers were given.", nameof(trainers));
        }

        _trainers = [.. trainers];
        if (Array.Exists(_trainers, t => t is null))
        {
            throw new ArgumentException("A trainer is null.", nameof(trainers));
        }

        int parameters = _trainers[0].ParameterCount;
        if (Array.Exists(_trainers, t => t.ParameterCount != parameters))
        {
            throw new ArgumentException("The trainers disagree on the parameter count.", nameof(trainers));
        }

        _scheme = scheme;
        _options = options;
        _gradients = new float[_trainers.Length][];
        for (int i = 0; i < _gradients.Length; i++)
        {
            _gradients[i] = new float[parameters];
        }

        _sum = new float[parameters];
        _mean = new float[parameters];
        var initial = new float[parameters];
        _trainers[0].GetParameters(initial);
        _ledger = new TaskLedger(scheme, _trainers.Length, System.Runtime.InteropServices.MemoryMarshal.AsBytes(initial.AsSpan()), options, storage ?? SessionStorage.CreateTemporary());
        if (options.DifferentialPrivacy is { } privacy)
        {
            _mechanism = new GaussianMechanism(privacy.ClipNorm, privacy.NoiseMultiplier, noise);
            _accountant = new RdpAccountant();
        }
        else
        {
            noise?.Dispose();
        }
    }

    /// <summary>Gets the scheme that protects the gradients.</summary>
    public IAggregationScheme Scheme => _scheme;

    /// <summary>Gets the session settings.</summary>
    public CollaborativeTrainingOptions Options => _options;

    /// <summary>Gets the number of parties.</summary>
    public int Parties => _trainers.Length;

    /// <summary>Gets the number of rounds run so far.</summary>
    public int CompletedRounds => _round;

    /// <summary>Gets the metrics of the rounds run so far.</summary>
    public IReadOnlyList<RoundMetrics> History => _history;

    /// <summary>Gets the id of the session's task on the trading and processing contracts.</summary>
    public Contracts.TaskId Task => _ledger.Task;

    /// <summary>Gets the session's trading contract (query rounds, shares, deposits).</summary>
    public Contracts.TradingContract TradingContract => _ledger.Trading;

    /// <summary>Gets the session's processing contract (query committees, aggregates, settlements).</summary>
    public Contracts.ProcessingContract ProcessingContract => _ledger.Processing;

    /// <summary>Gets the session's privacy budget contract (query the recorded (ε, δ) per round).</summary>
    public PrivacyBudgetContract PrivacyContract => _ledger.Privacy;

    /// <summary>Gets the differential privacy spent so far (ε = 0 before the first round), or <see langword="null"/>
    /// without <see cref="CollaborativeTrainingOptions.DifferentialPrivacy"/>.</summary>
    public PrivacySpent? Privacy => _accountant?.GetPrivacySpent(_options.DifferentialPrivacy!.Delta);

    /// <summary>Gets the session's ledger node (read it, verify it, or replay it).</summary>
    public LedgerNode Node => _ledger.Node;

    /// <summary>Gets the ledger store of the session.</summary>
    public ILedgerStore Store => _ledger.Store;

    /// <summary>Gets the session's participants: addresses of the owner, parties and workers, and their balances.</summary>
    public SessionParticipants Participants => _ledger.Participants;

    /// <summary>Audits the session's ledger: re-verifies the stored chain, replays it from genesis through fresh contracts
    /// and compares the replayed balances with the live ones.</summary>
    /// <returns>The audit result.</returns>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public SessionAudit Audit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _ledger.Audit();
    }

    /// <summary>Runs every remaining round, then finishes the task (refunds and settlement).</summary>
    /// <param name="progress">Receives the metrics of each round as it ends (optional).</param>
    /// <param name="cancellationToken">Cancels between rounds.</param>
    /// <returns>The metrics of every round.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public IReadOnlyList<RoundMetrics> Run(IProgress<RoundMetrics>? progress = null, CancellationToken cancellationToken = default)
    {
        while (_round < _options.Rounds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RoundMetrics metrics = RunRound();
            progress?.Report(metrics);
        }

        Finish();
        return _history;
    }

    /// <summary>Runs the next round.</summary>
    /// <param name="faults">Misbehaviour to inject (none when null).</param>
    /// <returns>The round's metrics.</returns>
    /// <exception cref="InvalidOperationException">Every round has run, or the task is finished.</exception>
    /// <exception cref="PrivacyBudgetExceededException">The round would take the privacy spent past
    /// <see cref="DifferentialPrivacyOptions.EpsilonBudget"/>; nothing ran.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A fault names a party or worker that does not exist.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public RoundMetrics RunRound(RoundFaults? faults = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished || _round >= _options.Rounds)
        {
            throw new InvalidOperationException($"All {_options.Rounds} rounds have run.");
        }

        faults ??= RoundFaults.None;
        CheckIndices(faults.DroppedParties, Parties, "DroppedParties");
        CheckIndices(faults.MalformedUploads, Parties, "MalformedUploads");
        CheckIndices(faults.InvalidShareParties, Parties, "InvalidShareParties");
        CheckIndices(faults.WrongAggregateWorkers, _options.Workers, "WrongAggregateWorkers");

        int round = _round;
        DifferentialPrivacyOptions? privacy = _options.DifferentialPrivacy;
        if (_accountant is not null && privacy!.EpsilonBudget is { } budget)
        {
            PrivacySpent next = _accountant.PreviewPrivacySpent(privacy.NoiseMultiplier, 1, 1, privacy.Delta);
            if (next.Epsilon > budget)
            {
                throw new PrivacyBudgetExceededException(round, next, budget);
            }
        }

        var total = Stopwatch.StartNew();
        var phase = new PhaseTimer();
        int[] active = [.. Enumerable.Range(0, Parties).Where(p => !faults.DroppedParties.Contains(p))];

        // 1. Local training, one party after the other (each on its own data).
        double loss = 0;
        phase.Start();
        foreach (int p in active)
        {
            loss += _trainers[p].ComputeGradient(_options.LocalSteps, _options.LearningRate, _gradients[p]);
        }

        double trainSeconds = phase.Stop();
        loss = active.Length == 0 ? double.NaN : loss / active.Length;

        // 2. Encryption (the scheme parallelises over ciphertexts); a malformed upload replaces the ciphertext. Under
        //    differential privacy each party clips and noises its gradient first, so only the noised one leaves it.
        phase.Start();
        var uploads = new byte[active.Length][];
        for (int i = 0; i < active.Length; i++)
        {
            int p = active[i];
            _mechanism?.Apply(_gradients[p]);
            byte[] bytes = _scheme.Encrypt(p, round, _gradients[p]).ToBytes();
            uploads[i] = faults.MalformedUploads.Contains(p) ? bytes[..(bytes.Length / 2)] : bytes; // a truncated upload
        }

        double encryptSeconds = phase.Stop();
        long bytesPerParty = active.Length == 0 ? 0 : (long)uploads.Average(u => (double)u.Length);

        // 3. Uploads: blobs and signed submissions.
        phase.Start();
        _ledger.SubmitGradients(round, [.. active.Select((p, i) => (p, uploads[i]))]);
        double ledgerSeconds = phase.Stop();

        // 4. Workers aggregate what the contract recorded; each checks every upload and leaves out what does not parse.
        phase.Start();
        WorkerAggregation aggregation = AggregateAsWorkers(round, faults);
        double aggregateSeconds = phase.Stop();

        phase.Start();
        EncryptedGradient? agreed = _ledger.SubmitAggregates(round, aggregation.Submissions);
        ledgerSeconds += phase.Stop();

        // 5. Decryption shares of the agreed aggregate, judged by the trading contract's verifier, then combined.
        double decryptSeconds = 0;
        bool decrypted = false;
        string? failure = null;
        ImmutableArray<int> invalidShares = [];
        if (agreed is null)
        {
            failure = aggregation.Contributors.IsEmpty ? "no valid gradient was submitted" : "the workers did not agree on an aggregate";
        }
        else
        {
            phase.Start();
            var shares = new List<(int Party, byte[] Bytes)>();
            foreach (int p in ShareMakers(active))
            {
                byte[] share = _scheme.CreateDecryptionShare(p, agreed).ToBytes();
                shares.Add((p, faults.InvalidShareParties.Contains(p) ? Malform(share) : share));
            }

            decryptSeconds += phase.Stop();
            phase.Start();
            ShareVerdicts verdicts = _ledger.SubmitShares(round, agreed, shares);
            ledgerSeconds += phase.Stop();
            invalidShares = verdicts.Invalid;

            phase.Start();
            if (verdicts.Valid.Count >= _scheme.Threshold)
            {
                _scheme.Decrypt(agreed, verdicts.Valid, _sum);
                TensorPrimitives.Multiply(_sum, 1f / agreed.Summands, _mean);
                foreach (ITrainer trainer in _trainers)
                {
                    trainer.ApplyUpdate(_mean, _options.LearningRate);
                }

                decrypted = true;
            }
            else
            {
                failure = $"{verdicts.Valid.Count} valid decryption shares; the scheme needs {_scheme.Threshold}";
            }

            decryptSeconds += phase.Stop();
        }

        // 6. Close the round on the ledger: penalties, rewards, the outcome, and the privacy spent (every round that ran
        //    counts, whether or not it decrypted: its noised uploads were released).
        PrivacySpent? spent = null;
        if (_accountant is not null)
        {
            _accountant.Compose(privacy!.NoiseMultiplier);
            spent = _accountant.GetPrivacySpent(privacy.Delta);
        }

        phase.Start();
        _ledger.CloseRound(round, spent);
        ledgerSeconds += phase.Stop();

        TrainerEvaluation? evaluation = _options.EvaluateEveryRound || round == _options.Rounds - 1 ? _trainers[0].Evaluate() : null;
        double cryptoSeconds = encryptSeconds + aggregateSeconds;
        var metrics = new RoundMetrics
        {
            Round = round,
            Decrypted = decrypted,
            FailureReason = failure,
            Contributors = aggregation.Contributors,
            InvalidShares = invalidShares,
            Evaluation = evaluation,
            TrainingLoss = loss,
            TrainSeconds = trainSeconds,
            EncryptSeconds = encryptSeconds,
            AggregateSeconds = aggregateSeconds,
            DecryptSeconds = decryptSeconds,
            LedgerSeconds = ledgerSeconds,
            RoundSeconds = total.Elapsed.TotalSeconds,
            BytesPerParty = bytesPerParty,
            GradientsPerSecond = cryptoSeconds > 0 ? aggregation.Contributors.Length * (double)_sum.Length / cryptoSeconds : 0,
            Privacy = spent,
        };
        _history.Add(metrics);
        _round++;
        return metrics;
    }

    /// <summary>Finishes the task: refunds what is left of the deposits and returns the unspent budget.</summary>
    /// <exception cref="InvalidOperationException">The task is already finished.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("The task is already finished.");
        }

        _ledger.Finish(_round);
        _finished = true;
    }

    /// <summary>Releases the ledger store and blob store when the session created them.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ledger.Dispose();
            _mechanism?.Dispose();
        }
    }

    /// <summary>The parties that make decryption shares this round (see <see cref="CollaborativeTrainingOptions.DecryptionSharesPerRound"/>).</summary>
    private IEnumerable<int> ShareMakers(int[] active) => _scheme.Kind switch
    {
        // Single-key schemes: only the key holder can decrypt; if it dropped out, nobody can.
        AggregationSchemeKind.Paillier or AggregationSchemeKind.Ckks => active.Where(p => p == 0),
        AggregationSchemeKind.Plain => active.Take(1),
        _ => _options.DecryptionSharesPerRound is { } k ? active.Take(Math.Max(k, _scheme.Threshold)) : active,
    };

    private WorkerAggregation AggregateAsWorkers(int round, RoundFaults faults)
    {
        // Every assigned worker does the same work on the same blobs; an honest result is byte-for-byte equal, so the
        // session computes it once and hands it to each honest worker (the time reported is one worker's). Malformed
        // uploads never get here: the contract's gradient check refused them.
        var valid = new List<EncryptedGradient>();
        var contributors = ImmutableArray.CreateBuilder<int>();
        foreach ((int party, EncryptedGradient gradient) in _ledger.ReadRoundGradients(round))
        {
            valid.Add(gradient);
            contributors.Add(party);
        }

        if (valid.Count == 0)
        {
            return new WorkerAggregation([], []);
        }

        byte[] honest = _scheme.Aggregate(valid).ToBytes();
        var submissions = new (int Worker, byte[] Aggregate)[_options.Workers];
        for (int w = 0; w < submissions.Length; w++)
        {
            submissions[w] = (w, faults.WrongAggregateWorkers.Contains(w) ? Malform(honest) : honest);
        }

        return new WorkerAggregation(contributors.ToImmutable(), submissions);
    }

    /// <summary>Corrupts bytes the way a faulty or malicious participant might: the middle byte flipped.</summary>
    private static byte[] Malform(byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        if (copy.Length > 0)
        {
            copy[copy.Length / 2] ^= 0x5A;
        }

        return copy;
    }

    private static void CheckIndices(ImmutableArray<int> indices, int count, string name)
    {
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)count)
            {
#pragma warning disable CA2208 // The argument at fault is the public faults parameter of RunRound.
                throw new ArgumentOutOfRangeException("faults", i, $"{name} names index {i}; there are {count}.");
#pragma warning restore CA2208
            }
        }
    }

    private sealed record WorkerAggregation(ImmutableArray<int> Contributors, (int Worker, byte[] Aggregate)[] Submissions);

    private sealed class PhaseTimer
    {
        private long _start;

        public void Start() => _start = Stopwatch.GetTimestamp();

        public double Stop() => Stopwatch.GetElapsedTime(_start).TotalSeconds;
    }
}
