using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

public sealed class TradingContractTests : IClassFixture<TestChain>
{
    private const ulong Deposit = 1_000;
    private const long Start = 1_800_000_000_000;      // Unix ms of the first block
    private const long Registration = Start + 10_000;  // registration deadline
    private const long Round = 5_000;                  // round duration

    private readonly TestChain _chain;

    public TradingContractTests(TestChain chain) => _chain = chain;

    private LedgerSigningKey Owner => _chain.Actors[0];

    [Fact]
    public void FullTask_RefundsPartiesThatSubmittedEveryRound_AndForfeitsTheRestToTheOwner()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = s.Open(Owner, Terms());
        LedgerSigningKey[] parties = [_chain.Actors[1], _chain.Actors[2], _chain.Actors[3]];
        s.AcceptAll(parties.Select(p => s.Tx(p, TransactionType.TradingRegister, TradingPayloads.Task(task))));
        Assert.All(parties, p => Assert.Equal(Deposit, s.Balances.GetEscrow(p.Address, TradingContract.EscrowHolderOf(task))));

        s.At(Registration + 1);
        s.AcceptAll(parties.Select(p => s.Tx(p, TransactionType.TradingSubmitGradient, TradingPayloads.RoundBlob(task, 0, Blob(p, 0)))));
        s.At(Registration + Round + 1);
        s.AcceptAll(parties[..2].Select(p => s.Tx(p, TransactionType.TradingSubmitGradient, TradingPayloads.RoundBlob(task, 1, Blob(p, 1)))));
        s.At(Registration + (2 * Round) + 1);
        s.AcceptAll(parties[..2].Select(p => s.Tx(p, TransactionType.TradingSubmitDecryptionShare, TradingPayloads.RoundBlob(task, 1, Blob(p, 9)))));
        Assert.Equal(3, s.Trading.GetGradients(task, 0).Length);
        Assert.Equal(2, s.Trading.GetGradients(task, 1).Length);
        Assert.Equal(2, s.Trading.GetDecryptionShares(task, 1).Length);

        s.At(Registration + (3 * Round) + 1);
        s.AcceptAll([s.Tx(parties[0], TransactionType.TradingFinishTask, TradingPayloads.Task(task))]);

