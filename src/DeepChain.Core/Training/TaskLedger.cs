using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using DeepChain.Core.Aggregation;
using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Training;

/// <summary>
/// The ledger side of a <see cref="CollaborativeTrainingSession"/>: the participants' keys, the node with the reward,
/// trading and processing contracts, the blob store, and the block schedule of a task.
/// </summary>
/// <remarks>
/// <para>Heights: 0 genesis; 1 the owner opens the task and funds its processing; 2 parties register (deposits) and
/// workers stake. Round r then spans <c>RoundBlocks</c> heights from <c>3 + r · RoundBlocks</c>: two gradient
/// heights (the first closes round r − 1, the second takes the gradients), an aggregation phase of one assignment
/// block and up to <see cref="MaxAttempts"/> two-block attempts (a tie is re-run with a new committee), and one
/// decryption height. Heights a phase does not need hold empty blocks, so every deadline is a plain height.</para>
/// </remarks>
internal sealed class TaskLedger : IDisposable
{
    /// <summary>How many attempts (the first and re-runs) the aggregation phase has room for.</summary>
    internal const int MaxAttempts = 3;

    private const int GradientBlocks = 2;
    private const int AttemptBlocks = 2;
    private const int AggregationBlocks = 1 + MaxAttempts; // the assignment, then each attempt's submissions and settlement
    private const int DecryptionBlocks = 1;

    private readonly IAggregationScheme _scheme;
    private readonly SessionStorage _storage;
    private readonly LedgerSigningKey _proposer;
    private readonly LedgerSigningKey _owner;
    private readonly LedgerSigningKey[] _parties;
    private readonly LedgerSigningKey[] _workers;
    private readonly Dictionary<AccountAddress, int> _partyIndex = [];
    private readonly Dictionary<AccountAddress, int> _workerIndex = [];
    private readonly WorkerRewardLedger _balances = new();
    private readonly TradingContract _trading;
    private readonly ProcessingContract _processing;
    private readonly PrivacyBudgetContract _privacy;
    private readonly SchemeShareVerifier _verifier;
    private readonly SchemeGradientVerifier _gradientVerifier;
    private readonly BlobStore _blobs;
    private readonly TradingTaskParameters _terms;
    private readonly TaskId _task;

