using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The trading contract of DeepChain: an owner opens a training task and hands it a reward budget; parties register by
/// escrowing a deposit, submit one encrypted gradient per round and then decryption shares, which a pluggable
/// <see cref="IDecryptionShareVerifier"/> judges; closing a round takes a penalty from each faulty party and pays the
/// round's reward to the parties that behaved; finishing the task refunds what is left of the deposits.
/// </summary>
/// <remarks>
/// <para><b>Schedule</b> (block heights, see <see cref="TradingTaskParameters"/>): registration up to the registration
/// deadline; then per round a gradient phase, an aggregation phase (the <see cref="ProcessingContract"/>'s) and a
/// decryption phase; a round can be closed from the start of the next one, and the task finished once every round is
/// closed. Anyone may send <see cref="TransactionType.TradingCloseRound"/> and <see cref="TransactionType.TradingFinishTask"/>:
/// their effect depends only on the ledger.</para>
/// <para><b>Money</b>, all in the shared <see cref="WorkerRewardLedger"/>, at the task's own address
/// (<see cref="EscrowHolderOf"/>, a hash no key can sign for, so only this contract moves it):</para>
/// <list type="bullet">
/// <item>Opening moves <see cref="TradingTaskParameters.RewardBudget"/> from the owner to the task address's available
/// balance: the reward pool.</item>
/// <item>Registering escrows <see cref="TradingTaskParameters.Deposit"/> with the task address as holder.</item>
/// <item>Closing round r: every registered party with no gradient in r, and every party whose share in r was judged
/// invalid, forfeits <see cref="TradingTaskParameters.Penalty"/> (or what is left of its deposit) per fault into the
/// pool. The parties that behaved in r (a gradient, and no invalid share) then share
/// <see cref="TradingTaskParameters.RoundReward"/> plus r's forfeits equally; the division remainder stays in the pool.
/// This is DeepChain's incentive: cheating or free-riding pays the honest contributors. A party that sent no share is
/// not at fault (only t shares are needed). The round is recorded as <see cref="TradingRoundOutcome.Decrypted"/> when
/// at least <see cref="TradingTaskParameters.Threshold"/> valid shares arrived, else
/// <see cref="TradingRoundOutcome.Failed"/>.</item>
/// <item>Finishing refunds each party's remaining deposit and returns the pool (the budget's remainder, rewards
/// nobody earned, anything sent to the task address) to the owner.</item>
/// </list>
/// <para>A task whose registration closes with fewer than <see cref="TradingTaskParameters.MinParties"/> parties is
/// cancelled: it takes no submissions or closes, and finishing it (any height after the registration deadline)
/// refunds every deposit and the whole budget.</para>
/// <para>Deterministic (only the transaction, the block height and the verifier's deterministic verdict) and atomic:
/// every check, the share verification included, is made before any state changes, so a rejected transaction changes
/// nothing. Gradients and shares stay off-chain in a <see cref="BlobStore"/>; the contract records their references.</para>
/// </remarks>
public sealed class TradingContract : IContract
{
    private static readonly TransactionType[] s_types =
    [
        TransactionType.TradingOpenTask, TransactionType.TradingRegister, TransactionType.TradingSubmitGradient,
        TransactionType.TradingSubmitDecryptionShare, TransactionType.TradingCloseRound, TransactionType.TradingFinishTask,
    ];

    private static readonly byte[] s_escrowDomain = Encoding.ASCII.GetBytes("DeepChain.TradingContract.escrow\0");

    private readonly Dictionary<TaskId, TaskState> _tasks = [];
    private readonly List<TaskId> _order = [];

    /// <summary>Creates the contract over balances it shares with the other contracts, accepting every decryption share
    /// (<see cref="AcceptAllDecryptionShares"/>).</summary>
    /// <param name="ledger">The shared balances.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> is null.</exception>
    public TradingContract(WorkerRewardLedger ledger)
        : this(ledger, AcceptAllDecryptionShares.Instance)
    {
    }

