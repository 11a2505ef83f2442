using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Tests.Ledger;

/// <summary>
/// Keys and helpers shared by the ledger tests: a proposer, an authority and three workers, created once per class.
/// </summary>
public sealed class TestChain : IDisposable
{
    public const ulong ChainId = 7;

    public const ulong GenesisPerAccount = 1_000_000;

    public TestChain()
    {
        Proposer = LedgerSigningKey.Generate();
        Actors = [.. Enumerable.Range(0, 4).Select(_ => LedgerSigningKey.Generate())];
        Outsider = LedgerSigningKey.Generate();
        Parameters = new ChainParameters(ChainId, Proposer.PublicKey, maxPayloadBytes: 1024, maxTransactionsPerBlock: 64);
    }

    public LedgerSigningKey Proposer { get; }

    /// <summary>Four funded accounts; Actors[0] sends the genesis transaction.</summary>
    public LedgerSigningKey[] Actors { get; }

    /// <summary>A key with no genesis balance.</summary>
    public LedgerSigningKey Outsider { get; }

    public ChainParameters Parameters { get; }

    public Transaction GenesisTransaction() => Transaction.Create(ChainId, TransactionType.RewardGenesis, 0,
        RewardPayloads.Genesis(Actors.Select(a => new GenesisAllocation(a.Address, GenesisPerAccount))), Actors[0]);

    /// <summary>A node on <paramref name="store"/> with a fresh reward contract, and a clock that advances one second per read.</summary>
    public (LedgerNode Node, WorkerRewardContract Contract) OpenNode(ILedgerStore store)
    {
        var contract = new WorkerRewardContract();
        LedgerNode node = LedgerNode.Open(store, [contract], Proposer, new SteppingClock());
        return (node, contract);
    }

    /// <summary>A store with genesis at height 0 followed by <paramref name="blocks"/> blocks of a few transfers each.</summary>
    public void FillChain(ILedgerStore store, int blocks, int transactionsPerBlock = 3)
    {
        (LedgerNode node, _) = OpenNode(store);
        Assert.Empty(node.ProposeBlock([GenesisTransaction()]).Rejected);
        for (int b = 0; b < blocks; b++)
        {
            var txs = new List<Transaction>();
            for (int i = 0; i < transactionsPerBlock; i++)
            {
                LedgerSigningKey from = Actors[1 + ((b + i) % 3)];
                ulong nonce = node.GetNextNonce(from.Address) + (ulong)txs.Count(t => t.SenderAddress == from.Address);
                txs.Add(Transaction.Create(ChainId, TransactionType.RewardTransfer, nonce, RewardPayloads.Transfer(Actors[(b + i) % 4].Address, (ulong)(10 + i)), from));
            }

            Assert.Empty(node.ProposeBlock(txs).Rejected);
        }
    }

    public void Dispose()
    {
        Proposer.Dispose();
        Outsider.Dispose();
        foreach (LedgerSigningKey key in Actors)
        {
            key.Dispose();
        }
    }

    /// <summary>A deterministic clock: 2026-01-01 plus one second per call.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