    public TaskLedger(IAggregationScheme scheme, int parties, ReadOnlySpan<byte> modelDigestSource, CollaborativeTrainingOptions options, SessionStorage storage)
    {
        _scheme = scheme;
        _storage = storage;
        _proposer = LedgerSigningKey.Generate();
        _owner = LedgerSigningKey.Generate();
        _parties = [.. Enumerable.Range(0, parties).Select(_ => LedgerSigningKey.Generate())];
        _workers = [.. Enumerable.Range(0, options.Workers).Select(_ => LedgerSigningKey.Generate())];
        for (int i = 0; i < _parties.Length; i++)
        {
            _partyIndex.Add(_parties[i].Address, i);
        }

        for (int i = 0; i < _workers.Length; i++)
        {
            _workerIndex.Add(_workers[i].Address, i);
        }

        _blobs = new BlobStore(storage.BlobDirectory);
        _verifier = new SchemeShareVerifier(scheme, _blobs);
        _gradientVerifier = new SchemeGradientVerifier(scheme, _blobs, modelDigestSource.Length / sizeof(float), keepAccepted: true);
        _trading = new TradingContract(_balances, _verifier, _gradientVerifier);
        _processing = new ProcessingContract(_trading);
        _privacy = new PrivacyBudgetContract(_trading);
        _verifier.Processing = _processing;
        var chain = new ChainParameters(options.ChainId, _proposer.PublicKey);
        Store = storage.OpenStore(chain);
        Node = LedgerNode.Open(Store, [new WorkerRewardContract(_balances), _trading, _processing, _privacy], _proposer);

        Participants = new SessionParticipants(
            _owner.Address, [.. _parties.Select(p => p.Address)], [.. _workers.Select(w => w.Address)], a => _balances.GetBalance(a).Available);

        // Height 0: genesis. Every participant receives the initial balance.
        var genesis = new[] { _owner }.Concat(_parties).Concat(_workers).Select(k => new GenesisAllocation(k.Address, options.InitialBalance));
        Commit(new BlockBuilder(this).Add(_owner, TransactionType.RewardGenesis, RewardPayloads.Genesis(genesis)));

        // Height 1: the owner opens the task and funds its processing (the task id is the opening transaction's id).
        _terms = new TradingTaskParameters(
            new BlobId(SHA256.HashData(modelDigestSource)), modelDigestSource.Length / sizeof(float), options.Rounds, (byte)scheme.Kind,
            Math.Max(1, scheme.Threshold), parties, parties, options.PartyDeposit, options.PenaltyBasisPoints,
            checked(options.PartyRewardPerRound * (ulong)options.Rounds), RegistrationDeadline: 2, GradientBlocks, AggregationBlocks, DecryptionBlocks);
        var opening = new BlockBuilder(this);
        Transaction open = opening.Create(_owner, TransactionType.TradingOpenTask, TradingPayloads.OpenTask(_terms));
        _task = new TaskId(open.Id.ToArray());
        var processingTerms = new ProcessingTerms(
            checked(options.WorkerRewardPerRound * (ulong)options.Rounds), options.WorkerRewardPerRound, options.WorkerStake, options.Workers,
            options.WorkerPenaltyBasisPoints, options.WorkerPenaltyBasisPoints, AttemptBlocks);
        opening.Add(open).Add(_owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(_task, processingTerms));
        if (options.DifferentialPrivacy is { } privacy)
        {
            opening.Add(_owner, TransactionType.PrivacyOpenBudget, PrivacyPayloads.OpenBudget(_task, privacy.ToTerms()));
        }

        Commit(opening);
        _verifier.Task = _task;

        // Height 2: registrations with deposits, and worker stakes.
        var registration = new BlockBuilder(this);
        foreach (LedgerSigningKey party in _parties)
        {
            registration.Add(party, TransactionType.TradingRegister, TradingPayloads.Register(_task));
        }

        foreach (LedgerSigningKey worker in _workers)
        {
            registration.Add(worker, TransactionType.ProcessingStake, ProcessingPayloads.Stake(_task));
        }

        Commit(registration);
    }

    public LedgerNode Node { get; }

    public ILedgerStore Store { get; }

    public SessionParticipants Participants { get; }

    public TaskId Task => _task;

    public TradingContract Trading => _trading;

    public ProcessingContract Processing => _processing;

    public PrivacyBudgetContract Privacy => _privacy;

    public WorkerRewardLedger Balances => _balances;

    /// <summary>Stores the uploads and submits them in the round's gradient phase; the contract's gradient check refuses
    /// malformed ones (the refusal is recorded with its reason, and the party counts as missing).</summary>
    public void SubmitGradients(int round, IReadOnlyList<(int Party, byte[] Blob)> uploads)
    {
        PadTo(_terms.GradientWindow(round).Last - 1);
        var block = new BlockBuilder(this);
        foreach ((int party, byte[] blob) in uploads)
        {
            BlobReference reference = _blobs.Put(blob);
            block.Add(_parties[party], TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(_task, round, reference));
        }

        Commit(block, allowRejections: true);
    }

    /// <summary>Gets the round's accepted gradients, as the contract's gradient check parsed and validated them.</summary>
    public IEnumerable<(int Party, EncryptedGradient Gradient)> ReadRoundGradients(int round)
    {
        foreach (RoundSubmission submission in _trading.GetGradients(_task, round))
        {
            yield return (_partyIndex[submission.Party], _gradientVerifier.TakeAccepted(submission.Blob.Id));
        }
    }

