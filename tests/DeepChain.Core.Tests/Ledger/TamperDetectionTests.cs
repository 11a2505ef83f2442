using DeepChain.Core.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;

namespace DeepChain.Core.Tests.Ledger;

/// <summary>
/// Any single-byte change to a stored block (header, signature or a transaction, its signature included) is found when
/// the store is opened, and reported at the height of the changed block; never silently accepted.
/// </summary>
public sealed class TamperDetectionTests : IClassFixture<TamperDetectionTests.StoredChain>
{
    private readonly StoredChain _stored;

    public TamperDetectionTests(StoredChain stored) => _stored = stored;

    [Property(MaxTest = 300)]
    public Property InMemoryStore_AnySingleByteChange_IsDetectedAtItsHeight(PositiveInt block, PositiveInt position, byte mask)
    {
        byte[][] blocks = [.. _stored.Encoded.Select(b => (byte[])b.Clone())];
        int height = block.Get % blocks.Length;
        int at = position.Get % blocks[height].Length;
        blocks[height][at] ^= mask == 0 ? (byte)0x80 : mask;

        LedgerIntegrityException? error = Record.Exception(() => InMemoryLedgerStore.Open(blocks, _stored.Chain.Parameters)) as LedgerIntegrityException;
        return (error is not null && error.Height == height && !string.IsNullOrEmpty(error.Reason))
            .Label($"block {height} byte {at}: {error?.Height} {error?.Reason}");
    }

    [Property(MaxTest = 40)]
    public Property SqliteStore_AnySingleByteChange_IsDetectedAtItsHeight(PositiveInt block, PositiveInt pick, PositiveInt position, byte mask)
    {
        int height = block.Get % _stored.Encoded.Length;
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        File.Copy(_stored.SqlitePath, path);

        // Pick the header, the signature or one of the block's transactions, and flip one byte of it in place.
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            int txCount = (int)(long)Scalar(connection, $"SELECT tx_count FROM blocks WHERE height = {height}")!;
            int target = pick.Get % (2 + txCount);
            (string table, string column, string where) = target switch
            {
                0 => ("blocks", "header", $"height = {height}"),
                1 => ("blocks", "signature", $"height = {height}"),
                _ => ("transactions", "encoded", $"height = {height} AND position = {target - 2}"),
            };
            byte[] bytes = (byte[])Scalar(connection, $"SELECT {column} FROM {table} WHERE {where}")!;
            bytes[position.Get % bytes.Length] ^= mask == 0 ? (byte)0x01 : mask;
            using SqliteCommand update = connection.CreateCommand();
            update.CommandText = $"UPDATE {table} SET {column} = $value WHERE {where}";
            update.Parameters.AddWithValue("$value", bytes);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        LedgerIntegrityException? error = Record.Exception(() => SqliteLedgerStore.Open(path, _stored.Chain.Parameters).Dispose()) as LedgerIntegrityException;
        return (error is not null && error.Height == height).Label($"block {height}: {error?.Height} {error?.Reason}");
    }

    [Theory]
    [InlineData("UPDATE blocks SET timestamp_ms = timestamp_ms + 1 WHERE height = 2")]
    [InlineData("UPDATE transactions SET nonce = nonce + 1 WHERE height = 2 AND position = 0")]
    [InlineData("UPDATE transactions SET type = 99 WHERE height = 2 AND position = 1")]
    [InlineData("DELETE FROM transactions WHERE height = 2 AND position = 1")]
    [InlineData("UPDATE transactions SET position = 7 WHERE height = 2 AND position = 0")]
    [InlineData("PRAGMA foreign_keys = OFF; DELETE FROM blocks WHERE height = 2")]
    [InlineData("UPDATE blocks SET header = 'text' WHERE height = 2")]
    [InlineData("UPDATE transactions SET nonce = 'x' WHERE height = 2 AND position = 0")]
    [InlineData("UPDATE blocks SET hash = zeroblob(32) WHERE height = 2")]
    public void SqliteStore_EditedReadableColumnsOrMissingRows_AreDetectedAtTheirHeight(string sql)
    {
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        File.Copy(_stored.SqlitePath, path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.True(command.ExecuteNonQuery() >= 1);
        }

        var error = Assert.Throws<LedgerIntegrityException>(() => SqliteLedgerStore.Open(path, _stored.Chain.Parameters).Dispose());
        Assert.Equal(2, error.Height);
    }

    [Fact]
    public void SqliteStore_TamperedWhileOpen_VerifyReportsTheHeightAndReadBlockThrows()
    {
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        File.Copy(_stored.SqlitePath, path);
        using SqliteLedgerStore store = SqliteLedgerStore.Open(path, _stored.Chain.Parameters);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "UPDATE blocks SET signature = 'not a blob' WHERE height = 3; UPDATE blocks SET header = zeroblob(154) WHERE height = 4;";
            command.ExecuteNonQuery();
        }

        ChainVerificationResult result = store.Verify();
        Assert.False(result.IsValid);
        Assert.Equal(3, result.FirstBadHeight);
        Assert.Equal(3, result.BlockCount);
        Assert.Contains("signature", result.Reason, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Throws<LedgerIntegrityException>(() => store.ReadBlock(3)).Height);
        Assert.Equal(4, Assert.Throws<LedgerIntegrityException>(() => store.ReadBlock(4)).Height);
        Assert.Equal(_stored.Encoded[2], store.ReadBlock(2).Encode());
    }

    [Fact]
    public void InMemoryStore_SwappedOrDroppedBlocks_AreDetected()
    {
        byte[][] swapped = [.. _stored.Encoded];
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);
        Assert.Equal(1, Assert.Throws<LedgerIntegrityException>(() => InMemoryLedgerStore.Open(swapped, _stored.Chain.Parameters)).Height);
        byte[][] dropped = [_stored.Encoded[0], .. _stored.Encoded[2..]];
        Assert.Equal(1, Assert.Throws<LedgerIntegrityException>(() => InMemoryLedgerStore.Open(dropped, _stored.Chain.Parameters)).Height);
    }

    [Fact]
    public void Stores_UntouchedChain_OpensAndVerifies()
    {
        InMemoryLedgerStore memory = InMemoryLedgerStore.Open(_stored.Encoded, _stored.Chain.Parameters);
        Assert.True(memory.Verify().IsValid);
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        File.Copy(_stored.SqlitePath, path);
        using SqliteLedgerStore sqlite = SqliteLedgerStore.Open(path, _stored.Chain.Parameters);
        Assert.Equal(memory.Count, sqlite.Count);
        Assert.Equal(memory.Head, sqlite.Head);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A six-block chain (genesis and five blocks of transfers), kept in memory and in a SQLite file.</summary>
    public sealed class StoredChain : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public StoredChain()
        {
            Chain = new TestChain();
            SqlitePath = _directory.File("source.db");
            using (SqliteLedgerStore store = SqliteLedgerStore.Open(SqlitePath, Chain.Parameters))
            {
                Chain.FillChain(store, blocks: 5);
            }

            using SqliteLedgerStore reopened = SqliteLedgerStore.Open(SqlitePath, Chain.Parameters);
            Encoded = [.. Enumerable.Range(0, (int)reopened.Count).Select(h => reopened.ReadBlock(h).Encode())];
        }

        public TestChain Chain { get; }

        public string SqlitePath { get; }

        public byte[][] Encoded { get; }

        public void Dispose()
        {
            Chain.Dispose();
            _directory.Dispose();
        }
    }
}
