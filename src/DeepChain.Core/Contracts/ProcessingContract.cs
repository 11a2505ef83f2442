using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The processing contract of DeepChain: workers stake to take part in a task's aggregation; for each round a committee
/// is drawn deterministically from the previous block hash, each member submits the blob id of the aggregate it
/// computed, and a majority of the committee agreeing decides: the agreeing workers share the round reward, dissenters
/// lose part of their stake, absent workers are marked (and lose their absence penalty); without a majority the round is
/// re-run with a fresh committee.
/// </summary>
/// <remarks>
/// <para><b>Flow per round r</b>, inside the trading task's aggregation window
/// (<see cref="TradingTaskParameters.AggregationWindow"/>):</para>
/// <list type="number">
/// <item><see cref="TransactionType.ProcessingAssignRound"/> (anyone): draws attempt 0's committee of
/// <see cref="ProcessingTerms.CommitteeSize"/> from the eligible staked workers with <see cref="DrawCommittee"/>, seeded
/// by the hash of the block before the one it is in. The attempt takes aggregates for
/// <see cref="ProcessingTerms.AttemptBlocks"/> blocks from that block, which must end inside the aggregation window.</item>
/// <item><see cref="TransactionType.ProcessingSubmitAggregate"/> (assigned workers, once each, inside the attempt's window).</item>
/// <item><see cref="TransactionType.ProcessingSettleRound"/> (anyone), once every assigned worker has submitted or the
/// attempt's window has passed. If more than half of the committee submitted one aggregate, it is the round's agreed
/// aggregate; dissenters lose <see cref="ProcessingTerms.DissentPenalty"/>, absent members
/// <see cref="ProcessingTerms.AbsencePenalty"/>, and the agreeing members share <see cref="ProcessingTerms.RewardPerRound"/>
/// plus what those penalties took, equally (the division remainder stays in the budget). Otherwise (a tie, a split, too
/// many absent) only absent members are penalized (into the budget) and, if an attempt still fits in the aggregation
/// window, a new committee is drawn at once from this block's seed (a re-run); else the round fails.</item>
/// </list>
/// <para><b>Money</b>: funding moves <see cref="ProcessingTerms.Budget"/> from the owner to the task's processing address
/// (<see cref="EscrowHolderOf"/>, no key's address) as available balance; stakes are escrowed with that address as
/// holder. Closing the task (after the last aggregation window, every attempt settled) refunds what is left of each
/// stake and returns the rest of the budget to the owner. A worker stays eligible for committees while its remaining
/// stake covers every penalty (<see cref="ProcessingTerms.EligibleStake"/>). The owner may not work on its own task.</para>
/// <para>Deterministic (heights and the previous block hash) and atomic: every check is made before any balance moves,
/// so a rejected transaction changes nothing.</para>
/// </remarks>
public sealed class ProcessingContract : IContract
{
    private static readonly TransactionType[] s_types =
    [
        TransactionType.ProcessingFundTask, TransactionType.ProcessingStake, TransactionType.ProcessingAssignRound,
        TransactionType.ProcessingSubmitAggregate, TransactionType.ProcessingSettleRound, TransactionType.ProcessingCloseTask,
    ];

    private static readonly byte[] s_escrowDomain = Encoding.ASCII.GetBytes("DeepChain.ProcessingContract.escrow\0");
    private static readonly byte[] s_committeeDomain = Encoding.ASCII.GetBytes("DeepChain.ProcessingContract.committee\0");

    private readonly TradingContract _trading;
    private readonly Dictionary<TaskId, Funding> _funded = [];

    /// <summary>Creates the contract over the trading contract whose tasks it processes (and their shared balances).</summary>
    /// <param name="trading">The trading contract.</param>
    /// <exception cref="ArgumentNullException"><paramref name="trading"/> is null.</exception>
    public ProcessingContract(TradingContract trading)
    {
        ArgumentNullException.ThrowIfNull(trading);
        _trading = trading;
    }

    /// <summary>Gets the balances (shared with the trading and reward contracts).</summary>
    public WorkerRewardLedger Ledger => _trading.Ledger;

    /// <inheritdoc/>
    public IReadOnlyCollection<TransactionType> TransactionTypes => s_types;