    /// <summary>Runs the aggregation phase: the round is assigned, the committee's workers submit their aggregates and
    /// the round is settled (with re-runs after a tie). Returns the agreed aggregate, or null when the round failed.</summary>
    public EncryptedGradient? SubmitAggregates(int round, IReadOnlyList<(int Worker, byte[] Aggregate)> submissions)
    {
        HeightWindow window = _terms.AggregationWindow(round);
        PadTo(window.First - 1);
        Commit(new BlockBuilder(this).Add(_owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(_task, round)));
        var references = submissions.ToDictionary(s => s.Worker, s => _blobs.Put(s.Aggregate));
        while (_processing.GetRound(_task, round) is { Outcome: ProcessingRoundOutcome.InProgress } state && Node.BlockCount <= window.Last)
        {
            var block = new BlockBuilder(this);
            foreach (AccountAddress worker in state.AssignedWorkers)
            {
                if (references.TryGetValue(_workerIndex[worker], out BlobReference aggregate))
                {
                    block.Add(_workers[_workerIndex[worker]], TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(_task, round, aggregate));
                }
            }

            Commit(block.Add(_owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(_task, round)));
        }

        BlobReference? agreed = _processing.GetAgreedAggregate(_task, round);
        PadTo(window.Last);
        return agreed is { } reference ? EncryptedGradient.Parse(_blobs.Read(reference.Id)) : null;
    }

    /// <summary>Stores and submits the decryption shares; the contract's verifier judges each (the proofs are checked
    /// in parallel first, so the contract's sequential pass reads cached verdicts).</summary>
    public ShareVerdicts SubmitShares(int round, EncryptedGradient aggregate, IReadOnlyList<(int Party, byte[] Share)> shares)
    {
        PadTo(_terms.DecryptionWindow(round).First - 1);
        var block = new BlockBuilder(this);
        var claims = new List<DecryptionShareClaim>();
        foreach ((int party, byte[] share) in shares)
        {
            BlobReference reference = _blobs.Put(share);
            claims.Add(new DecryptionShareClaim(_task, round, _parties[party].Address, party, reference));
            block.Add(_parties[party], TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(_task, round, reference));
        }

        _verifier.Prepare(aggregate, claims);
        Commit(block);
        var valid = new List<PartialDecryption>();
        var invalid = ImmutableArray.CreateBuilder<int>();
        foreach (DecryptionShareSubmission submission in _trading.GetDecryptionShares(_task, round))
        {
            int party = _partyIndex[submission.Party];
            if (submission.IsValid)
            {
                valid.Add(PartialDecryption.Parse(_blobs.Read(submission.Blob.Id)));
            }
            else
            {
                invalid.Add(party);
            }
        }

        return new ShareVerdicts(valid, invalid.ToImmutable());
    }

    /// <summary>Closes the round: penalties for missing gradients and invalid shares, rewards for the rest; under
    /// differential privacy the same block records the privacy spent after the round.</summary>
    public TradingRound CloseRound(int round, PrivacySpent? spent = null)
    {
        PadTo(_terms.RoundStart(round + 1) - 1);
        var block = new BlockBuilder(this).Add(_owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(_task, round));
        if (spent is { } privacy)
        {
            block.Add(_owner, TransactionType.PrivacyRecordSpend, PrivacyPayloads.RecordSpend(_task, round, privacy));
        }

        Commit(block);
        return _trading.GetRound(_task, round)!;
    }

    /// <summary>Finishes the task (deposits refunded, pool returned) and closes its processing (stakes refunded).</summary>
    public void Finish(int roundsRun)
    {
        // Rounds that never ran are closed as they stand (every party missed them), so the task can finish.
        for (int round = roundsRun; round < _terms.Rounds; round++)
        {
            if (_trading.GetRound(_task, round) is not { IsClosed: true })
            {
                CloseRound(round);
            }
        }

        PadTo(_terms.FinishFrom - 1);
        Commit(new BlockBuilder(this)
            .Add(_owner, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(_task))
            .Add(_owner, TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(_task)));
    }

