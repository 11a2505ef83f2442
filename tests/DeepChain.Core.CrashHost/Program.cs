// The child of the crash-safety test: opens (and so verifies) a SQLite ledger, replays it, and appends blocks of signed
// reward transfers in a loop, printing "committed HEIGHT HASH" after each ProposeBlock returns, i.e. after the block's
// SQLite transaction has committed. The test kills it with SIGKILL at random moments and checks the store.
// Usage: DeepChain.Core.CrashHost LEDGER KEYS MAX-BLOCKS SEED
//   KEYS: a text file of hex PKCS#8 P-256 keys, one a line: the proposer, then the senders (the first sends genesis).
//   Output: "ready COUNT" once the store is open, then one "committed HEIGHT HASH" line per block; exits after MAX-BLOCKS.
using System.Globalization;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

const ulong chainId = 99;
const ulong genesisPerSender = 1_000_000_000;

string path = args[0];
LedgerSigningKey[] keys = [.. File.ReadAllLines(args[1]).Where(l => l.Length > 0).Select(l => LedgerSigningKey.ImportPkcs8(Convert.FromHexString(l)))];
int maxBlocks = int.Parse(args[2], CultureInfo.InvariantCulture);
var random = new Random(int.Parse(args[3], CultureInfo.InvariantCulture));
LedgerSigningKey proposer = keys[0];
LedgerSigningKey[] senders = keys[1..];

var parameters = new ChainParameters(chainId, proposer.PublicKey);
using SqliteLedgerStore store = SqliteLedgerStore.Open(path, parameters);
LedgerNode node = LedgerNode.Open(store, [new WorkerRewardContract()], proposer);
Console.WriteLine($"ready {store.Count}");
if (store.Count == 0)
{
    Commit(node.ProposeBlock([Transaction.Create(chainId, TransactionType.RewardGenesis, 0,
        RewardPayloads.Genesis(senders.Select(s => new GenesisAllocation(s.Address, genesisPerSender))), senders[0])]));
}

for (int b = 0; b < maxBlocks; b++)
{
    // 1 to 40 transfers, so a kill lands anywhere in a commit of a few hundred bytes to several kilobytes.
    int count = random.Next(1, 41);
    var nonces = new Dictionary<AccountAddress, ulong>();
    var batch = new List<Transaction>(count);
    for (int i = 0; i < count; i++)
    {
        LedgerSigningKey from = senders[random.Next(senders.Length)];
        ulong nonce = nonces.TryGetValue(from.Address, out ulong next) ? next : node.GetNextNonce(from.Address);
        nonces[from.Address] = nonce + 1;
        AccountAddress to = senders[random.Next(senders.Length)].Address;
        batch.Add(Transaction.Create(chainId, TransactionType.RewardTransfer, nonce, RewardPayloads.Transfer(to, (ulong)random.Next(1, 1000)), from));
    }

    Commit(node.ProposeBlock(batch));
}

static void Commit(BlockProposal proposal)
{
    if (!proposal.Rejected.IsEmpty)
    {
        throw new InvalidOperationException($"a transfer was rejected: {proposal.Rejected[0].Reason}");
    }

    // Console.Out flushes every line: the parent sees this only after the commit above has returned.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {proposal.Block.Height} {proposal.Block.Hash}"));
}