    /// <summary>Gets the address that holds a task's worker budget and worker stakes.</summary>
    /// <param name="task">The task.</param>
    /// <returns>SHA-256("DeepChain.ProcessingContract.escrow" ‖ 0x00 ‖ task id): no key's address.</returns>
    public static AccountAddress EscrowHolderOf(TaskId task)
    {
        Span<byte> input = stackalloc byte[s_escrowDomain.Length + TaskId.Size];
        s_escrowDomain.CopyTo(input);
        task.CopyTo(input[s_escrowDomain.Length..]);
        return new AccountAddress(SHA256.HashData(input));
    }

    /// <summary>Draws a committee: the <paramref name="size"/> eligible workers with the smallest
    /// SHA-256("DeepChain.ProcessingContract.committee" ‖ 0x00 ‖ seed ‖ task ‖ round i32 ‖ attempt i32 ‖ worker).</summary>
    /// <param name="seed">The previous block hash of the block that draws the committee.</param>
    /// <param name="task">The task.</param>
    /// <param name="round">The round.</param>
    /// <param name="attempt">The attempt number.</param>
    /// <param name="eligible">The eligible workers (distinct; their order does not matter).</param>
    /// <param name="size">The committee size, 0 to the number of eligible workers.</param>
    /// <returns>The committee, in rank order.</returns>
    /// <remarks>Anyone can recompute a draw from the ledger. Each worker's rank is an independent hash, so the draw is
    /// uniform and does not depend on the order in which workers staked. The proposer chooses the seed (this is a
    /// single-writer ledger), so a draw is unpredictable to workers, not to the proposer.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="eligible"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative or larger than the pool.</exception>
    public static ImmutableArray<AccountAddress> DrawCommittee(BlockHash seed, TaskId task, int round, int attempt, IReadOnlyCollection<AccountAddress> eligible, int size)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, eligible.Count);
        int prefix = s_committeeDomain.Length;
        byte[] input = new byte[prefix + BlockHash.Size + TaskId.Size + 4 + 4 + AccountAddress.Size];
        s_committeeDomain.CopyTo(input, 0);
        seed.CopyTo(input.AsSpan(prefix));
        task.CopyTo(input.AsSpan(prefix + BlockHash.Size));
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(prefix + BlockHash.Size + TaskId.Size), round);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(prefix + BlockHash.Size + TaskId.Size + 4), attempt);
        var ranked = new List<(BlobId Rank, AccountAddress Worker)>(eligible.Count);
        foreach (AccountAddress worker in eligible)
        {
            worker.CopyTo(input.AsSpan(input.Length - AccountAddress.Size));
            ranked.Add((new BlobId(SHA256.HashData(input)), worker));
        }

        ranked.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Worker.CompareTo(b.Worker));
        return [.. ranked.Take(size).Select(r => r.Worker)];
    }

    /// <summary>Gets a snapshot of a task's processing.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The funding, workers and pool, or <see langword="null"/> when the task is not funded.</returns>
    public ProcessingTask? GetTask(TaskId task) =>
        _funded.TryGetValue(task, out Funding? funding)
            ? new ProcessingTask(task, funding.Owner, funding.Terms, [.. funding.Workers], Ledger.GetBalance(EscrowHolderOf(task)).Available, funding.Closed)
            : null;

    /// <summary>Gets a snapshot of one round: its attempts, committees, aggregates and settlements.</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The round, or <see langword="null"/> when the task is not funded or the round is out of range.</returns>
    public ProcessingRound? GetRound(TaskId task, int round)
    {
        if (!_funded.TryGetValue(task, out Funding? funding) || round < 0 || round >= funding.Task.Rounds)
        {
            return null;
        }

        if (!funding.Rounds.TryGetValue(round, out RoundState? state))
        {
            return new ProcessingRound(round, ProcessingRoundOutcome.Unassigned, []);
        }

        return new ProcessingRound(round, state.Outcome, [.. state.Attempts.Select(a => a.Snapshot())]);
    }

    /// <summary>Gets the agreed aggregate of a round.</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round.</param>
    /// <returns>The aggregate the majority agreed on, or <see langword="null"/> (not settled, or failed).</returns>
    public BlobReference? GetAgreedAggregate(TaskId task, int round) => GetRound(task, round)?.AgreedAggregate;

    /// <summary>Gets the workers assigned to a round's latest attempt.</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round.</param>
    /// <returns>The committee in draw order (empty while unassigned).</returns>
    public ImmutableArray<AccountAddress> GetAssignedWorkers(TaskId task, int round) => GetRound(task, round)?.AssignedWorkers ?? [];

    /// <summary>Gets what is left of a worker's stake for a task.</summary>
    /// <param name="task">The task.</param>
    /// <param name="worker">The worker.</param>
    /// <returns>The stake still in escrow (0 when none, and after the task is closed).</returns>
    public ulong GetStake(TaskId task, AccountAddress worker) => Ledger.GetEscrow(worker, EscrowHolderOf(task));

    /// <inheritdoc/>
    public ContractResult Apply(Transaction transaction, TransactionContext context)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Blob is not null)
        {
            return ContractResult.Rejected($"{transaction.Type} takes an inline payload (blob references go inside it)");
        }

        long height = context.BlockHeight;
        ReadOnlySpan<byte> payload = transaction.Payload.Span;
        AccountAddress sender = transaction.SenderAddress;
        switch (transaction.Type)
        {
            case TransactionType.ProcessingFundTask:
                return Fund(sender, payload, height);
            case TransactionType.ProcessingStake:
                return Stake(sender, payload, height);
            case TransactionType.ProcessingSubmitAggregate:
                return SubmitAggregate(transaction, payload, height);
            case TransactionType.ProcessingCloseTask:
                return Close(payload, height);
            case TransactionType.ProcessingAssignRound:
            case TransactionType.ProcessingSettleRound:
                if (!TradingPayloads.TryReadTaskRound(payload, out TaskId task, out int round, out string? reason))
                {
                    return ContractResult.Rejected(reason);
                }

                return transaction.Type == TransactionType.ProcessingAssignRound
                    ? Assign(task, round, context)
                    : Settle(task, round, context);
            default:
                return ContractResult.Rejected($"the processing contract does not handle {transaction.Type}");
        }
    }

    private ContractResult Fund(AccountAddress sender, ReadOnlySpan<byte> payload, long height)
    {
        if (payload.Length != ProcessingTerms.EncodedSize)
        {
            return ContractResult.Rejected($"the payload has {payload.Length} bytes; funding terms take {ProcessingTerms.EncodedSize}");
        }

        var id = new TaskId(payload[..TaskId.Size]);
        ProcessingTerms terms = ProcessingPayloads.ReadTerms(payload);
        TradingTask? task = _trading.GetTask(id);
        if (task is null)
        {
            return ContractResult.Rejected($"task {id} does not exist");
        }

        if (task.Owner != sender)
        {
            return ContractResult.Rejected($"only the owner of task {id} may fund its processing");
        }

        if (_funded.ContainsKey(id))
        {
            return ContractResult.Rejected($"task {id} is already funded");
        }

        if (terms.Validate(task.Parameters) is { } invalid)
        {
            return ContractResult.Rejected(invalid);
        }

        long firstAggregation = task.Parameters.AggregationWindow(0).First;
        if (task.IsFinished || height >= firstAggregation)
        {
            return ContractResult.Rejected($"funding must come before the first aggregation window opens at height {firstAggregation}");
        }

        if (terms.Budget > 0)
        {
            ContractResult paid = Ledger.Transfer(sender, EscrowHolderOf(id), terms.Budget);
            if (!paid.IsAccepted)
            {
                return ContractResult.Rejected($"the budget could not be paid in: {paid.Reason}");
            }
        }

        _funded.Add(id, new Funding(task.Owner, task.Parameters, terms));
        return ContractResult.Accepted;
    }

    private ContractResult Stake(AccountAddress worker, ReadOnlySpan<byte> payload, long height)
    {
        if (!TradingPayloads.TryReadTask(payload, out TaskId id, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!TryGetFunding(id, out Funding? funding, out reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (worker == funding.Owner)
        {
            return ContractResult.Rejected($"the owner of task {id} may not work on it");
        }

        if (funding.Staked.Contains(worker))
        {
            return ContractResult.Rejected($"worker {worker} already staked for task {id}");
        }

        long lastAggregation = funding.Task.AggregationWindow(funding.Task.Rounds - 1).Last;
        if (height > lastAggregation)
        {
            return ContractResult.Rejected($"task {id} takes no workers after height {lastAggregation}");
        }

        ContractResult escrow = Ledger.Escrow(worker, EscrowHolderOf(id), funding.Terms.WorkerStake);
        if (!escrow.IsAccepted)
        {
            return ContractResult.Rejected($"the stake could not be escrowed: {escrow.Reason}");
        }

        funding.Staked.Add(worker);
        funding.Workers.Add(worker);
        return ContractResult.Accepted;
    }

    private ContractResult Assign(TaskId id, int round, TransactionContext context)
    {
        if (!TryGetRound(id, round, out Funding? funding, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        TradingTask task = _trading.GetTask(id)!;
        if (!task.IsRunning)
        {
            return ContractResult.Rejected($"task {id} has {task.Parties.Length} parties, {task.Parameters.MinParties} needed: nothing to aggregate");
        }

        if (funding.Rounds.ContainsKey(round))
        {
            return ContractResult.Rejected($"round {round} of task {id} already has a committee (re-runs are drawn by settlement)");
        }

        HeightWindow aggregation = funding.Task.AggregationWindow(round);
        long height = context.BlockHeight;
        if (!aggregation.Contains(height))
        {
            return ContractResult.Rejected($"round {round} is assigned during its aggregation window {aggregation}, this block is {height}");
        }

        var window = new HeightWindow(height, height + funding.Terms.AttemptBlocks - 1);
        if (window.Last > aggregation.Last)
        {
            return ContractResult.Rejected($"too late: an attempt takes {funding.Terms.AttemptBlocks} blocks and round {round}'s aggregation window ends at {aggregation.Last}");
        }

        List<AccountAddress> eligible = Eligible(funding, id, static (_, stake) => stake);
        if (eligible.Count < funding.Terms.CommitteeSize)
        {
            return ContractResult.Rejected($"task {id} has {eligible.Count} eligible workers; a committee takes {funding.Terms.CommitteeSize}");
        }

        var state = new RoundState { Outcome = ProcessingRoundOutcome.InProgress };
        state.Attempts.Add(new AttemptState(0, context.PreviousBlockHash, DrawCommittee(context.PreviousBlockHash, id, round, 0, eligible, funding.Terms.CommitteeSize), window));
        funding.Rounds.Add(round, state);
        return ContractResult.Accepted;
    }

    private ContractResult SubmitAggregate(Transaction transaction, ReadOnlySpan<byte> payload, long height)
    {
        if (!TradingPayloads.TryReadRoundBlob(payload, out TaskId id, out int round, out BlobReference aggregate, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!TryGetPendingAttempt(id, round, out _, out AttemptState? attempt, out reason))
        {
            return ContractResult.Rejected(reason);
        }

        AccountAddress worker = transaction.SenderAddress;
        if (!attempt.Committee.Contains(worker))
        {
            return ContractResult.Rejected($"worker {worker} is not on the committee of round {round}, attempt {attempt.Number}");
        }

        if (attempt.Submitted.ContainsKey(worker))
        {
            return ContractResult.Rejected($"worker {worker} already submitted an aggregate for round {round}, attempt {attempt.Number}");
        }

        if (!attempt.Window.Contains(height))
        {
            return ContractResult.Rejected($"too late: attempt {attempt.Number} of round {round} takes aggregates at heights {attempt.Window}, this block is {height}");
        }

        attempt.Submitted.Add(worker, aggregate);
        attempt.Aggregates.Add(new WorkerAggregate(worker, aggregate, transaction.Id));
        return ContractResult.Accepted;
    }

    private ContractResult Settle(TaskId id, int round, TransactionContext context)
    {
        if (!TryGetPendingAttempt(id, round, out Funding? funding, out AttemptState? attempt, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        long height = context.BlockHeight;
        bool everyoneIn = attempt.Submitted.Count == attempt.Committee.Length;
        if (!everyoneIn && height <= attempt.Window.Last)
        {
            return ContractResult.Rejected($"attempt {attempt.Number} of round {round} can be settled from height {attempt.Window.Last + 1} or once every assigned worker has submitted");
        }

        // The most submitted aggregate (ties broken by first submission; a strict majority is unique anyway).
        BlobReference? winner = null;
        int winnerVotes = 0;
        foreach (WorkerAggregate a in attempt.Aggregates)
        {
            int votes = attempt.Aggregates.Count(b => b.Aggregate == a.Aggregate);
            if (votes > winnerVotes)
            {
                (winner, winnerVotes) = (a.Aggregate, votes);
            }
        }

        bool agreed = 2 * winnerVotes > attempt.Committee.Length;
        ProcessingTerms terms = funding.Terms;
        AccountAddress holder = EscrowHolderOf(id);
        var stakes = new Dictionary<AccountAddress, ulong>();
        var penalties = ImmutableArray.CreateBuilder<WorkerPenalty>();
        var agreeing = ImmutableArray.CreateBuilder<AccountAddress>();
        ulong slashed = 0;
        foreach (AccountAddress worker in attempt.Committee)
        {
            ulong stake = Ledger.GetEscrow(worker, holder);
            bool submitted = attempt.Submitted.TryGetValue(worker, out BlobReference aggregate);
            WorkerFault? fault = !submitted ? WorkerFault.Absent : agreed && aggregate != winner ? WorkerFault.Dissent : null;
            if (fault is { } f)
            {
                ulong amount = Math.Min(f == WorkerFault.Absent ? terms.AbsencePenalty : terms.DissentPenalty, stake);
                stake -= amount;
                slashed = checked(slashed + amount);
                penalties.Add(new WorkerPenalty(worker, f, amount));
            }
            else if (agreed)
            {
                agreeing.Add(worker);
            }

            stakes[worker] = stake;
        }

        ulong perWorker = agreed ? checked(terms.RewardPerRound + slashed) / (ulong)agreeing.Count : 0;
        UInt128 pool = (UInt128)Ledger.GetBalance(holder).Available + slashed;
        if (pool < (UInt128)perWorker * (ulong)agreeing.Count)
        {
            // Unreachable: funding paid in Rounds · RewardPerRound at least and each round agrees once.
            return ContractResult.Rejected($"the budget of task {id} does not cover round {round}");
        }

        // Without a majority, a re-run starts here if a whole attempt still fits and enough workers remain eligible.
        ImmutableArray<AccountAddress> rerun = [];
        var rerunWindow = new HeightWindow(height, height + terms.AttemptBlocks - 1);
        if (!agreed && rerunWindow.Last <= funding.Task.AggregationWindow(round).Last)
        {
            List<AccountAddress> eligible = Eligible(funding, id, (worker, stake) => stakes.GetValueOrDefault(worker, stake));
            if (eligible.Count >= terms.CommitteeSize)
            {
                rerun = DrawCommittee(context.PreviousBlockHash, id, round, attempt.Number + 1, eligible, terms.CommitteeSize);
            }
        }

        foreach (WorkerPenalty penalty in penalties)
        {
            if (penalty.Amount > 0)
            {
                Ensure(Ledger.Slash(holder, penalty.Worker, holder, penalty.Amount), id, round);
            }
        }

        if (perWorker > 0)
        {
            foreach (AccountAddress worker in agreeing)
            {
                Ensure(Ledger.Transfer(holder, worker, perWorker), id, round);
            }
        }

        RoundState state = funding.Rounds[round];
        attempt.Outcome = agreed ? ProcessingAttemptOutcome.Agreed : ProcessingAttemptOutcome.NoMajority;
        attempt.Agreed = agreed ? winner : null;
        attempt.Agreeing = agreeing.ToImmutable();
        attempt.Penalties = penalties.ToImmutable();
        attempt.RewardPerWorker = perWorker;
        if (agreed)
        {
            state.Outcome = ProcessingRoundOutcome.Agreed;
        }
        else if (rerun.IsEmpty)
        {
            state.Outcome = ProcessingRoundOutcome.Failed;
        }
        else
        {
            state.Attempts.Add(new AttemptState(attempt.Number + 1, context.PreviousBlockHash, rerun, rerunWindow));
        }

        return ContractResult.Accepted;
    }

    private ContractResult Close(ReadOnlySpan<byte> payload, long height)
    {
        if (!TradingPayloads.TryReadTask(payload, out TaskId id, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!TryGetFunding(id, out Funding? funding, out reason))
        {
            return ContractResult.Rejected(reason);
        }

        TradingTask task = _trading.GetTask(id)!;
        bool cancelled = !task.IsRunning && height > funding.Task.RegistrationDeadline;
        long closesFrom = funding.Task.AggregationWindow(funding.Task.Rounds - 1).Last + 1;
        if (!cancelled && height < closesFrom)
        {
            return ContractResult.Rejected($"the processing of task {id} can be closed from height {closesFrom}, this block is {height}");
        }

        foreach ((int round, RoundState state) in funding.Rounds)
        {
            if (state.Outcome == ProcessingRoundOutcome.InProgress)
            {
                return ContractResult.Rejected($"attempt {state.Attempts[^1].Number} of round {round} of task {id} is not settled");
            }
        }

        AccountAddress holder = EscrowHolderOf(id);
        foreach (AccountAddress worker in funding.Workers)
        {
            ulong left = Ledger.GetEscrow(worker, holder);
            if (left > 0)
            {
                Ensure(Ledger.Release(holder, worker, left), id, -1);
            }
        }

        ulong pool = Ledger.GetBalance(holder).Available;
        if (pool > 0)
        {
            Ensure(Ledger.Transfer(holder, funding.Owner, pool), id, -1);
        }

        funding.Closed = true;
        return ContractResult.Accepted;
    }

    /// <summary>The staked workers, in staking order, whose stake (as <paramref name="stakeOf"/> sees it) covers every penalty.</summary>
    private List<AccountAddress> Eligible(Funding funding, TaskId id, Func<AccountAddress, ulong, ulong> stakeOf)
    {
        AccountAddress holder = EscrowHolderOf(id);
        return [.. funding.Workers.Where(w => stakeOf(w, Ledger.GetEscrow(w, holder)) >= funding.Terms.EligibleStake)];
    }

    private bool TryGetFunding(TaskId id, [NotNullWhen(true)] out Funding? funding, [NotNullWhen(false)] out string? reason)
    {
        if (!_funded.TryGetValue(id, out funding))
        {
            reason = $"task {id} is not funded for processing";
            return false;
        }

        if (funding.Closed)
        {
            reason = $"the processing of task {id} is closed";
            return false;
        }

        reason = null;
        return true;
    }

    private bool TryGetRound(TaskId id, int round, [NotNullWhen(true)] out Funding? funding, [NotNullWhen(false)] out string? reason)
    {
        if (!TryGetFunding(id, out funding, out reason))
        {
            return false;
        }

        if (round < 0 || round >= funding.Task.Rounds)
        {
            reason = $"round {round} is not a round of task {id} (0 to {funding.Task.Rounds - 1})";
            return false;
        }

        return true;
    }

    private bool TryGetPendingAttempt(TaskId id, int round, [NotNullWhen(true)] out Funding? funding, [NotNullWhen(true)] out AttemptState? attempt, [NotNullWhen(false)] out string? reason)
    {
        attempt = null;
        if (!TryGetRound(id, round, out funding, out reason))
        {
            return false;
        }

        if (!funding.Rounds.TryGetValue(round, out RoundState? state))
        {
            reason = $"round {round} of task {id} has no committee yet";
            return false;
        }

        if (state.Outcome != ProcessingRoundOutcome.InProgress)
        {
            reason = $"round {round} of task {id} is already settled ({state.Outcome})";
            return false;
        }

        attempt = state.Attempts[^1];
        return true;
    }

    private static void Ensure(ContractResult moved, TaskId id, int round)
    {
        if (!moved.IsAccepted)
        {
            // Unreachable: every amount was checked first and only this contract moves the processing address's funds.
            throw new InvalidOperationException($"Settling {(round >= 0 ? $"round {round} of " : "")}task {id} failed after its checks: {moved.Reason}.");
        }
    }

    private sealed class Funding(AccountAddress owner, TradingTaskParameters task, ProcessingTerms terms)
    {
        public AccountAddress Owner { get; } = owner;

        public TradingTaskParameters Task { get; } = task;

        public ProcessingTerms Terms { get; } = terms;

        public List<AccountAddress> Workers { get; } = [];

        public HashSet<AccountAddress> Staked { get; } = [];

        public SortedDictionary<int, RoundState> Rounds { get; } = [];

        public bool Closed { get; set; }
    }

    private sealed class RoundState
    {
        public List<AttemptState> Attempts { get; } = [];

        public ProcessingRoundOutcome Outcome { get; set; }
    }

    private sealed class AttemptState(int number, BlockHash seed, ImmutableArray<AccountAddress> committee, HeightWindow window)
    {
        public int Number { get; } = number;

        public BlockHash Seed { get; } = seed;

        public ImmutableArray<AccountAddress> Committee { get; } = committee;

        public HeightWindow Window { get; } = window;

        public List<WorkerAggregate> Aggregates { get; } = [];

        public Dictionary<AccountAddress, BlobReference> Submitted { get; } = [];

        public ProcessingAttemptOutcome Outcome { get; set; }

        public BlobReference? Agreed { get; set; }

        public ImmutableArray<AccountAddress> Agreeing { get; set; } = [];

        public ImmutableArray<WorkerPenalty> Penalties { get; set; } = [];

        public ulong RewardPerWorker { get; set; }

        public ProcessingAttempt Snapshot() =>
            new(Number, Seed, Committee, Window, [.. Aggregates], Outcome, Agreed, Agreeing, Penalties, RewardPerWorker);
    }
}
