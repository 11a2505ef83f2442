using System.Security.Cryptography;
using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

public sealed class TradingContractTests : IClassFixture<TestChain>
{
    private const ulong Deposit = 1_000;
    private const ulong Budget = 600;

    // Registration up to height 3; rounds of G = 1, A = 1, D = 2 blocks: round r = [4 + 4r, 7 + 4r].
    private const long Registration = 3;

    private readonly TestChain _chain;

    public TradingContractTests(TestChain chain) => _chain = chain;

    private LedgerSigningKey Owner => _chain.Actors[0];

    private LedgerSigningKey[] Parties => [_chain.Actors[1], _chain.Actors[2], _chain.Actors[3]];

    [Fact]
    public void Schedule_RoundsFollowTheRegistrationDeadline_InConsecutivePhases()
    {
        TradingTaskParameters terms = Terms();
        Assert.Equal(4, terms.RoundBlocks);
        Assert.Equal(new HeightWindow(4, 4), terms.GradientWindow(0));
        Assert.Equal(new HeightWindow(5, 5), terms.AggregationWindow(0));
        Assert.Equal(new HeightWindow(6, 7), terms.DecryptionWindow(0));
        Assert.Equal(new HeightWindow(8, 8), terms.GradientWindow(1));
        Assert.Equal(12, terms.FinishFrom);
        Assert.Equal(250UL, terms.Penalty);
        Assert.Equal(300UL, terms.RoundReward);
        Assert.Throws<ArgumentOutOfRangeException>(() => terms.GradientWindow(2));
    }

    [Fact]
    public void FullTask_PenaltiesFundTheRoundReward_AndFinishRefundsWhatIsLeft()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = s.Open(Owner, Terms());
        Assert.Equal(Budget, s.Trading.GetTask(task)!.RewardPool);
        s.AcceptAll(Parties.Select(p => s.Tx(p, TransactionType.TradingRegister, TradingPayloads.Register(task))));
        Assert.All(Parties, p => Assert.Equal(Deposit, s.Trading.GetDeposit(task, p.Address)));

