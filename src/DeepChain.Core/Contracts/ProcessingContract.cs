using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The processing contract of DeepChain: workers claim a round of a trading task with a deposit, submit the hash (and
/// blob) of the aggregate they computed, and the round is settled by agreement: the largest group of identical
/// aggregates, if it reaches the quorum, is paid the round's reward and refunded; every other claimant is slashed to
/// the task owner.
/// </summary>
/// <remarks>
/// <para>Windows follow the trading task's terms (<see cref="TradingTaskParameters"/>): round r's aggregates are taken in
/// (end of its gradient window, one round duration later]; the round can be settled after that, and the task closed
/// (the unspent budget returned) after the last round's window once every claimed round is settled.</para>
/// <para>The budget and the worker deposits are held by the task's processing address (<see cref="EscrowHolderOf"/>),
/// which no key can sign for. With no quorum, or a tie between the largest groups, nobody is paid or slashed for
/// submitting and every deposit is refunded; claimants that submitted nothing are slashed. Every check is made before
/// any balance moves, so a rejected transaction changes nothing.</para>
/// </remarks>
public sealed class ProcessingContract : IContract
{
    private static readonly TransactionType[] s_types =
    [
        TransactionType.ProcessingFundTask, TransactionType.ProcessingClaimRound, TransactionType.ProcessingSubmitAggregate,
        TransactionType.ProcessingSettleRound, TransactionType.ProcessingCloseTask,
    ];

    private static readonly byte[] s_escrowDomain = Encoding.ASCII.GetBytes("DeepChain.ProcessingContract.escrow\0");

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

    /// <summary>Gets the address that holds a task's worker budget and worker deposits.</summary>
    /// <param name="task">The task.</param>
    /// <returns>SHA-256("DeepChain.ProcessingContract.escrow" ‖ 0x00 ‖ task id): no key's address.</returns>
    public static AccountAddress EscrowHolderOf(TaskId task)
    {
        Span<byte> input = stackalloc byte[s_escrowDomain.Length + TaskId.Size];
        s_escrowDomain.CopyTo(input);
        task.CopyTo(input[s_escrowDomain.Length..]);
        return new AccountAddress(SHA256.HashData(input));
    }

    /// <summary>Encodes the funding of a task.</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="terms">The processing terms.</param>
    /// <returns>The payload: task id | budget u64 | reward per round u64 | worker deposit u64 | quorum i32 | max workers i32.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    public static byte[] FundTaskPayload(TaskId task, ProcessingTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        byte[] payload = new byte[ProcessingTerms.EncodedSize];
        task.CopyTo(payload);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(32), terms.Budget);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(40), terms.RewardPerRound);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(48), terms.WorkerDeposit);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(56), terms.Quorum);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(60), terms.MaxWorkers);
        return payload;
    }

    /// <summary>Encodes a claim or a settlement: the task and the round.</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The payload: task id | round i32.</returns>
    public static byte[] RoundPayload(TaskId task, int round)
    {
        byte[] payload = new byte[TaskId.Size + 4];
        task.CopyTo(payload);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(TaskId.Size), round);
        return payload;
    }

    /// <summary>Encodes an aggregate submission (the same layout as <see cref="TradingPayloads.RoundBlob"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <param name="aggregate">The blob holding the aggregate ciphertext; its hash is what workers agree on.</param>
    /// <returns>The payload.</returns>
    public static byte[] AggregatePayload(TaskId task, int round, BlobReference aggregate) => TradingPayloads.RoundBlob(task, round, aggregate);

    /// <summary>Gets the agreed aggregate of a settled round.</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round.</param>
    /// <returns>The aggregate the quorum agreed on, or <see langword="null"/> (unsettled, or settled without agreement).</returns>
    public BlobReference? GetAgreedAggregate(TaskId task, int round) =>
        _funded.TryGetValue(task, out Funding? funding) && funding.Rounds.TryGetValue(round, out RoundState? state) ? state.Agreed : null;

    /// <summary>Gets the workers that claimed a round, in claim order.</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round.</param>
    /// <returns>The claimants (empty when none).</returns>
    public ImmutableArray<AccountAddress> GetClaimants(TaskId task, int round) =>
        _funded.TryGetValue(task, out Funding? funding) && funding.Rounds.TryGetValue(round, out RoundState? state) ? [.. state.Claimants] : [];

    /// <inheritdoc/>
    public ContractResult Apply(Transaction transaction, TransactionContext context)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Blob is not null)
        {
            return ContractResult.Rejected($"{transaction.Type} takes an inline payload (blob references go inside it)");
        }

        long now = context.BlockTimestamp.ToUnixTimeMilliseconds();
        ReadOnlySpan<byte> payload = transaction.Payload.Span;
        AccountAddress sender = transaction.SenderAddress;
        switch (transaction.Type)
        {
            case TransactionType.ProcessingFundTask:
                return Fund(sender, payload, now);
            case TransactionType.ProcessingSubmitAggregate:
                return SubmitAggregate(sender, payload, now);
            case TransactionType.ProcessingCloseTask:
                return Close(payload, now);
            case TransactionType.ProcessingClaimRound:
            case TransactionType.ProcessingSettleRound:
                if (payload.Length != TaskId.Size + 4)
                {
                    return ContractResult.Rejected($"the payload has {payload.Length} bytes; a task and a round take {TaskId.Size + 4}");
                }

                var task = new TaskId(payload[..TaskId.Size]);
                int round = BinaryPrimitives.ReadInt32LittleEndian(payload[TaskId.Size..]);
                return transaction.Type == TransactionType.ProcessingClaimRound ? Claim(sender, task, round, now) : Settle(task, round, now);
            default:
                return ContractResult.Rejected($"the processing contract does not handle {transaction.Type}");
        }
    }

    private ContractResult Fund(AccountAddress sender, ReadOnlySpan<byte> payload, long now)
    {
        if (payload.Length != ProcessingTerms.EncodedSize)
        {
            return ContractResult.Rejected($"the payload has {payload.Length} bytes; funding terms take {ProcessingTerms.EncodedSize}");
        }

        var id = new TaskId(payload[..TaskId.Size]);
        var terms = new ProcessingTerms(
            BinaryPrimitives.ReadUInt64LittleEndian(payload[32..]), BinaryPrimitives.ReadUInt64LittleEndian(payload[40..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[48..]), BinaryPrimitives.ReadInt32LittleEndian(payload[56..]),
            BinaryPrimitives.ReadInt32LittleEndian(payload[60..]));
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

        if (terms.Validate(task.Parameters.Rounds) is { } invalid)
        {
            return ContractResult.Rejected(invalid);
        }

        if (now > AggregateWindowOpens(task.Parameters, 0))
        {
            return ContractResult.Rejected("funding must come before the first aggregate window opens");
        }

        if (terms.Budget > 0)
        {
            ContractResult escrow = Ledger.Escrow(sender, EscrowHolderOf(id), terms.Budget);
            if (!escrow.IsAccepted)
            {
                return ContractResult.Rejected($"the budget could not be escrowed: {escrow.Reason}");
            }
        }

        _funded.Add(id, new Funding(task.Owner, task.Parameters, terms));
        return ContractResult.Accepted;
    }

    private ContractResult Claim(AccountAddress worker, TaskId id, int round, long now)
    {
        if (!TryGetRound(id, round, out Funding? funding, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (worker == funding.Owner)
        {
            // The owner's budget and a worker deposit would share one escrow slot; and nobody should judge its own task.
            return ContractResult.Rejected($"the owner of task {id} may not work on it");
        }

        RoundState? state = funding.Rounds.GetValueOrDefault(round);
        if (now > AggregateWindowCloses(funding.Task, round) || state?.Settled == true)
        {
            return ContractResult.Rejected($"round {round} of task {id} no longer takes claims");
        }

        if (state is not null && state.Claimants.Contains(worker))
        {
            return ContractResult.Rejected($"worker {worker} already claimed round {round}");
        }

        if (state is not null && state.Claimants.Count >= funding.Terms.MaxWorkers)
        {
            return ContractResult.Rejected($"round {round} already has {funding.Terms.MaxWorkers} workers");
        }

        ContractResult escrow = Ledger.Escrow(worker, EscrowHolderOf(id), funding.Terms.WorkerDeposit);
        if (!escrow.IsAccepted)
        {
            return ContractResult.Rejected($"the worker deposit could not be escrowed: {escrow.Reason}");
        }

        if (state is null)
        {
            state = new RoundState();
            funding.Rounds.Add(round, state);
        }

        state.Claimants.Add(worker);
        return ContractResult.Accepted;
    }

    private ContractResult SubmitAggregate(AccountAddress worker, ReadOnlySpan<byte> payload, long now)
    {
        if (!TradingPayloads.TryReadRoundBlob(payload, out TaskId id, out int round, out BlobReference aggregate, out string? reason))
        {
            return ContractResult.Rejected(reason!);
        }

        if (!TryGetRound(id, round, out Funding? funding, out reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!funding.Rounds.TryGetValue(round, out RoundState? state) || !state.Claimants.Contains(worker))
        {
            return ContractResult.Rejected($"worker {worker} has not claimed round {round} of task {id}");
        }

        if (now <= AggregateWindowOpens(funding.Task, round) || now > AggregateWindowCloses(funding.Task, round) || state.Settled)
        {
            return ContractResult.Rejected($"the aggregate window of round {round} is ({AggregateWindowOpens(funding.Task, round)}, {AggregateWindowCloses(funding.Task, round)}] ms");
        }

        if (!state.Aggregates.TryAdd(worker, aggregate))
        {
            return ContractResult.Rejected($"worker {worker} already submitted an aggregate for round {round}");
        }

        return ContractResult.Accepted;
    }

    private ContractResult Settle(TaskId id, int round, long now)
    {
        if (!TryGetRound(id, round, out Funding? funding, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!funding.Rounds.TryGetValue(round, out RoundState? state))
        {
            return ContractResult.Rejected($"nobody claimed round {round} of task {id}");
        }

        if (state.Settled)
        {
            return ContractResult.Rejected($"round {round} of task {id} is already settled");
        }

        if (now <= AggregateWindowCloses(funding.Task, round))
        {
            return ContractResult.Rejected($"round {round} cannot be settled before {AggregateWindowCloses(funding.Task, round)} ms");
        }

        // The largest group of identical aggregates decides, if it reaches the quorum and is not tied.
        var groups = state.Aggregates.GroupBy(a => a.Value).Select(g => (Aggregate: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();
        bool agreed = groups.Count > 0 && groups[0].Count >= funding.Terms.Quorum && (groups.Count == 1 || groups[1].Count < groups[0].Count);
        BlobReference? winner = agreed ? groups[0].Aggregate : null;
        int winners = agreed ? groups[0].Count : 0;
        ulong share = agreed ? funding.Terms.RewardPerRound / (ulong)winners : 0;

        AccountAddress holder = EscrowHolderOf(id);
        if (Ledger.GetEscrow(funding.Owner, holder) < share * (ulong)winners || state.Claimants.Exists(w => Ledger.GetEscrow(w, holder) < funding.Terms.WorkerDeposit))
        {
            return ContractResult.Rejected($"the escrow of task {id} does not cover round {round}");
        }

        foreach (AccountAddress worker in state.Claimants)
        {
            bool submitted = state.Aggregates.TryGetValue(worker, out BlobReference aggregate);
            bool honest = submitted && (!agreed || aggregate == winner);
            ContractResult moved = honest
                ? Ledger.Release(holder, worker, funding.Terms.WorkerDeposit)
                : Ledger.Slash(holder, worker, funding.Owner, funding.Terms.WorkerDeposit);
            if (moved.IsAccepted && agreed && honest && share > 0)
            {
                moved = Ledger.PayFromEscrow(holder, funding.Owner, worker, share);
            }

            if (!moved.IsAccepted)
            {
                // Unreachable: every amount was checked above and only this contract moves these deposits.
                throw new InvalidOperationException($"Settling round {round} of task {id} failed after its checks: {moved.Reason}.");
            }
        }

        state.Settled = true;
        state.Agreed = winner;
        return ContractResult.Accepted;
    }

    private ContractResult Close(ReadOnlySpan<byte> payload, long now)
    {
        if (payload.Length != TaskId.Size)
        {
            return ContractResult.Rejected($"the payload has {payload.Length} bytes; a task id takes {TaskId.Size}");
        }

        var id = new TaskId(payload);
        if (!_funded.TryGetValue(id, out Funding? funding))
        {
            return ContractResult.Rejected($"task {id} is not funded");
        }

        if (funding.Closed)
        {
            return ContractResult.Rejected($"task {id} is already closed");
        }

        if (now <= funding.Task.SharesDeadline)
        {
            return ContractResult.Rejected($"task {id} cannot be closed before {funding.Task.SharesDeadline} ms");
        }

        if (funding.Rounds.FirstOrDefault(r => !r.Value.Settled) is { Value: not null } open)
        {
            return ContractResult.Rejected($"round {open.Key} of task {id} is claimed but not settled");
        }

        ulong left = Ledger.GetEscrow(funding.Owner, EscrowHolderOf(id));
        if (left > 0 && !Ledger.Release(EscrowHolderOf(id), funding.Owner, left).IsAccepted)
        {
            throw new InvalidOperationException($"Returning the budget of task {id} failed after its checks.");
        }

        funding.Closed = true;
        return ContractResult.Accepted;
    }

    private bool TryGetRound(TaskId id, int round, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Funding? funding, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
    {
        if (!_funded.TryGetValue(id, out funding))
        {
            reason = $"task {id} is not funded for processing";
            return false;
        }

        if (funding.Closed)
        {
            reason = $"task {id} is closed";
            return false;
        }

        if (round < 0 || round >= funding.Task.Rounds)
        {
            reason = $"round {round} is not a round of task {id} (0 to {funding.Task.Rounds - 1})";
            return false;
        }

        reason = null;
        return true;
    }

    private static long AggregateWindowOpens(TradingTaskParameters task, int round) => task.RegistrationDeadline + ((round + 1) * task.RoundDuration);

    private static long AggregateWindowCloses(TradingTaskParameters task, int round) => AggregateWindowOpens(task, round) + task.RoundDuration;

    private sealed class Funding(AccountAddress owner, TradingTaskParameters task, ProcessingTerms terms)
    {
        public AccountAddress Owner { get; } = owner;

        public TradingTaskParameters Task { get; } = task;

        public ProcessingTerms Terms { get; } = terms;

        public SortedDictionary<int, RoundState> Rounds { get; } = [];

        public bool Closed { get; set; }
    }

    private sealed class RoundState
    {
        public List<AccountAddress> Claimants { get; } = [];

        public Dictionary<AccountAddress, BlobReference> Aggregates { get; } = [];

        public bool Settled { get; set; }

        public BlobReference? Agreed { get; set; }
    }
}
