using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Contracts;
using DeepChain.Core.Tests.Ledger;
using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Tests.Privacy;

public sealed class PrivacyBudgetContractTests : IDisposable
{
    private static readonly PrivacyBudgetTerms s_terms = new(NoiseMultiplier: 1.2, ClipNorm: 1, SamplingRate: 1, Delta: 1e-5, EpsilonBudget: double.PositiveInfinity);
    private readonly TestChain _chain = new();
    private readonly InMemoryLedgerStore _store;
    private readonly LedgerNode _node;
    private readonly PrivacyBudgetContract _privacy;
    private readonly TaskId _task;

    public PrivacyBudgetContractTests()
    {
        _store = new InMemoryLedgerStore(_chain.Parameters);
        (_node, _privacy) = OpenNode(_store);
        Assert.Empty(_node.ProposeBlock([_chain.GenesisTransaction()]).Rejected);
        Transaction open = Tx(Owner, TransactionType.TradingOpenTask, TradingPayloads.OpenTask(TradingContractTests.Terms()));
        Assert.Empty(_node.ProposeBlock([open]).Rejected);
        _task = new TaskId(open.Id.ToArray());
    }

    private LedgerSigningKey Owner => _chain.Actors[1];

    [Fact]
    public void OpenAndRecord_ByTheOwner_AreAcceptedRecomputedAndReplayed()
    {
        Accept(Tx(Owner, TransactionType.PrivacyOpenBudget, PrivacyPayloads.OpenBudget(_task, s_terms)));
        PrivacySpent first = s_terms.SpentAfter(1);
        PrivacySpent second = s_terms.SpentAfter(2);
        Accept(Tx(Owner, TransactionType.PrivacyRecordSpend, PrivacyPayloads.RecordSpend(_task, 0, first)));
        Accept(Tx(Owner, TransactionType.PrivacyRecordSpend, PrivacyPayloads.RecordSpend(_task, 1, second)));

        PrivacyBudgetRecord budget = _privacy.GetBudget(_task)!;
        Assert.Equal(s_terms, budget.Terms);
        Assert.Equal(2, budget.RoundsRecorded);
        Assert.Equal(second, budget.Spent);
        Assert.True(second.Epsilon > first.Epsilon);

        (_, PrivacyBudgetContract replayed) = OpenNode(_store, proposer: false);
        Assert.Equal(budget, replayed.GetBudget(_task));
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("task")]
    [InlineData("version")]
    [InlineData("length")]
    [InlineData("terms")]
    public void OpenBudget_Invalid_IsRejectedAndChangesNothing(string fault)
    {
        byte[] payload = PrivacyPayloads.OpenBudget(_task, s_terms);
        LedgerSigningKey sender = Owner;
        switch (fault)
        {
            case "owner":
                sender = _chain.Actors[2];
                break;
            case "task":
                payload = PrivacyPayloads.OpenBudget(new TaskId(new byte[32]), s_terms);
                break;
            case "version":
                payload[0] = 2;
                break;
            case "length":
                payload = payload[..^1];
                break;
            default:
                payload = PrivacyPayloads.OpenBudget(_task, s_terms with { NoiseMultiplier = 0 });
                break;
        }

        AssertRejected(Tx(sender, TransactionType.PrivacyOpenBudget, payload), fault switch
        {
            "owner" => "only the task's owner",
            "task" => "does not exist",
            "version" => "version 2 is not supported",
            "length" => "bytes",
            _ => "noise multiplier",
        });
        Assert.Null(_privacy.GetBudget(_task));
    }

    [Fact]
    public void OpenBudget_Twice_IsRejected()
    {
        Accept(Tx(Owner, TransactionType.PrivacyOpenBudget, PrivacyPayloads.OpenBudget(_task, s_terms)));
        AssertRejected(Tx(Owner, TransactionType.PrivacyOpenBudget, PrivacyPayloads.OpenBudget(_task, s_terms with { NoiseMultiplier = 9 })), "already has a privacy budget");
        Assert.Equal(s_terms, _privacy.GetBudget(_task)!.Terms);
    }

