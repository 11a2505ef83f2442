using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Tests.Ledger;

public sealed class LedgerNodeTests : IClassFixture<TestChain>
{
    private readonly TestChain _chain;

    public LedgerNodeTests(TestChain chain) => _chain = chain;

    [Fact]
    public void ProposeBlock_Genesis_Allocates()
    {
        (LedgerNode node, WorkerRewardContract contract) = Started(out _);
        Assert.Equal(1, node.BlockCount);
        Assert.Equal(4 * TestChain.GenesisPerAccount, contract.Ledger.TotalSupply);
        Assert.Equal(1UL, node.GetNextNonce(_chain.Actors[0].Address));
        Assert.Equal(TestChain.GenesisPerAccount, contract.Ledger.GetBalance(_chain.Actors[3].Address).Available);
    }

    [Fact]
    public void ProposeBlock_ReplayedTransaction_IsRejectedWithReasonAndChangesNothing()
    {
        (LedgerNode node, WorkerRewardContract contract) = Started(out _);
        Transaction pay = Transfer(_chain.Actors[1], 0, _chain.Actors[2], 500);
        Assert.Empty(node.ProposeBlock([pay]).Rejected);
        var before = contract.Ledger.Snapshot();

        BlockProposal again = node.ProposeBlock([pay]);

        TransactionRejection rejection = Assert.Single(again.Rejected);
        Assert.Equal(pay.Id, rejection.Id);
        Assert.Equal(_chain.Actors[1].Address, rejection.Sender);
        Assert.Contains("already used", rejection.Reason, StringComparison.Ordinal);
        Assert.Empty(again.Block.Transactions);
        Assert.Equal(before, contract.Ledger.Snapshot());
        Assert.Equal(1UL, node.GetNextNonce(_chain.Actors[1].Address));
    }