        // Round 0: everyone submits; round 1: party 2 does not.
        s.AdvanceTo(4);
        s.AcceptAll(Parties.Select(p => s.Tx(p, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, 0, Blob(p, 0)))));
        s.AdvanceTo(6);
        s.AcceptAll(Parties[..2].Select(p => s.Tx(p, TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(task, 0, Blob(p, 10)))));
        s.AdvanceTo(8);
        s.AcceptAll([
            s.Tx(Owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 0)),
            .. Parties[..2].Select(p => s.Tx(p, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, 1, Blob(p, 1)))),
        ]);

        // Round 0 closed: RoundReward 300 / 3 = 100 each; 2 valid shares = the threshold: decrypted.
        TradingRound r0 = s.Trading.GetRound(task, 0)!;
        Assert.Equal((TradingRoundOutcome.Decrypted, 2, 100UL), (r0.Outcome, r0.ValidShareCount, r0.RewardPerParty));
        s.AdvanceTo(10);
        s.AcceptAll(s.Tx(Parties[0], TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(task, 1, Blob(Parties[0], 11))));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)), "can be finished from height 12");
        s.AdvanceTo(12);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)), "round 1 of task");
        s.AcceptAll(
            s.Tx(Parties[2], TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 1)),
            s.Tx(Parties[2], TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)));

        // Round 1: party 2 forfeits 250; parties 0 and 1 share 300 + 250 = 550: 275 each. One valid share < 2: failed.
        TradingRound r1 = s.Trading.GetRound(task, 1)!;
        Assert.Equal((TradingRoundOutcome.Failed, 1, 275UL), (r1.Outcome, r1.ValidShareCount, r1.RewardPerParty));
        Assert.Equal([new PartyForfeit(Parties[2].Address, PartyFault.MissingGradient, 250)], r1.Forfeits.AsEnumerable());
        TradingTask finished = s.Trading.GetTask(task)!;
        Assert.True(finished.IsFinished);
        Assert.False(finished.IsCancelled);
        Assert.Equal(2, finished.ClosedRounds);

        // Parties 0, 1: +100 +275; party 2: +100 −250; owner: −600 + 0 left (600 + 250 − 300 − 550 = 0).
        Assert.Equal(TestChain.GenesisPerAccount + 375, s.Balances.GetBalance(Parties[0].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount + 375, s.Balances.GetBalance(Parties[1].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount - 150, s.Balances.GetBalance(Parties[2].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount - Budget, s.Balances.GetBalance(Owner.Address).Available);
        Assert.Empty(s.Balances.EscrowSnapshot());
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)), "already finished");
        s.AssertReplayReachesTheLiveState();
    }

    [Fact]
    public void CloseRound_InvalidShare_ForfeitsAndIsNotCounted_AndTheVerifierSeesThePartyIndex()
    {
        BlobReference bad = Blob(_chain.Actors[2], 50);
        var verifier = new RejectingShareVerifier(bad.Id);
        using var s = new ContractScenario(_chain, verifier: verifier);
        TaskId task = s.Open(Owner, Terms());
        s.AcceptAll(Parties.Select(p => s.Tx(p, TransactionType.TradingRegister, TradingPayloads.Register(task))));
        s.AdvanceTo(4);
        s.AcceptAll(Parties.Select(p => s.Tx(p, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, 0, Blob(p, 0)))));
        s.AdvanceTo(6);
        s.AcceptAll(
            s.Tx(Parties[0], TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(task, 0, Blob(Parties[0], 50))),
            s.Tx(Parties[1], TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(task, 0, bad)));
        Assert.Equal([true, false], s.Trading.GetDecryptionShares(task, 0).Select(x => x.IsValid));
        Assert.Equal([0, 1], verifier.Claims.Select(c => c.PartyIndex));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 0)), "can be closed from height 8");
        s.AdvanceTo(8);
        s.AcceptAll(s.Tx(Owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 0)));

        // One valid share < threshold 2: failed. Party 1 forfeits 250; parties 0 and 2 share 300 + 250: 275 each.
        TradingRound round = s.Trading.GetRound(task, 0)!;
        Assert.Equal((TradingRoundOutcome.Failed, 1, 275UL), (round.Outcome, round.ValidShareCount, round.RewardPerParty));
        Assert.Equal([Parties[0].Address, Parties[2].Address], round.Rewarded.AsEnumerable());
        Assert.Equal(Deposit - 250, s.Trading.GetDeposit(task, Parties[1].Address));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 0)), "already closed");
        s.AssertReplayReachesTheLiveState();
    }

    [Fact]
    public void Penalties_NeverTakeMoreThanIsLeftOfTheDeposit()
    {
        var verifier = new RejectingShareVerifier(Blob(_chain.Actors[1], 60).Id);
        using var s = new ContractScenario(_chain, verifier: verifier);
        TaskId task = s.Open(Owner, Terms(minParties: 1, threshold: 1) with { PenaltyBasisPoints = 6_000 });
        s.AcceptAll(s.Tx(Parties[0], TransactionType.TradingRegister, TradingPayloads.Register(task)));
        s.AdvanceTo(6);

        // No gradient (600) and an invalid share (the 400 left): the deposit is gone, nothing more.
        s.AcceptAll(s.Tx(Parties[0], TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(task, 0, Blob(Parties[0], 60))));
        s.AdvanceTo(8);
        s.AcceptAll(s.Tx(Owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 0)));
        Assert.Equal(
            [new PartyForfeit(Parties[0].Address, PartyFault.MissingGradient, 600), new PartyForfeit(Parties[0].Address, PartyFault.InvalidDecryptionShare, 400)],
            s.Trading.GetRound(task, 0)!.Forfeits.AsEnumerable());
        Assert.Equal(0UL, s.Trading.GetDeposit(task, Parties[0].Address));
        Assert.Empty(s.Trading.GetRound(task, 0)!.Rewarded);
        Assert.Equal(Budget + Deposit, s.Trading.GetTask(task)!.RewardPool);
    }

    [Fact]
    public void Register_Rejections_ChangeNothing()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = s.Open(Owner, Terms(maxParties: 2) with { RegistrationDeadline = 20 });
        s.AcceptAll(s.Tx(Parties[0], TransactionType.TradingRegister, TradingPayloads.Register(task)));
        s.AssertRejectedAndNothingChanged(s.Tx(Parties[0], TransactionType.TradingRegister, TradingPayloads.Register(task)), "already registered");
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Outsider, TransactionType.TradingRegister, TradingPayloads.Register(task)), "deposit");
        s.AssertRejectedAndNothingChanged(s.Tx(Parties[1], TransactionType.TradingRegister, TradingPayloads.Register(TaskId.Zero)), "does not exist");
        s.AssertRejectedAndNothingChanged(s.Tx(Parties[1], TransactionType.TradingRegister, [1, 2, 3]), "bytes");
        s.AcceptAll(s.Tx(Parties[1], TransactionType.TradingRegister, TradingPayloads.Register(task)));
        s.AssertRejectedAndNothingChanged(s.Tx(Parties[2], TransactionType.TradingRegister, TradingPayloads.Register(task)), "full");
        s.AdvanceTo(21);
        s.AssertRejectedAndNothingChanged(s.Tx(Parties[2], TransactionType.TradingRegister, TradingPayloads.Register(task)), "closed");
    }

    [Fact]
    public void Submissions_OutsideTheirWindowOrTwice_AreRejected()
    {
        // Each rejection is proposed alone, so each takes one block: the heights are noted on the right.
        using var s = new ContractScenario(_chain);
        TaskId task = s.Open(Owner, Terms(minParties: 1, threshold: 1) with { GradientBlocks = 3, DecryptionBlocks = 3 });
        TradingTaskParameters terms = s.Trading.GetTask(task)!.Parameters;
        Assert.Equal((new HeightWindow(4, 6), new HeightWindow(8, 10)), (terms.GradientWindow(0), terms.DecryptionWindow(0)));
        LedgerSigningKey party = Parties[0];
        s.AcceptAll(s.Tx(party, TransactionType.TradingRegister, TradingPayloads.Register(task)));
        Transaction Gradient(int round) => s.Tx(party, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, round, Blob(party, round)));
        Transaction Share(int round) => s.Tx(party, TransactionType.TradingSubmitDecryptionShare, TradingPayloads.SubmitDecryptionShare(task, round, Blob(party, 5)));

        s.AssertRejectedAndNothingChanged(Gradient(0), "too early");                 // 3
        s.AcceptAll(Gradient(0));                                                     // 4
        s.AssertRejectedAndNothingChanged(Gradient(0), "already submitted");         // 5
        s.AssertRejectedAndNothingChanged(Share(0), "too early");                    // 6
        s.AssertRejectedAndNothingChanged(Gradient(2), "not a round");               // 7
        s.AcceptAll(Share(0));                                                        // 8
        s.AssertRejectedAndNothingChanged(Share(0), "already submitted");            // 9
        s.AssertRejectedAndNothingChanged(Gradient(-1), "not a round");              // 10
        s.AssertRejectedAndNothingChanged(
            s.Tx(Parties[1], TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, 0, Blob(party, 0))), "not registered");  // 11
        s.AssertRejectedAndNothingChanged(
            s.Tx(party, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(TaskId.Zero, 0, Blob(party, 0))), "does not exist"); // 12
        Assert.Equal(13, s.Height);
        s.AssertRejectedAndNothingChanged(Gradient(0), "too late");                  // 13
        s.AssertRejectedAndNothingChanged(Share(0), "too late");                     // 14
    }

    [Fact]
    public void TooFewParties_CancelsTheTask_AndFinishingRefundsEveryoneAndTheBudget()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = s.Open(Owner, Terms(minParties: 3, threshold: 2));
        LedgerSigningKey party = Parties[0];
        s.AcceptAll(s.Tx(party, TransactionType.TradingRegister, TradingPayloads.Register(task)));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)), "still open for registration");
        s.AdvanceTo(4);
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, 0, Blob(party, 0))), "cancelled");
        s.AdvanceTo(8);
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 0)), "cancelled");
        s.AcceptAll(s.Tx(party, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)));
        Assert.True(s.Trading.GetTask(task)!.IsCancelled);
        Assert.Equal(TestChain.GenesisPerAccount, s.Balances.GetBalance(party.Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount, s.Balances.GetBalance(Owner.Address).Available);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)), "already finished");
    }

    [Fact]
    public void TaskFunds_CannotBeMovedByAnyKey()
    {
        using var s = new ContractScenario(_chain);
        TaskId task = s.Open(Owner, Terms());
        LedgerSigningKey party = Parties[0];
        s.AcceptAll(s.Tx(party, TransactionType.TradingRegister, TradingPayloads.Register(task)));
        Assert.Equal(Deposit, s.Balances.GetEscrow(party.Address, TradingContract.EscrowHolderOf(task)));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.RewardSlash, RewardPayloads.Slash(party.Address, Deposit)), "in escrow for");
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.RewardRelease, RewardPayloads.Release(party.Address, Deposit)), "in escrow for");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.RewardRelease, RewardPayloads.Release(TradingContract.EscrowHolderOf(task), Budget)), "in escrow for");
    }

    [Theory]
    [InlineData("rounds")]
    [InlineData("parameter count")]
    [InlineData("deposit")]
    [InlineData("penalty")]
    [InlineData("party limits")]
    [InlineData("threshold")]
    [InlineData("phase")]
    [InlineData("out of range")]
    [InlineData("before this block")]
    [InlineData("reward budget")]
    public void OpenTask_InvalidTerms_AreRejected(string expected)
    {
        using var s = new ContractScenario(_chain);
        TradingTaskParameters terms = expected switch
        {
            "rounds" => Terms() with { Rounds = 0 },
            "parameter count" => Terms() with { ParameterCount = 0 },
            "deposit" => Terms() with { Deposit = 0 },
            "penalty" => Terms() with { PenaltyBasisPoints = 10_001 },
            "party limits" => Terms(minParties: 3, maxParties: 2),
            "threshold" => Terms(threshold: 3),
            "phase" => Terms() with { DecryptionBlocks = 0 },
            "out of range" => Terms() with { RegistrationDeadline = long.MaxValue - 5 },
            "before this block" => Terms() with { RegistrationDeadline = 0 },
            _ => Terms() with { RewardBudget = TestChain.GenesisPerAccount + 1 },
        };
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingOpenTask, TradingPayloads.OpenTask(terms)), expected);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingOpenTask, new byte[10]), "bytes");
        Assert.Empty(s.Trading.Tasks);
    }

    internal static TradingTaskParameters Terms(int minParties = 2, int maxParties = 3, int threshold = 2) =>
        new(new BlobId(SHA256.HashData("model"u8)), ParameterCount: 10, Rounds: 2, AggregationScheme: 1, threshold, minParties, maxParties,
            Deposit, PenaltyBasisPoints: 2_500, RewardBudget: Budget, RegistrationDeadline: Registration, GradientBlocks: 1, AggregationBlocks: 1, DecryptionBlocks: 2);

    internal static BlobReference Blob(LedgerSigningKey party, int round) =>
        new(new BlobId(SHA256.HashData([.. party.Address.ToArray(), (byte)round])), 1234);
}
