using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The trading contract of DeepChain: an owner opens a training task; parties register by escrowing a deposit, submit
/// one encrypted gradient per round inside the round's window and decryption shares after it; when the task ends its
/// deposits are refunded to parties that submitted in every round and forfeited to the owner by the others.
/// </summary>
/// <remarks>
/// <para>Deposits live in the shared <see cref="WorkerRewardLedger"/>, held by the task's own address
/// (<see cref="EscrowHolderOf"/>), a hash that no key can sign for: only this contract can release or forfeit them.</para>
/// <para>Deterministic (time is the block timestamp), and atomic: every check is made before any state changes, so a
/// rejected transaction changes nothing. Gradients and shares stay off-chain in a <see cref="BlobStore"/>; the
/// contract records their references. A task whose registration closes with fewer than
/// <see cref="TradingTaskParameters.MinParties"/> parties is cancelled: it takes no submissions, and finishing it
/// refunds everyone.</para>
/// </remarks>
public sealed class TradingContract : IContract
{
    private static readonly TransactionType[] s_types =
    [
        TransactionType.TradingOpenTask, TransactionType.TradingRegister, TransactionType.TradingSubmitGradient,
        TransactionType.TradingSubmitDecryptionShare, TransactionType.TradingFinishTask,
    ];

    private static readonly byte[] s_escrowDomain = Encoding.ASCII.GetBytes("DeepChain.TradingContract.escrow\0");

    private readonly Dictionary<TaskId, TaskState> _tasks = [];

    /// <summary>Creates the contract over balances it shares with <see cref="WorkerRewardContract"/>.</summary>
    /// <param name="ledger">The shared balances.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> is null.</exception>
    public TradingContract(WorkerRewardLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        Ledger = ledger;
    }

    /// <summary>Gets the balances the deposits are kept in.</summary>
    public WorkerRewardLedger Ledger { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<TransactionType> TransactionTypes => s_types;

    /// <summary>Gets the address that holds a task's deposits: SHA-256("DeepChain.TradingContract.escrow" ‖ 0x00 ‖ task id).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The holder address (no key's address, so only this contract moves those deposits).</returns>
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
        _tasks.TryGetValue(task, out TaskState? state) ? new TradingTask(task, state.Owner, state.Parameters, [.. state.Parties], state.Finished) : null;

    /// <summary>Gets the gradients submitted for a round, in submission order.</summary>
    /// <param name="task">The task id.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The submissions (empty for an unknown task or round).</returns>
    public ImmutableArray<RoundSubmission> GetGradients(TaskId task, int round) =>
        _tasks.TryGetValue(task, out TaskState? state) && state.Gradients.TryGetValue(round, out List<RoundSubmission>? list) ? [.. list] : [];

    /// <summary>Gets the decryption shares submitted for a round, in submission order.</summary>
    /// <param name="task">The task id.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The shares (empty for an unknown task or round).</returns>
    public ImmutableArray<RoundSubmission> GetDecryptionShares(TaskId task, int round) =>
        _tasks.TryGetValue(task, out TaskState? state) && state.Shares.TryGetValue(round, out List<RoundSubmission>? list) ? [.. list] : [];

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
        return transaction.Type switch
        {
            TransactionType.TradingOpenTask => OpenTask(transaction, payload, now),
            TransactionType.TradingRegister => Register(transaction.SenderAddress, payload, now),
            TransactionType.TradingSubmitGradient => Submit(transaction, payload, now, gradient: true),
            TransactionType.TradingSubmitDecryptionShare => Submit(transaction, payload, now, gradient: false),
            TransactionType.TradingFinishTask => Finish(payload, now),
            _ => ContractResult.Rejected($"the trading contract does not handle {transaction.Type}"),
        };
    }

    private ContractResult OpenTask(Transaction transaction, ReadOnlySpan<byte> payload, long now)
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

        if (parameters.RegistrationDeadline <= now)
        {
            return ContractResult.Rejected("the registration deadline has already passed");
        }

        var id = new TaskId(transaction.Id.Value);
        if (_tasks.ContainsKey(id))
        {
            return ContractResult.Rejected($"task {id} already exists");
        }

