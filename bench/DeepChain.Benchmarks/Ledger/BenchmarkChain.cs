using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Benchmarks.Ledger;

/// <summary>Where a benchmark's blocks are stored.</summary>
public enum LedgerStoreKind
{
    /// <summary>SQLite, WAL, synchronous=FULL: every block is fsynced.</summary>
    Sqlite,

    /// <summary>The in-memory store (the ledger's own costs without the disk).</summary>
    InMemory,
}

/// <summary>
/// A chain for the ledger benchmarks (setup as in tools/LedgerMeasure): a proposer, 16 funded senders, a node with the
/// standard contracts (reward, trading, processing over one balance ledger) on a SQLite file in a temp directory or in
/// memory, and signed reward transfers with the senders' next nonces.
/// </summary>
internal sealed class BenchmarkChain : IDisposable
{
    public const ulong ChainId = 1;
    private const int SenderCount = 16;

    private readonly LedgerSigningKey[] _senders = [.. Enumerable.Range(0, SenderCount).Select(_ => LedgerSigningKey.Generate())];
    private readonly ulong[] _nextNonces = new ulong[SenderCount];
    private readonly string? _directory;
    private int _turn;

    public BenchmarkChain(LedgerStoreKind kind)
    {
        Parameters = new ChainParameters(ChainId, Proposer.PublicKey);
        if (kind == LedgerStoreKind.Sqlite)
        {
            _directory = Path.Combine(Path.GetTempPath(), "deepchain-ledger-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            Store = SqliteLedgerStore.Open(Path.Combine(_directory, "ledger.db"), Parameters);
        }
        else
        {
            Store = new InMemoryLedgerStore(Parameters);
        }

        Node = LedgerNode.Open(Store, StandardContracts(), Proposer);
        Require(Node.ProposeBlock([Transaction.Create(ChainId, TransactionType.RewardGenesis, 0,
            RewardPayloads.Genesis(_senders.Select(s => new GenesisAllocation(s.Address, 1_000_000_000_000))), _senders[0])]));
        _nextNonces[0] = 1;
    }

    public LedgerSigningKey Proposer { get; } = LedgerSigningKey.Generate();

    public ChainParameters Parameters { get; }

    public ILedgerStore Store { get; }

    public LedgerNode Node { get; }

    /// <summary>The contracts a node runs, fresh (pre-genesis): one balance ledger shared by reward, trading and processing.</summary>
    public static IContract[] StandardContracts()
    {
        var balances = new WorkerRewardLedger();
        var trading = new TradingContract(balances);
        return [new WorkerRewardContract(balances), trading, new ProcessingContract(trading)];
    }

    public static void Require(BlockProposal proposal)
    {
        if (!proposal.Rejected.IsEmpty)
        {
            throw new InvalidOperationException($"{proposal.Rejected.Length} transactions were rejected: {proposal.Rejected[0].Reason}");
        }
    }

    /// <summary>Signs <paramref name="count"/> transfers (round-robin over the senders, with their next nonces) and
    /// returns their encodings, as a proposer receives them from clients.</summary>
    public byte[][] SignTransfers(int count)
    {
        var encoded = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            int from = _turn++ % SenderCount;
            encoded[i] = Transaction.Create(ChainId, TransactionType.RewardTransfer, _nextNonces[from]++,
                RewardPayloads.Transfer(_senders[(from + 1) % SenderCount].Address, 1), _senders[from]).ToArray();
        }

        return encoded;
    }

    public void Dispose()
    {
        Store.Dispose();
        Proposer.Dispose();
        foreach (LedgerSigningKey sender in _senders)
        {
            sender.Dispose();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