    /// <summary>Creates the contract over balances it shares with the other contracts, judging decryption shares with a verifier.</summary>
    /// <param name="ledger">The shared balances.</param>
    /// <param name="shareVerifier">The deterministic judge of decryption shares (the same on every node that replays the ledger).</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> or <paramref name="shareVerifier"/> is null.</exception>
    public TradingContract(WorkerRewardLedger ledger, IDecryptionShareVerifier shareVerifier)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(shareVerifier);
        Ledger = ledger;
        ShareVerifier = shareVerifier;
    }

    /// <summary>Gets the balances the deposits and the reward pool are kept in.</summary>
    public WorkerRewardLedger Ledger { get; }

    /// <summary>Gets the judge of decryption shares.</summary>
    public IDecryptionShareVerifier ShareVerifier { get; }

    /// <summary>Gets every task opened so far, in opening order.</summary>
    public ImmutableArray<TaskId> Tasks => [.. _order];

    /// <inheritdoc/>
    public IReadOnlyCollection<TransactionType> TransactionTypes => s_types;

    /// <summary>Gets the address that holds a task's deposits and reward pool: SHA-256("DeepChain.TradingContract.escrow" ‖ 0x00 ‖ task id).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The holder address (no key's address, so only this contract moves those funds).</returns>
    public static AccountAddress EscrowHolderOf(TaskId task)
    {
        Span<byte> input = stackalloc byte[s_escrowDomain.Length + TaskId.Size];
        s_escrowDomain.CopyTo(input);
        task.CopyTo(input[s_escrowDomain.Length..]);
        return new AccountAddress(SHA256.HashData(input));
    }

    /// <summary>Gets a snapshot of a task.</summary>
    /// <param name="task">The task id.</param>
    /// <returns>The task, or <see langword="null"/> when no such task was opened.</returns>
    public TradingTask? GetTask(TaskId task) =>
        _tasks.TryGetValue(task, out TaskState? state)
            ? new TradingTask(task, state.Owner, state.Parameters, [.. state.Parties], state.ClosedRounds,
                Ledger.GetBalance(EscrowHolderOf(task)).Available, state.Finished, state.Cancelled)
            : null;

    /// <summary>Gets a snapshot of one round of a task: gradients, shares with their verdicts, and how it closed.</summary>
    /// <param name="task">The task id.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The round, or <see langword="null"/> for an unknown task or a round out of range.</returns>
    public TradingRound? GetRound(TaskId task, int round)
    {
        if (!_tasks.TryGetValue(task, out TaskState? state) || round < 0 || round >= state.Parameters.Rounds)
        {
            return null;
        }

        return state.Rounds.TryGetValue(round, out RoundState? r)
            ? new TradingRound(round, [.. r.Gradients], [.. r.Shares], r.Outcome, r.Forfeits, r.Rewarded, r.RewardPerParty)
            : new TradingRound(round, [], [], TradingRoundOutcome.Open, [], [], 0);
    }

    /// <summary>Gets the gradients submitted for a round, in submission order.</summary>
    /// <param name="task">The task id.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The submissions (empty for an unknown task or round).</returns>
    public ImmutableArray<RoundSubmission> GetGradients(TaskId task, int round) => GetRound(task, round)?.Gradients ?? [];

    /// <summary>Gets the decryption shares submitted for a round, with their verdicts, in submission order.</summary>
    /// <param name="task">The task id.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The shares (empty for an unknown task or round).</returns>
    public ImmutableArray<DecryptionShareSubmission> GetDecryptionShares(TaskId task, int round) => GetRound(task, round)?.Shares ?? [];

    /// <summary>Gets what is left of a party's deposit for a task.</summary>
    /// <param name="task">The task id.</param>
    /// <param name="party">The party.</param>
    /// <returns>The deposit still in escrow (0 for an unknown task or party, and after the task is finished).</returns>
    public ulong GetDeposit(TaskId task, AccountAddress party) => Ledger.GetEscrow(party, EscrowHolderOf(task));

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
        return transaction.Type switch
        {
            TransactionType.TradingOpenTask => OpenTask(transaction, payload, height),
            TransactionType.TradingRegister => Register(transaction.SenderAddress, payload, height),
            TransactionType.TradingSubmitGradient => Submit(transaction, payload, height, gradient: true),
            TransactionType.TradingSubmitDecryptionShare => Submit(transaction, payload, height, gradient: false),
            TransactionType.TradingCloseRound => CloseRound(payload, height),
            TransactionType.TradingFinishTask => Finish(payload, height),
            _ => ContractResult.Rejected($"the trading contract does not handle {transaction.Type}"),
        };
    }

    private ContractResult OpenTask(Transaction transaction, ReadOnlySpan<byte> payload, long height)
    {
        if (payload.Length != TradingTaskParameters.EncodedSize)
        {
            return ContractResult.Rejected($"the payload has {payload.Length} bytes; task terms take {TradingTaskParameters.EncodedSize}");
        }

        TradingTaskParameters parameters = TradingTaskParameters.Read(payload);
        if (parameters.Validate() is { } invalid)
        {
            return ContractResult.Rejected(invalid);
        }

        if (parameters.RegistrationDeadline < height)
        {
            return ContractResult.Rejected($"the registration deadline {parameters.RegistrationDeadline} is before this block's height {height}");
        }

        var id = new TaskId(transaction.Id.Value);
        if (_tasks.ContainsKey(id))
        {
            return ContractResult.Rejected($"task {id} already exists");
        }

        // The last check: the budget's transfer, which changes nothing when it is refused.
        if (parameters.RewardBudget > 0)
        {
            ContractResult funded = Ledger.Transfer(transaction.SenderAddress, EscrowHolderOf(id), parameters.RewardBudget);
            if (!funded.IsAccepted)
            {
                return ContractResult.Rejected($"the reward budget could not be paid in: {funded.Reason}");
            }
        }

        _tasks.Add(id, new TaskState(transaction.SenderAddress, parameters));
        _order.Add(id);
        return ContractResult.Accepted;
    }

    private ContractResult Register(AccountAddress party, ReadOnlySpan<byte> payload, long height)
    {
        if (!TradingPayloads.TryReadTask(payload, out TaskId id, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!_tasks.TryGetValue(id, out TaskState? task))
        {
            return ContractResult.Rejected($"task {id} does not exist");
        }

        if (height > task.Parameters.RegistrationDeadline || task.Finished)
        {
            return ContractResult.Rejected($"registration for task {id} closed at height {task.Parameters.RegistrationDeadline}");
        }

        if (task.Index.ContainsKey(party))
        {
            return ContractResult.Rejected($"account {party} is already registered for task {id}");
        }

        if (task.Parties.Count >= task.Parameters.MaxParties)
        {
            return ContractResult.Rejected($"task {id} is full ({task.Parameters.MaxParties} parties)");
        }

        // The last check: the escrow itself, which changes nothing when it is refused.
        ContractResult escrow = Ledger.Escrow(party, EscrowHolderOf(id), task.Parameters.Deposit);
        if (!escrow.IsAccepted)
        {
            return ContractResult.Rejected($"the deposit could not be escrowed: {escrow.Reason}");
        }

        task.Index.Add(party, task.Parties.Count);
        task.Parties.Add(party);
        return ContractResult.Accepted;
    }

    private ContractResult Submit(Transaction transaction, ReadOnlySpan<byte> payload, long height, bool gradient)
    {
        if (!TradingPayloads.TryReadRoundBlob(payload, out TaskId id, out int round, out BlobReference blob, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!_tasks.TryGetValue(id, out TaskState? task))
        {
            return ContractResult.Rejected($"task {id} does not exist");
        }

        AccountAddress party = transaction.SenderAddress;
        TradingTaskParameters terms = task.Parameters;
        if (task.Finished)
        {
            return ContractResult.Rejected($"task {id} is finished");
        }

        if (!task.Index.TryGetValue(party, out int partyIndex))
        {
            return ContractResult.Rejected($"account {party} is not registered for task {id}");
        }

        if (round < 0 || round >= terms.Rounds)
        {
            return ContractResult.Rejected($"round {round} is not a round of task {id} (0 to {terms.Rounds - 1})");
        }

        string what = gradient ? "gradient" : "decryption share";
        HeightWindow window = gradient ? terms.GradientWindow(round) : terms.DecryptionWindow(round);
        if (!window.Contains(height))
        {
            return ContractResult.Rejected($"too {(height < window.First ? "early" : "late")}: round {round} takes {what}s at heights {window}, this block is {height}");
        }

        if (task.Parties.Count < terms.MinParties)
        {
            return ContractResult.Rejected($"task {id} is cancelled: {task.Parties.Count} parties registered, {terms.MinParties} needed");
        }

        RoundState? state = task.Rounds.GetValueOrDefault(round);
        if (state is not null && (gradient ? state.GradientParties.Contains(party) : state.ShareVerdicts.ContainsKey(party)))
        {
            return ContractResult.Rejected($"account {party} already submitted a {what} for round {round}");
        }

        // The verdict is the last check and is deterministic; the share is recorded either way (an invalid one costs a
        // penalty when the round closes).
        bool valid = gradient || ShareVerifier.Verify(new DecryptionShareClaim(id, round, party, partyIndex, blob));
        if (state is null)
        {
            state = new RoundState();
            task.Rounds.Add(round, state);
        }

        if (gradient)
        {
            state.GradientParties.Add(party);
            state.Gradients.Add(new RoundSubmission(party, blob, transaction.Id));
        }
        else
        {
            state.ShareVerdicts.Add(party, valid);
            state.Shares.Add(new DecryptionShareSubmission(party, blob, transaction.Id, valid));
        }

        return ContractResult.Accepted;
    }

    private ContractResult CloseRound(ReadOnlySpan<byte> payload, long height)
    {
        if (!TradingPayloads.TryReadTaskRound(payload, out TaskId id, out int round, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!_tasks.TryGetValue(id, out TaskState? task))
        {
            return ContractResult.Rejected($"task {id} does not exist");
        }

        TradingTaskParameters terms = task.Parameters;
        if (task.Finished)
        {
            return ContractResult.Rejected($"task {id} is finished");
        }

        if (round < 0 || round >= terms.Rounds)
        {
            return ContractResult.Rejected($"round {round} is not a round of task {id} (0 to {terms.Rounds - 1})");
        }

        long closesFrom = terms.RoundStart(round + 1);
        if (height < closesFrom)
        {
            return ContractResult.Rejected($"round {round} of task {id} can be closed from height {closesFrom}, this block is {height}");
        }

        if (task.Parties.Count < terms.MinParties)
        {
            return ContractResult.Rejected($"task {id} is cancelled: {task.Parties.Count} parties registered, {terms.MinParties} needed");
        }

        RoundState? state = task.Rounds.GetValueOrDefault(round);
        if (state is not null && state.Outcome != TradingRoundOutcome.Open)
        {
            return ContractResult.Rejected($"round {round} of task {id} is already closed");
        }

        // Compute every move first: penalties in registration order, then the reward.
        AccountAddress holder = EscrowHolderOf(id);
        ulong penalty = terms.Penalty;
        var forfeits = ImmutableArray.CreateBuilder<PartyForfeit>();
        var rewarded = ImmutableArray.CreateBuilder<AccountAddress>();
        ulong forfeited = 0;
        int validShares = 0;
        foreach (AccountAddress party in task.Parties)
        {
            ulong left = Ledger.GetEscrow(party, holder);
            bool submitted = state?.GradientParties.Contains(party) == true;
            bool shareValid = false;
            bool hasShare = state is not null && state.ShareVerdicts.TryGetValue(party, out shareValid);
            bool invalidShare = hasShare && !shareValid;
            validShares += hasShare && shareValid ? 1 : 0;
            if (!submitted)
            {
                ulong amount = Math.Min(penalty, left);
                left -= amount;
                forfeited = checked(forfeited + amount);
                forfeits.Add(new PartyForfeit(party, PartyFault.MissingGradient, amount));
            }

            if (invalidShare)
            {
                ulong amount = Math.Min(penalty, left);
                forfeited = checked(forfeited + amount);
                forfeits.Add(new PartyForfeit(party, PartyFault.InvalidDecryptionShare, amount));
            }

            if (submitted && !invalidShare)
            {
                rewarded.Add(party);
            }
        }

        ulong perParty = rewarded.Count > 0 ? checked(terms.RoundReward + forfeited) / (ulong)rewarded.Count : 0;
        UInt128 pool = (UInt128)Ledger.GetBalance(holder).Available + forfeited;
        if (pool < (UInt128)perParty * (ulong)rewarded.Count)
        {
            // Unreachable: opening paid in Rounds · RoundReward at least, and each close pays RoundReward + its forfeits at most.
            return ContractResult.Rejected($"the reward pool of task {id} does not cover round {round}");
        }

        foreach (PartyForfeit forfeit in forfeits)
        {
            if (forfeit.Amount > 0)
            {
                Ensure(Ledger.Slash(holder, forfeit.Party, holder, forfeit.Amount), id);
            }
        }

        if (perParty > 0)
        {
            foreach (AccountAddress party in rewarded)
            {
                Ensure(Ledger.Transfer(holder, party, perParty), id);
            }
        }

        if (state is null)
        {
            state = new RoundState();
            task.Rounds.Add(round, state);
        }

        state.Outcome = validShares >= terms.Threshold ? TradingRoundOutcome.Decrypted : TradingRoundOutcome.Failed;
        state.Forfeits = forfeits.ToImmutable();
        state.Rewarded = rewarded.ToImmutable();
        state.RewardPerParty = perParty;
        task.ClosedRounds++;
        return ContractResult.Accepted;
    }

    private ContractResult Finish(ReadOnlySpan<byte> payload, long height)
    {
        if (!TradingPayloads.TryReadTask(payload, out TaskId id, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!_tasks.TryGetValue(id, out TaskState? task))
        {
            return ContractResult.Rejected($"task {id} does not exist");
        }

        if (task.Finished)
        {
            return ContractResult.Rejected($"task {id} is already finished");
        }

        TradingTaskParameters terms = task.Parameters;
        bool cancelled = task.Parties.Count < terms.MinParties;
        if (cancelled && height <= terms.RegistrationDeadline)
        {
            return ContractResult.Rejected($"task {id} is still open for registration until height {terms.RegistrationDeadline}");
        }

        if (!cancelled && height < terms.FinishFrom)
        {
            return ContractResult.Rejected($"task {id} can be finished from height {terms.FinishFrom}, this block is {height}");
        }

        if (!cancelled && task.ClosedRounds < terms.Rounds)
        {
            int open = Enumerable.Range(0, terms.Rounds).First(r => !task.Rounds.TryGetValue(r, out RoundState? s) || s.Outcome == TradingRoundOutcome.Open);
            return ContractResult.Rejected($"round {open} of task {id} is not closed");
        }

        AccountAddress holder = EscrowHolderOf(id);
        foreach (AccountAddress party in task.Parties)
        {
            ulong left = Ledger.GetEscrow(party, holder);
            if (left > 0)
            {
                Ensure(Ledger.Release(holder, party, left), id);
            }
        }

        ulong pool = Ledger.GetBalance(holder).Available;
        if (pool > 0)
        {
            Ensure(Ledger.Transfer(holder, task.Owner, pool), id);
        }

        task.Finished = true;
        task.Cancelled = cancelled;
        return ContractResult.Accepted;
    }

    private static void Ensure(ContractResult moved, TaskId id)
    {
        if (!moved.IsAccepted)
        {
            // Unreachable: every amount was checked first and only this contract moves the task address's funds.
            throw new InvalidOperationException($"Settling task {id} failed after its checks: {moved.Reason}.");
        }
    }

    private sealed class TaskState(AccountAddress owner, TradingTaskParameters parameters)
    {
        public AccountAddress Owner { get; } = owner;

        public TradingTaskParameters Parameters { get; } = parameters;

        public List<AccountAddress> Parties { get; } = [];

        /// <summary>Each party's position in <see cref="Parties"/>.</summary>
        public Dictionary<AccountAddress, int> Index { get; } = [];

        public Dictionary<int, RoundState> Rounds { get; } = [];

        public int ClosedRounds { get; set; }

        public bool Finished { get; set; }

        public bool Cancelled { get; set; }
    }

    private sealed class RoundState
    {
        public List<RoundSubmission> Gradients { get; } = [];

        public HashSet<AccountAddress> GradientParties { get; } = [];

        public List<DecryptionShareSubmission> Shares { get; } = [];

        /// <summary>Each sharing party's verdict.</summary>
        public Dictionary<AccountAddress, bool> ShareVerdicts { get; } = [];

        public TradingRoundOutcome Outcome { get; set; }

        public ImmutableArray<PartyForfeit> Forfeits { get; set; } = [];

        public ImmutableArray<AccountAddress> Rewarded { get; set; } = [];

        public ulong RewardPerParty { get; set; }
    }
}