    [Fact]
    public void ProposeBlock_TwiceInOneBatch_SecondIsRejectedAsReplay()
    {
        (LedgerNode node, _) = Started(out _);
        Transaction pay = Transfer(_chain.Actors[1], 0, _chain.Actors[2], 500);
        BlockProposal proposal = node.ProposeBlock([pay, pay]);
        Assert.Single(proposal.Block.Transactions);
        Assert.Contains("replay", Assert.Single(proposal.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ProposeBlock_WrongChainId_IsRejectedWithReason()
    {
        (LedgerNode node, WorkerRewardContract contract) = Started(out _);
        var before = contract.Ledger.Snapshot();
        Transaction tx = Transaction.Create(TestChain.ChainId + 1, TransactionType.RewardTransfer, 0, RewardPayloads.Transfer(_chain.Actors[2].Address, 1), _chain.Actors[1]);
        string reason = Assert.Single(node.ProposeBlock([tx]).Rejected).Reason;
        Assert.Contains($"chain {TestChain.ChainId + 1}", reason, StringComparison.Ordinal);
        Assert.Equal(before, contract.Ledger.Snapshot());
        Assert.Equal(0UL, node.GetNextNonce(_chain.Actors[1].Address));
    }

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)7)]
    [InlineData((ushort)999)]
    [InlineData(ushort.MaxValue)]
    public void ProposeBlock_UnknownType_IsRejectedWithReason(ushort type)
    {
        (LedgerNode node, WorkerRewardContract contract) = Started(out _);
        var before = contract.Ledger.Snapshot();
        Transaction tx = Transaction.Create(TestChain.ChainId, (TransactionType)type, 0, [], _chain.Actors[1]);
        Assert.Contains($"type {type}", Assert.Single(node.ProposeBlock([tx]).Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(before, contract.Ledger.Snapshot());
    }

    [Fact]
    public void ProposeBlock_OversizedPayload_IsRejectedWithReason()
    {
        (LedgerNode node, _) = Started(out _);
        Transaction tx = Transaction.Create(TestChain.ChainId, TransactionType.RewardTransfer, 0, new byte[_chain.Parameters.MaxPayloadBytes + 1], _chain.Actors[1]);
        Assert.Contains("limit", Assert.Single(node.ProposeBlock([tx]).Rejected).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(39)]
    [InlineData(41)]
    public void ProposeBlock_MalformedPayload_IsRejectedWithReason(int length)
    {
        (LedgerNode node, WorkerRewardContract contract) = Started(out _);
        var before = contract.Ledger.Snapshot();
        Transaction tx = Transaction.Create(TestChain.ChainId, TransactionType.RewardTransfer, 0, new byte[length], _chain.Actors[1]);
        Assert.Contains("bytes", Assert.Single(node.ProposeBlock([tx]).Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(before, contract.Ledger.Snapshot());
        Assert.Equal(0UL, node.GetNextNonce(_chain.Actors[1].Address));
    }

    [Fact]
    public void ProposeBlock_NonceAhead_IsRejected_AndARejectedNonceCanBeReused()
    {
        (LedgerNode node, _) = Started(out _);
        Assert.Contains("ahead", Assert.Single(node.ProposeBlock([Transfer(_chain.Actors[1], 1, _chain.Actors[2], 5)]).Rejected).Reason, StringComparison.Ordinal);
        Assert.Contains("available", Assert.Single(node.ProposeBlock([Transfer(_chain.Actors[1], 0, _chain.Actors[2], ulong.MaxValue)]).Rejected).Reason, StringComparison.Ordinal);
        Assert.Empty(node.ProposeBlock([Transfer(_chain.Actors[1], 0, _chain.Actors[2], 5)]).Rejected);
    }

    [Fact]
    public void ProposeBlock_BeyondCapacity_RejectsTheRestAsBlockFull()
    {
        (LedgerNode node, _) = Started(out _);
        int limit = _chain.Parameters.MaxTransactionsPerBlock;
        Transaction[] txs = [.. Enumerable.Range(0, limit + 2).Select(i => Transfer(_chain.Actors[1], (ulong)i, _chain.Actors[2], 1))];
        BlockProposal proposal = node.ProposeBlock(txs);
        Assert.Equal(limit, proposal.Block.Transactions.Length);
        Assert.All(proposal.Rejected, r => Assert.Contains("full", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void ProposeBlock_GenesisAgain_IsRejected()
    {
        (LedgerNode node, WorkerRewardContract contract) = Started(out _);
        Transaction second = Transaction.Create(TestChain.ChainId, TransactionType.RewardGenesis, 1,
            RewardPayloads.Genesis([new GenesisAllocation(_chain.Actors[1].Address, 5)]), _chain.Actors[0]);
        Assert.Contains("genesis", Assert.Single(node.ProposeBlock([second]).Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(4 * TestChain.GenesisPerAccount, contract.Ledger.TotalSupply);
    }

    [Fact]
    public void ProposeBlock_SlashOrReleaseByAnyoneButTheHolder_IsRejected()
    {
        (LedgerNode node, WorkerRewardContract contract) = Started(out _);
        AccountAddress depositor = _chain.Actors[2].Address;
        AccountAddress holder = _chain.Actors[3].Address;
        Assert.Empty(node.ProposeBlock([Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, RewardPayloads.Escrow(holder, 100), _chain.Actors[2])]).Rejected);
        var before = contract.Ledger.Snapshot();

        Transaction slash = Transaction.Create(TestChain.ChainId, TransactionType.RewardSlash, 0, RewardPayloads.Slash(depositor, 1), _chain.Actors[1]);
        Transaction release = Transaction.Create(TestChain.ChainId, TransactionType.RewardRelease, 1, RewardPayloads.Release(depositor, 1), _chain.Actors[2]);
        BlockProposal refused = node.ProposeBlock([slash, release]);
        Assert.Equal(2, refused.Rejected.Length);
        Assert.All(refused.Rejected, r => Assert.Contains("in escrow for", r.Reason, StringComparison.Ordinal));
        Assert.Equal(before, contract.Ledger.Snapshot());

        Transaction bySlasher = Transaction.Create(TestChain.ChainId, TransactionType.RewardSlash, 0, RewardPayloads.Slash(depositor, 30), _chain.Actors[3]);
        Assert.Empty(node.ProposeBlock([bySlasher]).Rejected);
        Assert.Equal(70UL, contract.Ledger.GetEscrow(depositor, holder));
        Assert.Equal(TestChain.GenesisPerAccount + 30, contract.Ledger.GetBalance(holder).Available);
    }

    [Fact]
    public void ProposeBlock_TimestampsNeverGoBackwards()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryLedgerStore(_chain.Parameters);
        LedgerNode node = LedgerNode.Open(store, [new WorkerRewardContract()], _chain.Proposer, clock);
        Block first = node.ProposeBlock([]).Block;
        clock.Now = clock.Now.AddHours(-1);
        Block second = node.ProposeBlock([]).Block;
        Assert.Equal(first.Timestamp, second.Timestamp);
    }

    [Fact]
    public void Open_WithAKeyThatIsNotTheProposer_Throws()
    {
        var store = new InMemoryLedgerStore(_chain.Parameters);
        Assert.Throws<ArgumentException>(() => LedgerNode.Open(store, [new WorkerRewardContract()], _chain.Outsider));
    }

    [Fact]
    public void Open_TwoContractsClaimingOneType_Throws()
    {
        var store = new InMemoryLedgerStore(_chain.Parameters);
        Assert.Throws<ArgumentException>(() => LedgerNode.Open(store, [new WorkerRewardContract(), new WorkerRewardContract()]));
    }

    [Fact]
    public void ProposeBlock_ReadOnlyNode_Throws()
    {
        var store = new InMemoryLedgerStore(_chain.Parameters);
        LedgerNode node = LedgerNode.Open(store, [new WorkerRewardContract()]);
        Assert.Throws<InvalidOperationException>(() => node.ProposeBlock([]));
    }

    [Fact]
    public void Open_StoredTransactionThatTheContractsRefuse_ThrowsAtItsHeight()
    {
        // A block signed by the real proposer but never admitted: it spends more than the sender has.
        (LedgerNode node, _) = Started(out InMemoryLedgerStore store);
        node.ProposeBlock([Transfer(_chain.Actors[1], 0, _chain.Actors[2], 5)]);
        Transaction overspend = Transfer(_chain.Actors[3], 0, _chain.Actors[2], TestChain.GenesisPerAccount + 1);
        store.Append(Block.Create(TestChain.ChainId, store.Count, store.Head, store.LastTimestamp!.Value, [overspend], _chain.Proposer));

        var error = Assert.Throws<LedgerIntegrityException>(() => _chain.OpenNode(store));
        Assert.Equal(2, error.Height);
        Assert.Contains("refused on replay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProposeBlock_StoreFailsToCommit_NodeIsFaultedAndTheStoreKeepsTheCommittedState()
    {
        var store = new FailingStore(new InMemoryLedgerStore(_chain.Parameters));
        (LedgerNode node, _) = _chain.OpenNode(store);
        node.ProposeBlock([_chain.GenesisTransaction()]);
        store.FailNext = true;
        Assert.Throws<IOException>(() => node.ProposeBlock([Transfer(_chain.Actors[1], 0, _chain.Actors[2], 5)]));
        Assert.Throws<InvalidOperationException>(() => node.ProposeBlock([]));

        (LedgerNode reopened, WorkerRewardContract contract) = _chain.OpenNode(store);
        Assert.Equal(1, reopened.BlockCount);
        Assert.Equal(TestChain.GenesisPerAccount, contract.Ledger.GetBalance(_chain.Actors[1].Address).Available);
        Assert.Equal(0UL, reopened.GetNextNonce(_chain.Actors[1].Address));
    }

    private (LedgerNode Node, WorkerRewardContract Contract) Started(out InMemoryLedgerStore store)
    {
        store = new InMemoryLedgerStore(_chain.Parameters);
        (LedgerNode node, WorkerRewardContract contract) = _chain.OpenNode(store);
        Assert.Empty(node.ProposeBlock([_chain.GenesisTransaction()]).Rejected);
        return (node, contract);
    }

    private static Transaction Transfer(LedgerSigningKey from, ulong nonce, LedgerSigningKey to, ulong amount) =>
        Transaction.Create(TestChain.ChainId, TransactionType.RewardTransfer, nonce, RewardPayloads.Transfer(to.Address, amount), from);

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FailingStore(ILedgerStore inner) : ILedgerStore
    {
        public bool FailNext { get; set; }

        public ChainParameters Parameters => inner.Parameters;

        public long Count => inner.Count;

        public BlockHash Head => inner.Head;

        public DateTimeOffset? LastTimestamp => inner.LastTimestamp;

        public void Append(Block block)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk full (simulated)");
            }

            inner.Append(block);
        }

        public Block ReadBlock(long height) => inner.ReadBlock(height);

        public ChainVerificationResult Verify() => inner.Verify();

        public ChainVerificationResult Verify(Func<Block, string?>? visitor) => inner.Verify(visitor);

        public void Dispose() => inner.Dispose();
    }
}