        Assert.True(s.Trading.GetTask(task)!.IsFinished);
        Assert.Equal(TestChain.GenesisPerAccount, s.Balances.GetBalance(parties[0].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount, s.Balances.GetBalance(parties[1].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount - Deposit, s.Balances.GetBalance(parties[2].Address).Available);
        Assert.Equal(TestChain.GenesisPerAccount + Deposit, s.Balances.GetBalance(Owner.Address).Available);
        Assert.Empty(s.Balances.EscrowSnapshot());
        Assert.Equal((UInt128)s.Balances.TotalSupply, s.Balances.ComputeSupply());

        // Replaying the stored ledger reaches the same task and balances.
        (WorkerRewardLedger balances, TradingContract trading, _) = s.Replay();
        Assert.Equal(s.Balances.Snapshot(), balances.Snapshot());
        Assert.Equal(s.Trading.GetTask(task)!.Parties.AsEnumerable(), trading.GetTask(task)!.Parties.AsEnumerable());
        Assert.Equal(s.Trading.GetDecryptionShares(task, 1).AsEnumerable(), trading.GetDecryptionShares(task, 1).AsEnumerable());
        Assert.True(trading.GetTask(task)!.IsFinished);
    }

    [Fact]
    public void Register_Rejections_ChangeNothing()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = s.Open(Owner, Terms(maxParties: 2));
        s.AcceptAll([s.Tx(_chain.Actors[1], TransactionType.TradingRegister, TradingPayloads.Task(task))]);
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[1], TransactionType.TradingRegister, TradingPayloads.Task(task)), "already registered");
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Outsider, TransactionType.TradingRegister, TradingPayloads.Task(task)), "deposit");
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[2], TransactionType.TradingRegister, TradingPayloads.Task(TaskId.Zero)), "does not exist");
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[2], TransactionType.TradingRegister, [1, 2, 3]), "bytes");
        s.AcceptAll([s.Tx(_chain.Actors[2], TransactionType.TradingRegister, TradingPayloads.Task(task))]);
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[3], TransactionType.TradingRegister, TradingPayloads.Task(task)), "full");
        s.At(Registration + 1);
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[3], TransactionType.TradingRegister, TradingPayloads.Task(task)), "closed");
    }

    [Fact]
    public void Submissions_OutsideTheirWindowOrTwice_AreRejected()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = s.Open(Owner, Terms(minParties: 1, threshold: 1));
        LedgerSigningKey party = _chain.Actors[1];
        s.AcceptAll([s.Tx(party, TransactionType.TradingRegister, TradingPayloads.Task(task))]);
        Transaction Gradient(int round) => s.Tx(party, TransactionType.TradingSubmitGradient, TradingPayloads.RoundBlob(task, round, Blob(party, round)));

        s.AssertRejectedAndNothingChanged(Gradient(0), "too early");
        s.At(Registration + 1);
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.TradingSubmitDecryptionShare, TradingPayloads.RoundBlob(task, 0, Blob(party, 5))), "too early");
        s.AssertRejectedAndNothingChanged(Gradient(2), "not a round");
        s.AssertRejectedAndNothingChanged(Gradient(-1), "not a round");
        s.AssertRejectedAndNothingChanged(s.Tx(_chain.Actors[2], TransactionType.TradingSubmitGradient, TradingPayloads.RoundBlob(task, 0, Blob(party, 0))), "not registered");
        s.AcceptAll([Gradient(0)]);
        s.AssertRejectedAndNothingChanged(Gradient(0), "already submitted");
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.TradingFinishTask, TradingPayloads.Task(task)), "cannot be finished");
        s.At(Registration + (2 * Round) + 1);
        s.AssertRejectedAndNothingChanged(Gradient(1), "too late");
        s.At(Registration + (3 * Round) + 1);
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.TradingSubmitDecryptionShare, TradingPayloads.RoundBlob(task, 0, Blob(party, 5))), "too late");
    }

    [Fact]
    public void TooFewParties_CancelsTheTask_AndFinishingRefundsEveryone()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = s.Open(Owner, Terms(minParties: 3, threshold: 2));
        LedgerSigningKey party = _chain.Actors[1];
        s.AcceptAll([s.Tx(party, TransactionType.TradingRegister, TradingPayloads.Task(task))]);
        s.At(Registration + 1);
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.TradingSubmitGradient, TradingPayloads.RoundBlob(task, 0, Blob(party, 0))), "cancelled");
        s.AcceptAll([s.Tx(Owner, TransactionType.TradingFinishTask, TradingPayloads.Task(task))]);
        Assert.Equal(TestChain.GenesisPerAccount, s.Balances.GetBalance(party.Address).Available);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingFinishTask, TradingPayloads.Task(task)), "already finished");
    }

    [Fact]
    public void TaskDeposits_CannotBeMovedByAnyKey()
    {
        using var s = new ContractScenario(_chain, Start);
        TaskId task = s.Open(Owner, Terms());
        LedgerSigningKey party = _chain.Actors[1];
        s.AcceptAll([s.Tx(party, TransactionType.TradingRegister, TradingPayloads.Task(task))]);
        Assert.Equal(Deposit, s.Balances.GetEscrow(party.Address, TradingContract.EscrowHolderOf(task)));
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.RewardSlash, RewardPayloads.Slash(party.Address, Deposit)), "in escrow for");
        s.AssertRejectedAndNothingChanged(s.Tx(party, TransactionType.RewardRelease, RewardPayloads.Release(party.Address, Deposit)), "in escrow for");
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 1, "rounds")]
    [InlineData(2, 0, 1, 1, 1, "duration")]
    [InlineData(2, Round, 0, 1, 1, "deposit")]
    [InlineData(2, Round, 1, 2, 1, "party limits")]
    [InlineData(2, Round, 1, 1, 2, "threshold")]
    [InlineData(2, long.MaxValue, 1, 1, 1, "out of range")]
    public void OpenTask_InvalidTerms_AreRejected(int rounds, long duration, long deposit, int minParties, int threshold, string expected)
    {
        using var s = new ContractScenario(_chain, Start);
        var terms = new TradingTaskParameters(BlobId.Zero, rounds, Registration, duration, (ulong)deposit, minParties, 1, threshold);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingOpenTask, TradingPayloads.OpenTask(terms)), expected);
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingOpenTask, TradingPayloads.OpenTask(Terms() with { RegistrationDeadline = Start - 1 })), "passed");
        s.AssertRejectedAndNothingChanged(s.Tx(Owner, TransactionType.TradingOpenTask, new byte[10]), "bytes");
    }

    private static TradingTaskParameters Terms(int minParties = 2, int maxParties = 3, int threshold = 2) =>
        new(new BlobId(System.Security.Cryptography.SHA256.HashData("model"u8)), 2, Registration, Round, Deposit, minParties, maxParties, threshold);

    private static BlobReference Blob(LedgerSigningKey party, int round) =>
        new(new BlobId(System.Security.Cryptography.SHA256.HashData([.. party.Address.ToArray(), (byte)round])), 1234);
}
