using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// Puts a task's differential privacy on the ledger: the owner opens the budget (noise multiplier, clip norm, sampling
/// rate, δ, ε budget) and records the (ε, δ) spent after each round; every node recomputes that ε from the terms with an
/// <see cref="RdpAccountant"/>, so an understated record, or one past the budget, is rejected with a reason.
/// </summary>
/// <remarks>
/// <para>Rules: a budget belongs to a task of the trading contract and is opened once, by the task's owner, before the
/// task finishes. Round r's record comes after rounds 0 to r − 1 are recorded, names a round of the task, and carries
/// the ε of r + 1 rounds under the terms (to a relative 10⁻⁹, so nodes whose libm rounds differently still agree); the
/// order it names is informational. A record whose ε exceeds the budget is rejected: a run cannot record spending it
/// was not allowed.</para>
/// <para>Deterministic (the transaction, the trading contract's task, and the accountant's arithmetic) and atomic: every
/// check precedes the one state change.</para>
/// </remarks>
public sealed class PrivacyBudgetContract : IContract
{
    private const double Tolerance = 1e-9;
    private static readonly TransactionType[] s_types = [TransactionType.PrivacyOpenBudget, TransactionType.PrivacyRecordSpend];
    private readonly TradingContract _trading;
    private readonly Dictionary<TaskId, PrivacyBudgetRecord> _budgets = [];

    /// <summary>Creates the contract over the trading contract whose tasks it budgets.</summary>
    /// <param name="trading">The trading contract of the same ledger.</param>
    /// <exception cref="ArgumentNullException"><paramref name="trading"/> is null.</exception>
    public PrivacyBudgetContract(TradingContract trading)
    {
        ArgumentNullException.ThrowIfNull(trading);
        _trading = trading;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<TransactionType> TransactionTypes => s_types;

    /// <summary>Gets a task's privacy budget.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The budget, or <see langword="null"/> when none was opened.</returns>
    public PrivacyBudgetRecord? GetBudget(TaskId task) => _budgets.GetValueOrDefault(task);

    /// <inheritdoc/>
    public ContractResult Apply(Transaction transaction, TransactionContext context)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Blob is not null)
        {
            return ContractResult.Rejected($"{transaction.Type} takes an inline payload");
        }

        return transaction.Type switch
        {
            TransactionType.PrivacyOpenBudget => Open(transaction.SenderAddress, transaction.Payload.Span),
            TransactionType.PrivacyRecordSpend => Record(transaction.SenderAddress, transaction.Payload.Span),
            _ => ContractResult.Rejected($"the privacy budget contract does not handle {transaction.Type}"),
        };
    }

    private ContractResult Open(AccountAddress sender, ReadOnlySpan<byte> payload)
    {
        if (!PrivacyPayloads.TryReadOpenBudget(payload, out TaskId task, out PrivacyBudgetTerms? terms, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (_trading.GetTask(task) is not { } trading)
        {
            return ContractResult.Rejected($"task {task} does not exist");
        }

        if (sender != trading.Owner)
        {
            return ContractResult.Rejected("only the task's owner may open its privacy budget");
        }

        if (trading.IsFinished)
        {
            return ContractResult.Rejected($"task {task} is finished");
        }

        if (_budgets.ContainsKey(task))
        {
            return ContractResult.Rejected($"task {task} already has a privacy budget");
        }

        if (terms.Validate() is { } invalid)
        {
            return ContractResult.Rejected(invalid);
        }

        _budgets.Add(task, new PrivacyBudgetRecord(task, sender, terms, 0, null));
        return ContractResult.Accepted;
    }

    private ContractResult Record(AccountAddress sender, ReadOnlySpan<byte> payload)
    {
        if (!PrivacyPayloads.TryReadRecordSpend(payload, out TaskId task, out int round, out double epsilon, out double order, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        if (!_budgets.TryGetValue(task, out PrivacyBudgetRecord? budget))
        {
            return ContractResult.Rejected($"task {task} has no privacy budget");
        }

        if (sender != budget.Owner)
        {
            return ContractResult.Rejected("only the task's owner may record its privacy spending");
        }

        if (round != budget.RoundsRecorded)
        {
            return ContractResult.Rejected($"the next privacy record is for round {budget.RoundsRecorded}, not {round}");
        }

        if (_trading.GetTask(task) is not { } trading || round >= trading.Parameters.Rounds)
        {
            return ContractResult.Rejected($"round {round} is not a round of task {task}");
        }

        if (!(epsilon >= 0) || !(order > 1))
        {
            return ContractResult.Rejected($"ε = {epsilon} at order {order} is not a privacy guarantee");
        }

        PrivacySpent expected = budget.Terms.SpentAfter(round + 1);
        if (expected.Epsilon > budget.Terms.EpsilonBudget)
        {
            return ContractResult.Rejected($"round {round} takes ε to {expected.Epsilon:G6}, past the budget of {budget.Terms.EpsilonBudget:G6}");
        }

        if (!(Math.Abs(epsilon - expected.Epsilon) <= Tolerance * Math.Max(1, expected.Epsilon)))
        {
            return ContractResult.Rejected($"the record says ε = {epsilon:G10} after round {round}; the terms give {expected.Epsilon:G10}");
        }

        _budgets[task] = budget with { RoundsRecorded = round + 1, Spent = new PrivacySpent(epsilon, budget.Terms.Delta, order) };
        return ContractResult.Accepted;
    }
}
