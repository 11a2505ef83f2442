using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

public sealed class ProcessingContractTests : IClassFixture<TestChain>
{
    private const long Start = 1_800_000_000_000;
    private const long Registration = Start + 10_000;
    private const long Round = 5_000;
    private const ulong Budget = 300;
    private const ulong Reward = 100;
    private const ulong WorkerDeposit = 50;

    private readonly TestChain _chain;

    public ProcessingContractTests(TestChain chain) => _chain = chain;

    private LedgerSigningKey Owner => _chain.Actors[0];

    private LedgerSigningKey[] Workers => _chain.Actors[1..];

    [Fact]
    public void Rounds_PayTheAgreeingQuorum_SlashDissentersAndAbsentees_AndCloseReturnsTheBudget()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = OpenAndFund(s, quorum: 2);
        BlobReference a = Aggregate(1);
        BlobReference b = Aggregate(2);

        // Round 0: all three claim; two agree on a, one says b.
        s.AcceptAll(Workers.Select(w => s.Tx(w, TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 0))));
        s.At(Registration + Round + 1);
        s.AcceptAll([
            s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, a)),
            s.Tx(Workers[1], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, a)),
            s.Tx(Workers[2], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, b)),
        ]);
        s.At(Registration + (2 * Round) + 1);
        s.AcceptAll([s.Tx(Workers[2], TransactionType.ProcessingSettleRound, ProcessingContract.RoundPayload(task, 0))]);
        Assert.Equal(a, s.Processing.GetAgreedAggregate(task, 0));
        Assert.Equal(TestChain.GenesisPerAccount + (Reward / 2), s.Balances.GetBalance(Workers[0].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount + (Reward / 2), s.Balances.GetBalance(Workers[1].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount - WorkerDeposit, s.Balances.GetBalance(Workers[2].Address).Available);

        // Round 1: two claim, one submits: no quorum, so nobody is paid; the absentee is slashed.
        s.AcceptAll(Workers[..2].Select(w => s.Tx(w, TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 1))));
        s.AcceptAll([s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 1, a))]);
        s.At(Registration + (3 * Round) + 1);
        s.AcceptAll([s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingContract.RoundPayload(task, 1))]);
        Assert.Null(s.Processing.GetAgreedAggregate(task, 1));
        Assert.Equal(TestChain.GenesisPerAccount + (Reward / 2), s.Balances.GetBalance(Workers[0].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount + (Reward / 2) - WorkerDeposit, s.Balances.GetBalance(Workers[1].Address).Available);

        s.AcceptAll([s.Tx(Owner, TransactionType.ProcessingCloseTask, TradingPayloads.Task(task))]);
        Assert.Empty(s.Balances.EscrowSnapshot());
        Assert.Equal(TestChain.GenesisPerAccount - Reward + (2 * WorkerDeposit), s.Balances.GetBalance(Owner.Address).Available);
        Assert.Equal((UInt128)s.Balances.TotalSupply, s.Balances.ComputeSupply());

        (WorkerRewardLedger balances, _, ProcessingContract processing) = s.Replay();
        Assert.Equal(s.Balances.Snapshot(), balances.Snapshot());
        Assert.Equal(a, processing.GetAgreedAggregate(task, 0));
        Assert.Equal(s.Processing.GetClaimants(task, 1).AsEnumerable(), processing.GetClaimants(task, 1).AsEnumerable());
    }

    [Fact]
    public void Settle_TiedGroups_PayNobody_AndRefundEverySubmitter()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = OpenAndFund(s, quorum: 1);
        s.AcceptAll(Workers[..2].Select(w => s.Tx(w, TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 0))));
        s.At(Registration + Round + 1);
        s.AcceptAll([
            s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, Aggregate(1))),
            s.Tx(Workers[1], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, Aggregate(2))),
        ]);
        s.At(Registration + (2 * Round) + 1);
        s.AcceptAll([s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingContract.RoundPayload(task, 0))]);
        Assert.Null(s.Processing.GetAgreedAggregate(task, 0));
        Assert.All(Workers[..2], w => Assert.Equal(TestChain.GenesisPerAccount, s.Balances.GetBalance(w.Address).Available));
        Assert.Equal(Budget, s.Balances.GetEscrow(Owner.Address, ProcessingContract.EscrowHolderOf(task)));
    }

    [Fact]
    public void Rejections_ChangeNothing()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = OpenTask(s);
        byte[] terms = ProcessingContract.FundTaskPayload(task, new ProcessingTerms(Budget, Reward, WorkerDeposit, 2, 3));
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingFundTask, terms), "only the owner");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingContract.FundTaskPayload(task, new ProcessingTerms(Reward, Reward, WorkerDeposit, 2, 3))), "cannot pay");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingContract.FundTaskPayload(TaskId.Zero, new ProcessingTerms(Budget, Reward, WorkerDeposit, 2, 3))), "does not exist");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 0)), "not funded");
        s.AcceptAll([s.Tx(Owner, TransactionType.ProcessingFundTask, terms)]);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, terms), "already funded");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 0)), "may not work");
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Outsider, TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 0)), "deposit");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 2)), "not a round");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingClaimRound, [1, 2]), "bytes");
        s.AcceptAll([s.Tx(Workers[0], TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 0))]);
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 0)), "already claimed");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, Aggregate(1))), "window");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[1], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, Aggregate(1))), "has not claimed");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingContract.RoundPayload(task, 0)), "cannot be settled");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingContract.RoundPayload(task, 1)), "nobody claimed");
        s.At(Registration + Round + 1);
        s.AcceptAll([s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, Aggregate(1)))]);
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingContract.AggregatePayload(task, 0, Aggregate(1))), "already submitted");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingCloseTask, TradingPayloads.Task(task)), "cannot be closed");
        s.At(Registration + (3 * Round) + 1);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingCloseTask, TradingPayloads.Task(task)), "not settled");
        s.AcceptAll([s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingContract.RoundPayload(task, 0))]);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingContract.RoundPayload(task, 0)), "already settled");
        s.AcceptAll([s.Tx(Owner, TransactionType.ProcessingCloseTask, TradingPayloads.Task(task))]);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingCloseTask, TradingPayloads.Task(task)), "already closed");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[1], TransactionType.ProcessingClaimRound, ProcessingContract.RoundPayload(task, 1)), "closed");
    }

    [Fact]
    public void ProcessingDeposits_CannotBeMovedByAnyKey()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = OpenAndFund(s, quorum: 1);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.RewardRelease, RewardPayloads.Release(Owner.Address, Budget)), "in escrow for");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.RewardSlash, RewardPayloads.Slash(Owner.Address, Budget)), "in escrow for");
    }

    private TaskId OpenTask(ContractScenario s) => s.Open(Owner, new TradingTaskParameters(
        new BlobId(System.Security.Cryptography.SHA256.HashData("model"u8)), 2, Registration, Round, 10, 1, 3, 1));

    private TaskId OpenAndFund(ContractScenario s, int quorum)
    {
        TaskId task = OpenTask(s);
        s.AcceptAll([s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingContract.FundTaskPayload(task, new ProcessingTerms(Budget, Reward, WorkerDeposit, quorum, 3)))]);
        Assert.Equal(Budget, s.Balances.GetEscrow(Owner.Address, ProcessingContract.EscrowHolderOf(task)));
        return task;
    }

    private static BlobReference Aggregate(byte tag) => new(new BlobId(System.Security.Cryptography.SHA256.HashData([tag])), 4096);
}
