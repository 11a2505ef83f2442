using System.Security.Cryptography;
using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

public sealed class ProcessingContractTests : IClassFixture<TestChain>
{
    private const ulong Stake = 1_000;

    // Trading: registration up to 3; G = 1, A = 4, D = 1: round 0 = gradients [4], aggregation [5, 8], decryption [9];
    // round 1 = gradients [10], aggregation [11, 14], decryption [15]. Processing closes from 15.
    // Processing: budget 1 000, 300 per round, stake 1 000, committee 3, dissent 20 % = 200, absence 10 % = 100, attempts of 2 blocks.
    private static readonly ProcessingTerms s_terms = new(1_000, 300, Stake, CommitteeSize: 3, DissentPenaltyBasisPoints: 2_000, AbsencePenaltyBasisPoints: 1_000, AttemptBlocks: 2);

    private readonly TestChain _chain;

    public ProcessingContractTests(TestChain chain) => _chain = chain;

    private LedgerSigningKey Owner => _chain.Actors[0];

    private LedgerSigningKey[] Workers => [_chain.Actors[1], _chain.Actors[2], _chain.Actors[3]];

    [Fact]
    public void Majority_PaysTheAgreeingWorkers_AndMarksTheAbsentOne()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = Start(s);
        s.AdvanceTo(5);
        BlobReference x = Blob("x");
        s.AcceptAll([
            s.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 0)),
            .. Workers[..2].Select(w => s.Tx(w, TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 0, x))),
        ]);
        Assert.Equal(new HeightWindow(5, 6), s.Processing.GetRound(task, 0)!.CurrentAttempt!.Window);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)), "can be settled from height 7");
        s.AcceptAll(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)));

        // 2 of 3 agree: they share 300 + the absent worker's 100 = 400, 200 each.
        ProcessingRound round = s.Processing.GetRound(task, 0)!;
        ProcessingAttempt attempt = round.CurrentAttempt!;
        Assert.Equal((ProcessingRoundOutcome.Agreed, x), (round.Outcome, round.AgreedAggregate!.Value));
        Assert.Equal([Workers[2].Address], attempt.Absent.AsEnumerable());
        Assert.Equal([new WorkerPenalty(Workers[2].Address, WorkerFault.Absent, 100)], attempt.Penalties.AsEnumerable());
        Assert.Equal(200UL, attempt.RewardPerWorker);
        Assert.Equal(Stake - 100, s.Processing.GetStake(task, Workers[2].Address));
        Assert.Equal(1_000UL - 300, s.Processing.GetTask(task)!.Pool);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)), "already settled");

        // Close from height 15: stakes back, the budget's rest (700) to the owner.
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(task)), "can be closed from height 15");
        s.AdvanceTo(15);
        s.AcceptAll(s.Tx(Workers[0], TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(task)));
        Assert.Equal(TestChain.GenesisPerAccount + 200 - Deposit, s.Balances.GetBalance(Workers[0].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount - 100, s.Balances.GetBalance(Workers[2].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount - 300, s.Balances.GetBalance(Owner.Address).Available + s.Trading.GetTask(task)!.RewardPool);
        Assert.Equal(0UL, s.Processing.GetStake(task, Workers[0].Address));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(task)), "closed");
        s.AssertReplayReachesTheLiveState();
    }

    [Fact]
    public void NoMajority_ReRunsWithACommitteeDrawnFromTheSettlingBlock()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = Start(s);
        s.AdvanceTo(5);
        s.AcceptAll(s.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 0)));
        s.AcceptAll(
            s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 0, Blob("x"))),
            s.Tx(Workers[1], TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 0, Blob("y"))));
        s.AcceptAll(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)));  // height 7

        // 1 : 1 with one absent is a tie: nobody is paid, nobody dissents; the absent worker loses 100 into the budget.
        ProcessingRound round = s.Processing.GetRound(task, 0)!;
        Assert.Equal(ProcessingRoundOutcome.InProgress, round.Outcome);
        Assert.Equal(2, round.Attempts.Length);
        Assert.Equal(ProcessingAttemptOutcome.NoMajority, round.Attempts[0].Outcome);
        Assert.Equal([new WorkerPenalty(Workers[2].Address, WorkerFault.Absent, 100)], round.Attempts[0].Penalties.AsEnumerable());
        Assert.Null(round.Attempts[0].AgreedAggregate);
        ProcessingAttempt rerun = round.Attempts[1];
        Assert.Equal((1, s.HashAt(6), new HeightWindow(7, 8)), (rerun.Number, rerun.Seed, rerun.Window));
        Assert.Equal(ProcessingContract.DrawCommittee(s.HashAt(6), task, 0, 1, [.. Workers.Select(w => w.Address)], 3).AsEnumerable(), rerun.Committee.AsEnumerable());

        s.AcceptAll(Workers.Select(w => s.Tx(w, TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 0, Blob("x")))));
        s.AcceptAll(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)));  // everyone in: settles early
        Assert.Equal(Blob("x"), s.Processing.GetAgreedAggregate(task, 0));
        Assert.Equal(100UL, s.Processing.GetRound(task, 0)!.CurrentAttempt!.RewardPerWorker);
        s.AssertReplayReachesTheLiveState();
    }

    [Fact]
    public void NoMajority_WithoutRoomForAnotherAttempt_FailsTheRound()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = Start(s);
        s.AdvanceTo(7);
        s.AcceptAll(s.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 0)));  // window [7, 8]
        s.AcceptAll(Workers.Select((w, i) => s.Tx(w, TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 0, Blob($"{i}")))));
        s.AcceptAll(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)));  // height 9: [9, 10] does not fit
        ProcessingRound round = s.Processing.GetRound(task, 0)!;
        Assert.Equal(ProcessingRoundOutcome.Failed, round.Outcome);
        Assert.Null(round.AgreedAggregate);
        Assert.Empty(round.CurrentAttempt!.Penalties);
        Assert.All(Workers, w => Assert.Equal(Stake, s.Processing.GetStake(task, w.Address)));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)), "already settled");
    }

    [Fact]
    public void Rejections_ChangeNothing()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = s.Open(Owner, Terms());
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms)), "only the owner");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(TaskId.Zero, s_terms)), "does not exist");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms with { AttemptBlocks = 5 })), "attempt");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms with { Budget = 599 })), "cannot pay");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms with { CommitteeSize = 0 })), "committee");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms with { WorkerStake = 0 })), "stake");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms with { DissentPenaltyBasisPoints = -1 })), "basis points");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)), "not funded");  // 9
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms)), "before the first aggregation window");

        using var t = new ContractScenario(_chain);
        task = Start(t, stakes: 2);
        t.AssertRejectedAndNothingChanged(t.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 0)), "aggregation window");  // 3
        t.AssertRejectedAndNothingChanged(t.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms)), "already funded");      // 4
        t.AssertRejectedAndNothingChanged(t.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 0)), "2 eligible workers");  // 5
        t.AssertRejectedAndNothingChanged(t.Tx(Owner, TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)), "may not work");
        t.AssertRejectedAndNothingChanged(t.Tx(Workers[0], TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)), "already staked");
        t.AssertRejectedAndNothingChanged(t.Tx(_chain.Outsider, TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)), "could not be escrowed");
        t.AssertRejectedAndNothingChanged(t.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 2)), "not a round");
        t.AssertRejectedAndNothingChanged(t.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 0)), "no committee");         // 10
        t.AcceptAll(t.Tx(Workers[2], TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)));
        t.AdvanceTo(14);
        t.AssertRejectedAndNothingChanged(t.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 1)), "too late");  // [14, 15] ends past 14
        t.AssertRejectedAndNothingChanged(t.Tx(Workers[2], TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)), "already staked");
        t.AssertRejectedAndNothingChanged(t.Tx(_chain.Outsider, TransactionType.ProcessingStake, ProcessingPayloads.Stake(task)), "no workers after height 14");
    }

    [Fact]
    public void SubmitAggregate_TwiceOrLate_IsRejected_AndCloseWaitsForThePendingAttempt()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = Start(s);
        s.AdvanceTo(11);
        s.AcceptAll(
            s.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 1)),  // [11, 12]
            s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 1, Blob("x"))));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 1)), "can be settled from height 13");  // 12
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 1, Blob("y"))), "already submitted");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[1], TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 1, Blob("x"))), "too late");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, 1)), "already has a committee");
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Outsider, TransactionType.ProcessingSubmitAggregate, ProcessingPayloads.SubmitAggregate(task, 1, Blob("x"))), "not on the committee");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(task)), "not settled");  // 17
        s.AcceptAll(
            s.Tx(Owner, TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, 1)),
            s.Tx(Owner, TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(task)));
        Assert.Equal(ProcessingRoundOutcome.Failed, s.Processing.GetRound(task, 1)!.Outcome);
        Assert.Equal(ProcessingRoundOutcome.Unassigned, s.Processing.GetRound(task, 0)!.Outcome);
        Assert.DoesNotContain(s.Balances.EscrowSnapshot(), e => e.Key.Holder == ProcessingContract.EscrowHolderOf(task));
    }

    [Fact]
    public void ProcessingFunds_CannotBeMovedByAnyKey()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = Start(s);
        AccountAddress holder = ProcessingContract.EscrowHolderOf(task);
        Assert.Equal(Stake, s.Balances.GetEscrow(Workers[0].Address, holder));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.RewardSlash, RewardPayloads.Slash(Workers[0].Address, Stake)), "in escrow for");
        s.AssertRejectedAndNothingChanged(s.Tx(Workers[0], TransactionType.RewardRelease, RewardPayloads.Release(Workers[0].Address, Stake)), "in escrow for");
    }

    [Fact]
    public void DrawCommittee_IsDeterministic_IndependentOfPoolOrder_AndDependsOnTheSeed()
    {
        AccountAddress[] pool = [.. Enumerable.Range(0, 10).Select(i => new AccountAddress(SHA256.HashData([(byte)i])))];
        var task = new TaskId(SHA256.HashData("task"u8));
        var seed = new BlockHash(SHA256.HashData("seed"u8));
        var committee = ProcessingContract.DrawCommittee(seed, task, 0, 0, pool, 4);
        Assert.Equal(4, committee.Distinct().Count());
        Assert.Equal(committee.AsEnumerable(), ProcessingContract.DrawCommittee(seed, task, 0, 0, [.. pool.Reverse()], 4).AsEnumerable());
        Assert.Equal(committee[..3].AsEnumerable(), ProcessingContract.DrawCommittee(seed, task, 0, 0, pool, 3).AsEnumerable());
        var others = Enumerable.Range(0, 16).Select(i => ProcessingContract.DrawCommittee(new BlockHash(SHA256.HashData([(byte)i])), task, 0, 0, pool, 4));
        Assert.Contains(others, c => !c.Order().SequenceEqual(committee.Order()));
        Assert.NotEqual(committee.AsEnumerable(), ProcessingContract.DrawCommittee(seed, task, 0, 1, pool, 4).AsEnumerable());
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessingContract.DrawCommittee(seed, task, 0, 0, pool, 11));
    }

    /// <summary>Opens a task with one party (worker 0 itself) and funds it; the first <paramref name="stakes"/> workers stake. Ends at height 3.</summary>
    private TaskId Start(ContractScenario s, int stakes = 3)
    {
        TaskId task = s.Open(Owner, Terms());
        s.AcceptAll([
            s.Tx(Owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, s_terms)),
            s.Tx(Workers[0], TransactionType.TradingRegister, TradingPayloads.Register(task)),
            .. Workers[..stakes].Select(w => s.Tx(w, TransactionType.ProcessingStake, ProcessingPayloads.Stake(task))),
        ]);
        return task;
    }

    private const ulong Deposit = 100;

    private static TradingTaskParameters Terms() =>
        new(new BlobId(SHA256.HashData("model"u8)), ParameterCount: 10, Rounds: 2, AggregationScheme: 1, Threshold: 1, MinParties: 1, MaxParties: 3,
            Deposit, PenaltyBasisPoints: 0, RewardBudget: 0, RegistrationDeadline: 3, GradientBlocks: 1, AggregationBlocks: 4, DecryptionBlocks: 1);

    private static BlobReference Blob(string name) => new(new BlobId(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(name))), 777);
}
