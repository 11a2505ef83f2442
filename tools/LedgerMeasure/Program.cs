// Measures the ledger's costs on this machine: signing, proposing and committing blocks (SQLite, synchronous=FULL),
// and opening a stored chain (full verification, parallel over cores) plus replay through the reward contract.
// Usage: dotnet run -c Release --project tools/LedgerMeasure -- [blocks] [transactions-per-block]
using System.Diagnostics;
using System.Globalization;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

int blocks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
int perBlock = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
const ulong chainId = 1;

using LedgerSigningKey proposer = LedgerSigningKey.Generate();
using LedgerSigningKey authority = LedgerSigningKey.Generate();
LedgerSigningKey[] parties = [.. Enumerable.Range(0, 8).Select(_ => LedgerSigningKey.Generate())];
var parameters = new ChainParameters(chainId, proposer.PublicKey, maxTransactionsPerBlock: Math.Max(perBlock, 1));
string directory = Path.Combine(Path.GetTempPath(), "deepchain-ledger-measure-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(directory);
string path = Path.Combine(directory, "ledger.db");
Console.WriteLine($"{Environment.ProcessorCount} cores, {blocks} blocks x {perBlock} transfers, SQLite file in {directory}");

try
{
    // Sign every transaction first, so signing is timed apart from proposing.
    var stopwatch = Stopwatch.StartNew();
    var nonces = new ulong[parties.Length];
    var batches = new List<Transaction[]>();
    for (int b = 0; b < blocks; b++)
    {
        var batch = new Transaction[perBlock];
        for (int i = 0; i < perBlock; i++)
        {
            int from = (b * perBlock + i) % parties.Length;
            batch[i] = Transaction.Create(chainId, TransactionType.RewardTransfer, nonces[from]++,
                RewardPayloads.Transfer(parties[(from + 1) % parties.Length].Address, 1), parties[from]);
        }

        batches.Add(batch);
    }

    double signSeconds = stopwatch.Elapsed.TotalSeconds;
    int total = blocks * perBlock;
    Console.WriteLine($"sign:    {total} transactions in {signSeconds:F2} s = {total / signSeconds:F0} tx/s (one thread)");

    long transactions = 0;
    stopwatch.Restart();
    using (SqliteLedgerStore store = SqliteLedgerStore.Open(path, parameters))
    {
        var contract = new WorkerRewardContract();
        LedgerNode node = LedgerNode.Open(store, [contract], proposer);
        node.ProposeBlock([Transaction.Create(chainId, TransactionType.RewardGenesis, 0,
            RewardPayloads.Genesis(parties.Select(p => new GenesisAllocation(p.Address, 1_000_000_000))), authority)]);
        foreach (Transaction[] batch in batches)
        {
            BlockProposal proposal = node.ProposeBlock(batch);
            transactions += proposal.Block.Transactions.Length;
        }
    }

    double proposeSeconds = stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine($"propose: {blocks + 1} blocks, {transactions} accepted transactions in {proposeSeconds:F2} s = {(blocks + 1) / proposeSeconds:F1} blocks/s, {transactions / proposeSeconds:F0} tx/s (admission, signing, SQLite commit with fsync)");

    stopwatch.Restart();
    long count;
    using (SqliteLedgerStore store = SqliteLedgerStore.Open(path, parameters))
    {
        count = store.Count;
        double openSeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"open:    {count} blocks verified in {openSeconds:F2} s = {(transactions + count) / openSeconds:F0} signatures/s (parallel)");
        stopwatch.Restart();
        var contract = new WorkerRewardContract();
        LedgerNode.Open(store, [contract]);
        double replaySeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"replay:  {count} blocks re-verified (parallel) and applied in {replaySeconds:F2} s; supply {contract.Ledger.ComputeSupply()} = {contract.Ledger.TotalSupply}");
    }

    Console.WriteLine($"file:    {new FileInfo(path).Length / 1024.0:F0} KiB");
}
finally
{
    foreach (LedgerSigningKey party in parties)
    {
        party.Dispose();
    }

    Directory.Delete(directory, recursive: true);
}