    [Theory]
    [InlineData("no budget")]
    [InlineData("owner")]
    [InlineData("skipped round")]
    [InlineData("understated")]
    [InlineData("overstated")]
    [InlineData("past budget")]
    [InlineData("not a round")]
    public void RecordSpend_Invalid_IsRejectedAndChangesNothing(string fault)
    {
        PrivacyBudgetTerms terms = fault == "past budget" ? s_terms with { EpsilonBudget = s_terms.SpentAfter(1).Epsilon * 1.01 } : s_terms;
        if (fault != "no budget")
        {
            Accept(Tx(Owner, TransactionType.PrivacyOpenBudget, PrivacyPayloads.OpenBudget(_task, terms)));
        }

        if (fault is "past budget" or "not a round")
        {
            Accept(Tx(Owner, TransactionType.PrivacyRecordSpend, PrivacyPayloads.RecordSpend(_task, 0, terms.SpentAfter(1))));
        }

        if (fault == "not a round")
        {
            Accept(Tx(Owner, TransactionType.PrivacyRecordSpend, PrivacyPayloads.RecordSpend(_task, 1, terms.SpentAfter(2))));
        }

        PrivacyBudgetRecord? before = _privacy.GetBudget(_task);
        int round = before?.RoundsRecorded ?? 0;
        PrivacySpent honest = terms.SpentAfter(round + 1);
        (LedgerSigningKey sender, byte[] payload, string reason) = fault switch
        {
            "no budget" => (Owner, PrivacyPayloads.RecordSpend(_task, 0, honest), "has no privacy budget"),
            "owner" => (_chain.Actors[2], PrivacyPayloads.RecordSpend(_task, 0, honest), "only the task's owner"),
            "skipped round" => (Owner, PrivacyPayloads.RecordSpend(_task, 1, terms.SpentAfter(2)), "is for round 0, not 1"),
            "understated" => (Owner, PrivacyPayloads.RecordSpend(_task, 0, honest with { Epsilon = honest.Epsilon * 0.99 }), "the terms give"),
            "overstated" => (Owner, PrivacyPayloads.RecordSpend(_task, 0, honest with { Epsilon = honest.Epsilon * 1.01 }), "the terms give"),
            "past budget" => (Owner, PrivacyPayloads.RecordSpend(_task, 1, terms.SpentAfter(2)), "past the budget"),
            _ => (Owner, PrivacyPayloads.RecordSpend(_task, 2, terms.SpentAfter(3)), "is not a round"),
        };

        AssertRejected(Tx(sender, TransactionType.PrivacyRecordSpend, payload), reason);
        Assert.Equal(before, _privacy.GetBudget(_task));
    }

    public void Dispose()
    {
        _store.Dispose();
        _chain.Dispose();
    }

    private (LedgerNode Node, PrivacyBudgetContract Privacy) OpenNode(InMemoryLedgerStore store, bool proposer = true)
    {
        var balances = new WorkerRewardLedger();
        var trading = new TradingContract(balances);
        var privacy = new PrivacyBudgetContract(trading);
        LedgerNode node = LedgerNode.Open(store, [new WorkerRewardContract(balances), trading, new ProcessingContract(trading), privacy], proposer ? _chain.Proposer : null);
        return (node, privacy);
    }

    private Transaction Tx(LedgerSigningKey sender, TransactionType type, byte[] payload) =>
        Transaction.Create(TestChain.ChainId, type, _node.GetNextNonce(sender.Address), payload, sender);

    private void Accept(Transaction tx) => Assert.Empty(_node.ProposeBlock([tx]).Rejected);

    private void AssertRejected(Transaction tx, string reason)
    {
        TransactionRejection rejection = Assert.Single(_node.ProposeBlock([tx]).Rejected);
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
    }
}