    /// <summary>Replays the stored ledger from genesis through fresh contracts (and a fresh share verifier over the same
    /// blobs) and compares the result with the live balances.</summary>
    public SessionAudit Audit()
    {
        var balances = new WorkerRewardLedger();
        var verifier = new SchemeShareVerifier(_scheme, _blobs) { Task = _task };
        var trading = new TradingContract(balances, verifier, new SchemeGradientVerifier(_scheme, _blobs, (int)_terms.ParameterCount, keepAccepted: false));
        var processing = new ProcessingContract(trading);
        var privacy = new PrivacyBudgetContract(trading);
        verifier.Processing = processing;
        try
        {
            LedgerNode replayed = LedgerNode.Open(Store, [new WorkerRewardContract(balances), trading, processing, privacy]);
            bool match = balances.Snapshot().SequenceEqual(_balances.Snapshot()) && balances.EscrowSnapshot().SequenceEqual(_balances.EscrowSnapshot())
                && Equals(privacy.GetBudget(_task), _privacy.GetBudget(_task));
            long transactions = 0;
            for (long h = 0; h < Store.Count; h++)
            {
                transactions += Store.ReadBlock(h).Transactions.Length;
            }

            return new SessionAudit(true, replayed.BlockCount, transactions, match, balances.TotalSupply, match ? null : "the replayed balances or privacy records differ from the live ones");
        }
        catch (LedgerIntegrityException e)
        {
            return new SessionAudit(false, e.Height, 0, false, 0, e.Message);
        }
    }

    public void Dispose()
    {
        Store.Dispose();
        _proposer.Dispose();
        _owner.Dispose();
        Array.ForEach(_parties, p => p.Dispose());
        Array.ForEach(_workers, w => w.Dispose());
        if (_storage.DeletesBlobsOnDispose && Directory.Exists(_storage.BlobDirectory))
        {
            Directory.Delete(_storage.BlobDirectory, recursive: true);
        }
    }

    /// <summary>Proposes empty blocks until the last committed height is <paramref name="height"/>.</summary>
    private void PadTo(long height)
    {
        while (Node.BlockCount <= height)
        {
            Commit(new BlockBuilder(this));
        }
    }

    private BlockProposal Commit(BlockBuilder block, bool allowRejections = false)
    {
        BlockProposal proposal = Node.ProposeBlock(block.Transactions);
        if (!allowRejections && !proposal.Rejected.IsEmpty)
        {
            // The session builds these transactions itself: a refusal is a bug in the session, not a party's fault.
            throw new InvalidOperationException("The ledger refused a transaction of the session: " + string.Join("; ", proposal.Rejected.Select(r => r.Reason)));
        }

        return proposal;
    }

    /// <summary>Collects a block's transactions, numbering each sender's nonces after those already queued.</summary>
    private sealed class BlockBuilder(TaskLedger ledger)
    {
        private readonly Dictionary<AccountAddress, ulong> _queued = [];

        public List<Transaction> Transactions { get; } = [];

        public Transaction Create(LedgerSigningKey sender, TransactionType type, byte[] payload)
        {
            ulong queued = _queued.GetValueOrDefault(sender.Address);
            _queued[sender.Address] = queued + 1;
            return Transaction.Create(ledger.Node.Parameters.ChainId, type, ledger.Node.GetNextNonce(sender.Address) + queued, payload, sender);
        }

        public BlockBuilder Add(Transaction transaction)
        {
            Transactions.Add(transaction);
            return this;
        }

        public BlockBuilder Add(LedgerSigningKey sender, TransactionType type, byte[] payload) => Add(Create(sender, type, payload));
    }
}

/// <summary>The decryption shares of a round as the trading contract judged them.</summary>
/// <param name="Valid">The valid shares, parsed.</param>
/// <param name="Invalid">The parties whose shares were judged invalid.</param>
internal sealed record ShareVerdicts(IReadOnlyList<PartialDecryption> Valid, ImmutableArray<int> Invalid);

/// <summary>
/// The trading contract's gradient check for a session: the blob must parse as an <see cref="EncryptedGradient"/> of
/// the session's scheme and parameters, from the submitting party, for the round, with the model's value count.
/// </summary>
/// <remarks>With <c>keepAccepted</c>, the live session keeps each accepted gradient as parsed (its ciphertexts included) until
/// the workers take it, so the blob is read and parsed once; a replaying verifier keeps nothing.</remarks>
internal sealed class SchemeGradientVerifier(IAggregationScheme scheme, BlobStore blobs, int valueCount, bool keepAccepted) : IGradientVerifier
{
    private readonly ConcurrentDictionary<BlobId, EncryptedGradient> _accepted = new();

    public string? Verify(GradientClaim claim)
    {
        string? refused = Check(claim.Gradient.Id, claim.PartyIndex, claim.Round, out EncryptedGradient? gradient);
        if (refused is null && keepAccepted)
        {
            _accepted[claim.Gradient.Id] = gradient!;
        }

        return refused;
    }

