using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DeepChain.Core.Ledger;

namespace DeepChain.Benchmarks.Ledger;

/// <summary>
/// Signed transactions appended with signature verification, per transaction: a proposer receives encoded transfers,
/// decodes them and verifies every signature, admits them (chain id, size, nonce, the reward contract), signs a block
/// of <see cref="BatchSize"/> and commits it (SQLite: one fsynced transaction per block).
/// </summary>
/// <remarks>
/// Each invocation appends <see cref="TransactionsPerInvoke"/> transactions (1,000 blocks of 1, 10 of 100, 1 of 1,000),
/// so the Mean column is the cost of one transaction and 1 s / Mean is transactions per second. The transactions are
/// signed in <see cref="IterationSetup"/>, outside the measurement. The baseline verifies signatures on one thread;
/// <see cref="AppendParallelVerification"/> spreads them over the cores with <see cref="Transaction.TryDecodeAll"/>, and
/// <see cref="AppendPipelined"/> also verifies the next block while the current one commits.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(InProcessSingleInvocation))]
public class LedgerAppendBenchmarks
{
    private const int TransactionsPerInvoke = 1000;

    private BenchmarkChain _chain = null!;
    private byte[][] _encoded = null!;
    private Transaction?[] _decoded = null!;
    private string?[] _reasons = null!;

    [Params(LedgerStoreKind.Sqlite, LedgerStoreKind.InMemory)]
    public LedgerStoreKind Store { get; set; }

    [Params(1, 100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = new BenchmarkChain(Store);
        _decoded = new Transaction?[BatchSize];
        _reasons = new string?[BatchSize];
    }

    [GlobalCleanup]
    public void Cleanup() => _chain.Dispose();

    [IterationSetup]
    public void SignNextTransactions() => _encoded = _chain.SignTransfers(TransactionsPerInvoke);

    [Benchmark(Baseline = true, OperationsPerInvoke = TransactionsPerInvoke)]
    public long AppendSequentialVerification()
    {
        var batch = new Transaction[BatchSize];
        for (int start = 0; start < TransactionsPerInvoke; start += BatchSize)
        {
            for (int i = 0; i < BatchSize; i++)
            {
                batch[i] = Transaction.Decode(_encoded[start + i]);
            }

            BenchmarkChain.Require(_chain.Node.ProposeBlock(batch));
        }

        return _chain.Node.BlockCount;
    }

    [Benchmark(OperationsPerInvoke = TransactionsPerInvoke)]
    public long AppendParallelVerification()
    {
        var batch = new Transaction[BatchSize];
        for (int start = 0; start < TransactionsPerInvoke; start += BatchSize)
        {
            if (Transaction.TryDecodeAll(new ArraySegment<byte[]>(_encoded, start, BatchSize), _decoded, _reasons) != BatchSize)
            {
                throw new InvalidOperationException($"a transaction did not verify: {_reasons.First(r => r is not null)}");
            }

            Array.Copy(_decoded, batch, BatchSize);
            BenchmarkChain.Require(_chain.Node.ProposeBlock(batch));
        }

        return _chain.Node.BlockCount;
    }

    /// <summary>As a proposer pipelines: the next block's signatures are verified (in parallel) while this block is
    /// admitted, signed and committed, so the fsync wait of the SQLite commit overlaps verification.</summary>
    [Benchmark(OperationsPerInvoke = TransactionsPerInvoke)]
    public long AppendPipelined()
    {
        Task<Transaction[]> next = Task.Run(() => DecodeBatch(0));
        for (int start = 0; start < TransactionsPerInvoke; start += BatchSize)
        {
            Transaction[] batch = next.GetAwaiter().GetResult();
            int following = start + BatchSize;
            if (following < TransactionsPerInvoke)
            {
                next = Task.Run(() => DecodeBatch(following));
            }

            BenchmarkChain.Require(_chain.Node.ProposeBlock(batch));
        }

        return _chain.Node.BlockCount;
    }

    private Transaction[] DecodeBatch(int start)
    {
        var decoded = new Transaction?[BatchSize];
        var reasons = new string?[BatchSize];
        if (Transaction.TryDecodeAll(new ArraySegment<byte[]>(_encoded, start, BatchSize), decoded, reasons) != BatchSize)
        {
            throw new InvalidOperationException($"a transaction did not verify: {reasons.First(r => r is not null)}");
        }

        return decoded!;
    }

    /// <summary>In-process (no separate build); one invocation per iteration because each signs its own transactions.</summary>
    private sealed class InProcessSingleInvocation : ManualConfig
    {
        public InProcessSingleInvocation() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(7)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("InProcess"));
    }
}
