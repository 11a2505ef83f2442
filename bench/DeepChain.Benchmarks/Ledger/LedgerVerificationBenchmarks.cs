using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Benchmarks.Ledger;

/// <summary>
/// A stored ledger of 100,000 transactions (100 blocks of 1,000 reward transfers, after genesis): full verification
/// (hash links, Merkle roots, every signature, in parallel), opening a node on it (verification plus replay through the
/// standard contracts in one pass), and the contracts' replay alone over decoded blocks.
/// </summary>
/// <remarks>Mean is per whole ledger; transactions per second = 100,000 / Mean. <see cref="ReplayContractsOnly"/>
/// applies the decoded transactions to fresh contracts without verifying anything, so it is the replay's own cost.</remarks>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class LedgerVerificationBenchmarks
{
    private const int Blocks = 100;
    private const int TransactionsPerBlock = 1000;

    private BenchmarkChain _chain = null!;
    private Block[] _blocks = null!;

    /// <summary>The store: SQLite. The in-memory store differs only in how blocks are read (each case takes minutes on a
    /// busy two-core machine); add <see cref="LedgerStoreKind.InMemory"/> here to measure it too.</summary>
    [Params(LedgerStoreKind.Sqlite)]
    public LedgerStoreKind Store { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = new BenchmarkChain(Store);
        for (int b = 0; b < Blocks; b++)
        {
            Transaction[] batch = [.. _chain.SignTransfers(TransactionsPerBlock).Select(e => Transaction.Decode(e))];
            BenchmarkChain.Require(_chain.Node.ProposeBlock(batch));
        }

        _blocks = [.. Enumerable.Range(0, (int)_chain.Store.Count).Select(h => _chain.Store.ReadBlock(h))];
    }

    [GlobalCleanup]
    public void Cleanup() => _chain.Dispose();

    [Benchmark(Baseline = true)]
    public long VerifyChain()
    {
        ChainVerificationResult result = _chain.Store.Verify();
        return result.IsValid ? result.BlockCount : throw new InvalidOperationException(result.Reason);
    }

    [Benchmark]
    public long OpenNodeVerifyAndReplay() => LedgerNode.Open(_chain.Store, BenchmarkChain.StandardContracts()).BlockCount;

    [Benchmark]
    public int ReplayContractsOnly()
    {
        var routes = new Dictionary<TransactionType, IContract>();
        foreach (IContract contract in BenchmarkChain.StandardContracts())
        {
            foreach (TransactionType type in contract.TransactionTypes)
            {
                routes.Add(type, contract);
            }
        }

        int accepted = 0;
        foreach (Block block in _blocks)
        {
            var context = new TransactionContext(block.Height, block.Timestamp, block.PreviousHash);
            foreach (Transaction tx in block.Transactions)
            {
                accepted += routes[tx.Type].Apply(tx, context).IsAccepted ? 1 : 0;
            }
        }

        return accepted;
    }

    /// <summary>In-process (no separate build, and the 100,000 signed transactions are made once); each operation takes
    /// seconds, so single invocations are timed: one warm-up, three measured, with a timeout long enough for a busy machine.</summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("InProcess"));
    }
}