        _tasks.Add(id, new TaskState(transaction.SenderAddress, parameters));
        return ContractResult.Accepted;
    }

    private ContractResult Register(AccountAddress party, ReadOnlySpan<byte> payload, long now)
    {
        if (payload.Length != TaskId.Size)
        {
            return ContractResult.Rejected($"the payload has {payload.Length} bytes; a task id takes {TaskId.Size}");
        }

        var id = new TaskId(payload);
        if (!_tasks.TryGetValue(id, out TaskState? task))
        {
            return ContractResult.Rejected($"task {id} does not exist");
        }

        if (now > task.Parameters.RegistrationDeadline || task.Finished)
        {
            return ContractResult.Rejected($"registration for task {id} is closed");
        }

        if (task.Registered.Contains(party))
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

        task.Parties.Add(party);
        task.Registered.Add(party);
        return ContractResult.Accepted;
    }

    private ContractResult Submit(Transaction transaction, ReadOnlySpan<byte> payload, long now, bool gradient)
    {
        if (!TradingPayloads.TryReadRoundBlob(payload, out TaskId id, out int round, out BlobReference blob, out string? reason))
        {
            return ContractResult.Rejected(reason!);
        }

        if (!_tasks.TryGetValue(id, out TaskState? task))
        {
            return ContractResult.Rejected($"task {id} does not exist");
        }

        AccountAddress party = transaction.SenderAddress;
        TradingTaskParameters terms = task.Parameters;
        if (task.Finished || !task.Registered.Contains(party))
        {
            return ContractResult.Rejected(task.Finished ? $"task {id} is finished" : $"account {party} is not registered for task {id}");
        }

        if (round < 0 || round >= terms.Rounds)
        {
            return ContractResult.Rejected($"round {round} is not a round of task {id} (0 to {terms.Rounds - 1})");
        }

        if (now > terms.RegistrationDeadline && task.Parties.Count < terms.MinParties)
        {
            return ContractResult.Rejected($"task {id} is cancelled: {task.Parties.Count} parties registered, {terms.MinParties} needed");
        }

        long opens = terms.RegistrationDeadline + (round * terms.RoundDuration);
        long closes = opens + terms.RoundDuration;
        string what = gradient ? "gradient" : "decryption share";
        if (gradient ? now <= opens : now <= closes)
        {
            return ContractResult.Rejected($"too early: the {what} window of round {round} opens after {(gradient ? opens : closes)} ms");
        }

        if (gradient ? now > closes : now > terms.SharesDeadline)
        {
            return ContractResult.Rejected($"too late: the {what} window of round {round} closed at {(gradient ? closes : terms.SharesDeadline)} ms");
        }

        HashSet<(int Round, AccountAddress Party)> submitted = gradient ? task.SubmittedGradients : task.SubmittedShares;
        if (submitted.Contains((round, party)))
        {
            return ContractResult.Rejected($"account {party} already submitted a {what} for round {round}");
        }

        Dictionary<int, List<RoundSubmission>> byRound = gradient ? task.Gradients : task.Shares;
        if (!byRound.TryGetValue(round, out List<RoundSubmission>? list))
        {
            list = [];
            byRound.Add(round, list);
        }

        submitted.Add((round, party));
        list.Add(new RoundSubmission(party, blob, transaction.Id));
        if (gradient)
        {
            task.GradientCounts[party] = task.GradientCounts.GetValueOrDefault(party) + 1;
        }
        return ContractResult.Accepted;
    }

    private ContractResult Finish(ReadOnlySpan<byte> payload, long now)
    {
        if (payload.Length != TaskId.Size)
        {
            return ContractResult.Rejected($"the payload has {payload.Length} bytes; a task id takes {TaskId.Size}");
        }

        var id = new TaskId(payload);
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
        if (cancelled ? now <= terms.RegistrationDeadline : now <= terms.SharesDeadline)
        {
            return ContractResult.Rejected($"task {id} cannot be finished before {(cancelled ? terms.RegistrationDeadline : terms.SharesDeadline)} ms");
        }

        AccountAddress holder = EscrowHolderOf(id);
        foreach (AccountAddress party in task.Parties)
        {
            if (Ledger.GetEscrow(party, holder) < terms.Deposit)
            {
                return ContractResult.Rejected($"the deposit of {party} for task {id} is not in escrow");
            }
        }

        foreach (AccountAddress party in task.Parties)
        {
            bool honest = cancelled || task.GradientCounts.GetValueOrDefault(party) == terms.Rounds;
            ContractResult moved = honest ? Ledger.Release(holder, party, terms.Deposit) : Ledger.Slash(holder, party, task.Owner, terms.Deposit);
            if (!moved.IsAccepted)
            {
                // Unreachable: every deposit was checked above and only this contract can move them.
                throw new InvalidOperationException($"Settling task {id} failed after its checks: {moved.Reason}.");
            }
        }

        task.Finished = true;
        return ContractResult.Accepted;
    }

    private sealed class TaskState(AccountAddress owner, TradingTaskParameters parameters)
    {
        public AccountAddress Owner { get; } = owner;

        public TradingTaskParameters Parameters { get; } = parameters;

        public List<AccountAddress> Parties { get; } = [];

        public HashSet<AccountAddress> Registered { get; } = [];

        public Dictionary<int, List<RoundSubmission>> Gradients { get; } = [];

        public Dictionary<int, List<RoundSubmission>> Shares { get; } = [];

        public HashSet<(int Round, AccountAddress Party)> SubmittedGradients { get; } = [];

        public HashSet<(int Round, AccountAddress Party)> SubmittedShares { get; } = [];

        /// <summary>Gradients per party over all rounds: a party that submitted in every round has <c>Rounds</c>.</summary>
        public Dictionary<AccountAddress, int> GradientCounts { get; } = [];

        public bool Finished { get; set; }
    }
}
