using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>A node with the reward, trading and processing contracts over one balance ledger, and a clock the test sets.</summary>
internal sealed class ContractScenario : IDisposable
{
    private readonly TestChain _chain;
    private readonly InMemoryLedgerStore _store;
    private readonly LedgerNode _node;
    private readonly Clock _clock = new();

    public ContractScenario(TestChain chain, long startUnixMs)
    {
        _chain = chain;
        _store = new InMemoryLedgerStore(chain.Parameters);
        Balances = new WorkerRewardLedger();
        Trading = new TradingContract(Balances);
        Processing = new ProcessingContract(Trading);
        _clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(startUnixMs);
        _node = LedgerNode.Open(_store, [new WorkerRewardContract(Balances), Trading, Processing], chain.Proposer, _clock);
        AcceptAll([chain.GenesisTransaction()]);
    }

    public WorkerRewardLedger Balances { get; }

    public TradingContract Trading { get; }

    public ProcessingContract Processing { get; }

    public void At(long unixMs) => _clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    public Transaction Tx(LedgerSigningKey sender, TransactionType type, byte[] payload) =>
        Transaction.Create(TestChain.ChainId, type, _node.GetNextNonce(sender.Address), payload, sender);

    public TaskId Open(LedgerSigningKey owner, TradingTaskParameters terms)
    {
        Transaction open = Tx(owner, TransactionType.TradingOpenTask, TradingPayloads.OpenTask(terms));
        AcceptAll([open]);
        return new TaskId(open.Id.ToArray());
    }

    public void AcceptAll(IEnumerable<Transaction> transactions)
    {
        BlockProposal proposal = _node.ProposeBlock(transactions);
        Assert.True(proposal.Rejected.IsEmpty, string.Join("; ", proposal.Rejected.Select(r => r.Reason)));
        Assert.Equal((UInt128)Balances.TotalSupply, Balances.ComputeSupply());
    }

    public void AssertRejectedAndNothingChanged(Transaction tx, string expectedReason)
    {
        var balances = Balances.Snapshot();
        var escrows = Balances.EscrowSnapshot();
        ulong nonce = _node.GetNextNonce(tx.SenderAddress);
        BlockProposal proposal = _node.ProposeBlock([tx]);
        Assert.Contains(expectedReason, Assert.Single(proposal.Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(balances, Balances.Snapshot());
        Assert.Equal(escrows, Balances.EscrowSnapshot());
        Assert.Equal(nonce, _node.GetNextNonce(tx.SenderAddress));
        Assert.Equal((UInt128)Balances.TotalSupply, Balances.ComputeSupply());
    }

    public (WorkerRewardLedger Balances, TradingContract Trading, ProcessingContract Processing) Replay()
    {
        var balances = new WorkerRewardLedger();
        var trading = new TradingContract(balances);
        var processing = new ProcessingContract(trading);
        LedgerNode.Open(InMemoryLedgerStore.Open(_store.ExportEncodedBlocks(), _chain.Parameters), [new WorkerRewardContract(balances), trading, processing]);
        return (balances, trading, processing);
    }

    public void Dispose() => _store.Dispose();

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
