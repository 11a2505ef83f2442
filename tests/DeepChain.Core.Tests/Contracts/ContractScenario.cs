using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>
/// A node with the reward, trading and processing contracts over one balance ledger. Time is the block height: each
/// proposal is one block, and <see cref="AdvanceTo"/> proposes empty blocks up to a height.
/// </summary>
internal sealed class ContractScenario : IDisposable
{
    private readonly TestChain _chain;
    private readonly InMemoryLedgerStore _store;
    private readonly LedgerNode _node;
    private readonly IDecryptionShareVerifier _verifier;
    private readonly Dictionary<AccountAddress, ulong> _pending = [];
    private readonly List<Block> _blocks = [];

    /// <summary>Creates the node and commits the genesis block (height 0), sent by the first funded key.</summary>
    public ContractScenario(TestChain chain, IReadOnlyList<(LedgerSigningKey Key, ulong Amount)>? genesis = null, IDecryptionShareVerifier? verifier = null)
    {
        _chain = chain;
        _verifier = verifier ?? AcceptAllDecryptionShares.Instance;
        genesis ??= [.. chain.Actors.Select(a => (a, TestChain.GenesisPerAccount))];
        _store = new InMemoryLedgerStore(chain.Parameters);
        Balances = new WorkerRewardLedger();
        Trading = new TradingContract(Balances, _verifier);
        Processing = new ProcessingContract(Trading);
        _node = LedgerNode.Open(_store, [new WorkerRewardContract(Balances), Trading, Processing], chain.Proposer);
        AcceptAll(Transaction.Create(TestChain.ChainId, TransactionType.RewardGenesis, 0,
            RewardPayloads.Genesis(genesis.Select(g => new GenesisAllocation(g.Key.Address, g.Amount))), genesis[0].Key));
    }

    public WorkerRewardLedger Balances { get; }

    public TradingContract Trading { get; }

    public ProcessingContract Processing { get; }

    public LedgerNode Node => _node;

    /// <summary>Gets the height the next block will have.</summary>
    public long Height => _node.BlockCount;

    public BlockHash HashAt(long height) => _blocks[(int)height].Hash;

    /// <summary>Gets every accepted transaction, in ledger order.</summary>
    public List<Transaction> Accepted { get; } = [];

    /// <summary>Gets the nonce the sender's next transaction in the coming block must carry.</summary>
    public ulong NextNonce(AccountAddress sender) => _node.GetNextNonce(sender) + _pending.GetValueOrDefault(sender);

    /// <summary>Signs a transaction with the sender's next nonce (counting the ones built for the coming block).</summary>
    public Transaction Tx(LedgerSigningKey sender, TransactionType type, byte[] payload)
    {
        ulong pending = _pending.GetValueOrDefault(sender.Address);
        _pending[sender.Address] = pending + 1;
        return Transaction.Create(TestChain.ChainId, type, _node.GetNextNonce(sender.Address) + pending, payload, sender);
    }

    public TaskId Open(LedgerSigningKey owner, TradingTaskParameters terms)
    {
        Transaction open = Tx(owner, TransactionType.TradingOpenTask, TradingPayloads.OpenTask(terms));
        AcceptAll(open);
        return new TaskId(open.Id.ToArray());
    }

    /// <summary>Proposes empty blocks until the next block has <paramref name="height"/>.</summary>
    public void AdvanceTo(long height)
    {
        Assert.True(Height <= height, $"the chain is already at height {Height}, past {height}");
        while (Height < height)
        {
            Propose([]);
        }
    }

    public BlockProposal Propose(IEnumerable<Transaction> transactions)
    {
        BlockProposal proposal = _node.ProposeBlock(transactions);
        _pending.Clear();
        _blocks.Add(proposal.Block);
        Accepted.AddRange(proposal.Block.Transactions);
        return proposal;
    }

    public void AcceptAll(params IEnumerable<Transaction> transactions)
    {
        BlockProposal proposal = Propose(transactions);
        Assert.True(proposal.Rejected.IsEmpty, string.Join("; ", proposal.Rejected.Select(r => r.Reason)));
        Assert.Equal((UInt128)Balances.TotalSupply, Balances.ComputeSupply());
    }

    /// <summary>Proposes the transaction alone and checks that it is rejected with the reason and that no state changed.</summary>
    public void AssertRejectedAndNothingChanged(Transaction tx, string expectedReason)
    {
        string before = StateDump.Of(Balances, Trading, Processing);
        ulong nonce = _node.GetNextNonce(tx.SenderAddress);
        BlockProposal proposal = Propose([tx]);
        Assert.Contains(expectedReason, Assert.Single(proposal.Rejected).Reason, StringComparison.Ordinal);
        Assert.Empty(proposal.Block.Transactions);
        Assert.Equal(before, StateDump.Of(Balances, Trading, Processing));
        Assert.Equal(nonce, _node.GetNextNonce(tx.SenderAddress));
        Assert.Equal((UInt128)Balances.TotalSupply, Balances.ComputeSupply());
    }

    /// <summary>Replays the stored blocks into fresh contracts (with the same verifier) on a copy of the store.</summary>
    public (WorkerRewardLedger Balances, TradingContract Trading, ProcessingContract Processing) Replay()
    {
        var balances = new WorkerRewardLedger();
        var trading = new TradingContract(balances, _verifier);
        var processing = new ProcessingContract(trading);
        LedgerNode.Open(InMemoryLedgerStore.Open(_store.ExportEncodedBlocks(), _chain.Parameters), [new WorkerRewardContract(balances), trading, processing]);
        return (balances, trading, processing);
    }

    public void AssertReplayReachesTheLiveState()
    {
        (WorkerRewardLedger balances, TradingContract trading, ProcessingContract processing) = Replay();
        Assert.Equal(StateDump.Of(Balances, Trading, Processing), StateDump.Of(balances, trading, processing));
    }

    /// <summary>Gets the encoded blocks, in height order.</summary>
    public IReadOnlyList<byte[]> ExportEncodedBlocks() => _store.ExportEncodedBlocks();

    public void Dispose() => _store.Dispose();
}
