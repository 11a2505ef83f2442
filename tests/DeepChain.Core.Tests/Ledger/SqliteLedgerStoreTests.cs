using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace DeepChain.Core.Tests.Ledger;

public sealed class SqliteLedgerStoreTests : IClassFixture<TestChain>
{
    private readonly TestChain _chain;

    public SqliteLedgerStoreTests(TestChain chain) => _chain = chain;

    [Fact]
    public void Open_UsesWalAndFullSynchronous()
    {
        using var directory = new TempDirectory();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(directory.File("ledger.db"), _chain.Parameters);
        using var connection = new SqliteConnection($"Data Source={directory.File("ledger.db")};Pooling=False");
        connection.Open();
        using SqliteCommand mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public void Reopen_GivesTheSameChainAndTheSameState()
    {
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        ImmutableSnapshot live;
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path, _chain.Parameters))
        {
            (LedgerNode node, WorkerRewardContract contract) = _chain.OpenNode(store);
            node.ProposeBlock([_chain.GenesisTransaction()]);
            node.ProposeBlock([Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, RewardPayloads.Escrow(_chain.Actors[0].Address, 700), _chain.Actors[2])]);
            live = new ImmutableSnapshot(contract.Ledger.Snapshot().ToArray(), store.Head);
        }

        using SqliteLedgerStore again = SqliteLedgerStore.Open(path, _chain.Parameters);
        (LedgerNode replayed, WorkerRewardContract replayedContract) = _chain.OpenNode(again);
        Assert.Equal(2, again.Count);
        Assert.Equal(live.Head, again.Head);
        Assert.Equal(live.Balances, replayedContract.Ledger.Snapshot().ToArray());
        Assert.Equal(1UL, replayed.GetNextNonce(_chain.Actors[2].Address));
        Assert.Equal(700UL, replayedContract.Ledger.GetBalance(_chain.Actors[2].Address).Escrowed);
    }

    [Fact]
    public void Append_FailingMidBlock_CommitsNothing()
    {
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        using SqliteLedgerStore store = SqliteLedgerStore.Open(path, _chain.Parameters);
        _chain.FillChain(store, blocks: 1);
        BlockHash head = store.Head;

        // A trigger makes the second transaction row of the next block fail, after its block row and first row went in.
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER fail_second AFTER INSERT ON transactions WHEN NEW.position = 1 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;";
            trigger.ExecuteNonQuery();
        }

        Transaction[] txs =
        [
            Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 9, RewardPayloads.Escrow(_chain.Actors[0].Address, 1), _chain.Actors[3]),
            Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 10, RewardPayloads.Escrow(_chain.Actors[0].Address, 1), _chain.Actors[3]),
        ];
        Block block = Block.Create(TestChain.ChainId, store.Count, head, store.LastTimestamp!.Value, txs, _chain.Proposer);
        Assert.Throws<SqliteException>(() => store.Append(block));
        Assert.Equal(2, store.Count);
        Assert.Equal(head, store.Head);
        Assert.True(store.Verify().IsValid);
    }

    [Fact]
    public void Append_BlockThatDoesNotFollow_IsRefused()
    {
        using var directory = new TempDirectory();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(directory.File("ledger.db"), _chain.Parameters);
        Block wrongHeight = Block.Create(TestChain.ChainId, 1, BlockHash.Zero, DateTimeOffset.UnixEpoch, [], _chain.Proposer);
        Assert.Throws<InvalidOperationException>(() => store.Append(wrongHeight));
        Block wrongProposer = Block.Create(TestChain.ChainId, 0, BlockHash.Zero, DateTimeOffset.UnixEpoch, [], _chain.Outsider);
        Assert.Throws<InvalidOperationException>(() => store.Append(wrongProposer));
        Block wrongChain = Block.Create(TestChain.ChainId + 1, 0, BlockHash.Zero, DateTimeOffset.UnixEpoch, [], _chain.Proposer);
        Assert.Throws<InvalidOperationException>(() => store.Append(wrongChain));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Append_ThenReopen_KeepsEveryTransactionByteForByte()
    {
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        var blob = new BlobReference(new BlobId(System.Security.Cryptography.SHA256.HashData("ciphertext"u8)), 1L << 33);
        Transaction[] txs =
        [
            Transaction.CreateWithBlob(TestChain.ChainId, TransactionType.TradingSubmitGradient, 0, blob, _chain.Actors[1]),
            Transaction.Create(TestChain.ChainId, TransactionType.RewardTransfer, ulong.MaxValue, new byte[_chain.Parameters.MaxPayloadBytes], _chain.Actors[2]),
            Transaction.Create(TestChain.ChainId, (TransactionType)ushort.MaxValue, 5, [], _chain.Actors[3]),
        ];
        Block block = Block.Create(TestChain.ChainId, 0, BlockHash.Zero, DateTimeOffset.FromUnixTimeMilliseconds(-5), txs, _chain.Proposer);
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path, _chain.Parameters))
        {
            store.Append(block);
        }

        using SqliteLedgerStore reopened = SqliteLedgerStore.Open(path, _chain.Parameters);
        Block back = reopened.ReadBlock(0);
        Assert.Equal(block.Encode(), back.Encode());
        Assert.Equal(blob, back.Transactions[0].Blob);
        Assert.Equal(ulong.MaxValue, back.Transactions[1].Nonce);
        Assert.Equal(block.Timestamp, back.Timestamp);
    }

    [Fact]
    public void Open_FileOfAnotherChain_Throws()
    {
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        SqliteLedgerStore.Open(path, _chain.Parameters).Dispose();
        var other = new ChainParameters(TestChain.ChainId + 1, _chain.Proposer.PublicKey);
        Assert.Throws<InvalidOperationException>(() => SqliteLedgerStore.Open(path, other));
    }

    private sealed record ImmutableSnapshot(KeyValuePair<AccountAddress, AccountBalance>[] Balances, BlockHash Head);
}