    /// <summary>Hands over an accepted gradient (parsing it again only if it was not kept).</summary>
    public EncryptedGradient TakeAccepted(BlobId blob)
    {
        if (_accepted.TryRemove(blob, out EncryptedGradient? gradient))
        {
            return gradient;
        }

        gradient = EncryptedGradient.Parse(blobs.Read(blob));
        return Check(gradient, gradient.Party, gradient.Round) is { } refused
            ? throw new InvalidDataException($"The accepted gradient blob {blob} no longer passes the check: {refused}")
            : gradient;
    }

    private string? Check(BlobId blob, int partyIndex, int round, out EncryptedGradient? gradient)
    {
        gradient = null;
        if (!blobs.TryRead(blob, out byte[]? bytes, out string? missing))
        {
            return missing;
        }

        try
        {
            gradient = EncryptedGradient.Parse(bytes);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or AggregationException)
        {
            return "the blob is not a well-formed encrypted gradient: " + e.Message;
        }

        return Check(gradient, partyIndex, round);
    }

    private string? Check(EncryptedGradient gradient, int partyIndex, int round) =>
        gradient.Kind != scheme.Kind || gradient.ParametersDigest != scheme.ParametersDigest ? "the gradient is for another scheme or key"
            : gradient.IsAggregate || gradient.Party != partyIndex ? $"the gradient names party {gradient.Party}, not {partyIndex}"
            : gradient.Round != round ? $"the gradient is for round {gradient.Round}, not {round}"
            : gradient.ValueCount != valueCount ? $"the gradient has {gradient.ValueCount} values; the model has {valueCount}"
            : scheme.TryValidate(gradient, out string? invalid) ? null
            : invalid ?? "the ciphertexts are not valid under the task's key";
}

/// <summary>
/// The trading contract's share verifier for a session: reads the share's blob (checked against its hash) and the
/// round's agreed aggregate, and checks the share with the scheme (its proof for threshold Paillier).
/// </summary>
/// <remarks>Deterministic: the verdict depends only on content-addressed blobs and the scheme's public keys. Verdicts
/// are cached by (share blob, party, round), so checking a block's shares in parallel before proposing it makes the
/// contract's pass cheap.</remarks>
internal sealed class SchemeShareVerifier(IAggregationScheme scheme, BlobStore blobs) : IDecryptionShareVerifier
{
    private readonly ConcurrentDictionary<(BlobId Share, int Party, int Round), bool> _verdicts = new();

    public ProcessingContract? Processing { get; set; }

    public TaskId Task { get; set; }

    public void Prepare(EncryptedGradient aggregate, IReadOnlyList<DecryptionShareClaim> claims) =>
        Parallel.ForEach(claims, claim => _verdicts.GetOrAdd((claim.Share.Id, claim.PartyIndex, claim.Round), _ => Check(aggregate, claim)));

    public bool Verify(DecryptionShareClaim claim)
    {
        if (_verdicts.TryGetValue((claim.Share.Id, claim.PartyIndex, claim.Round), out bool verdict))
        {
            return verdict;
        }

        if (claim.Task != Task || Processing?.GetAgreedAggregate(claim.Task, claim.Round) is not { } reference
            || !blobs.TryRead(reference.Id, out byte[]? aggregateBytes, out _))
        {
            return false;
        }

        EncryptedGradient aggregate;
        try
        {
            aggregate = EncryptedGradient.Parse(aggregateBytes);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            return false;
        }

        return _verdicts.GetOrAdd((claim.Share.Id, claim.PartyIndex, claim.Round), _ => Check(aggregate, claim));
    }

    private bool Check(EncryptedGradient aggregate, DecryptionShareClaim claim)
    {
        if (!blobs.TryRead(claim.Share.Id, out byte[]? bytes, out _))
        {
            return false;
        }

        try
        {
            PartialDecryption share = PartialDecryption.Parse(bytes);
            return share.Party == claim.PartyIndex && share.Round == claim.Round && scheme.VerifyDecryptionShare(aggregate, share);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
