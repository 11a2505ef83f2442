using System.Text.Json;
using DeepChain.Cli;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace DeepChain.Core.Tests.Ledger;

/// <summary>
/// <c>deepchain ledger verify | show | balances</c> against a small SQLite ledger in a temp directory: exit codes,
/// the first bad height after a flipped byte, and JSON that parses and says what the text says.
/// </summary>
public sealed class LedgerCliTests : IClassFixture<TestChain>, IDisposable
{
    private const int FilledBlocks = 5;
    private const int TransactionsPerBlock = 3;

    private readonly TestChain _chain;
    private readonly TempDirectory _directory = new();
    private readonly string _path;

    public LedgerCliTests(TestChain chain)
    {
        _chain = chain;
        _path = _directory.File("ledger.db");
        using SqliteLedgerStore store = SqliteLedgerStore.Open(_path, chain.Parameters);
        chain.FillChain(store, FilledBlocks, TransactionsPerBlock);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Verify_IntactLedger_ExitsZeroAndSaysIntact()
    {
        (int code, string output, _) = Run("ledger", "verify", _path);

        Assert.Equal(0, code);
        Assert.Contains("intact", output, StringComparison.Ordinal);
        Assert.Contains($"{FilledBlocks + 1} blocks", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Json_IntactLedger_ParsesWithCountsAndHead()
    {
        (int code, string output, _) = Run("ledger", "verify", _path, "--json");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("intact").GetBoolean());
        Assert.Equal(FilledBlocks + 1, root.GetProperty("blocks").GetInt64());
        Assert.Equal(TestChain.ChainId, root.GetProperty("chainId").GetUInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("firstBadHeight").ValueKind);
        using SqliteLedgerStore store = SqliteLedgerStore.Open(_path, _chain.Parameters);
        Assert.Equal(store.Head.ToString(), root.GetProperty("head").GetString());
    }

    [Theory]
    [InlineData(0, "header")]
    [InlineData(2, "signature")]
    [InlineData(3, "encoded")]
    [InlineData(5, "encoded")]
    public void Verify_ByteFlippedInStoredBlock_ReportsThatHeight(int height, string column)
    {
        FlipByte(height, column);

        (int code, string output, _) = Run("ledger", "verify", _path);
        (int jsonCode, string jsonOutput, _) = Run("ledger", "verify", _path, "--json");

        Assert.Equal(3 + height, code);
        Assert.Contains($"INVALID at height {height}:", output, StringComparison.Ordinal);
        Assert.Equal(3 + height, jsonCode);
        using JsonDocument json = JsonDocument.Parse(jsonOutput);
        Assert.False(json.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal(height, json.RootElement.GetProperty("firstBadHeight").GetInt64());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Verify_MissingFile_ExitsTwoWithMessage()
    {
        (int code, _, string error) = Run("ledger", "verify", _directory.File("absent.db"));

        Assert.Equal(2, code);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("absent.db")));
    }

    [Fact]
    public void Verify_SqliteFileThatIsNoLedger_ExitsTwo()
    {
        string other = _directory.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE notes (text TEXT);";
            create.ExecuteNonQuery();
        }

        (int code, _, string error) = Run("ledger", "verify", other);

        Assert.Equal(2, code);
        Assert.Contains("not a DeepChain ledger", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_Json_ListsEveryBlockAndTransactionAsAccepted()
    {
        (int code, string output, _) = Run("ledger", "show", _path, "--json");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("replayed").GetBoolean());
        JsonElement[] blocks = [.. root.GetProperty("blocks").EnumerateArray()];
        Assert.Equal(FilledBlocks + 1, blocks.Length);
        for (int h = 0; h < blocks.Length; h++)
        {
            Assert.Equal(h, blocks[h].GetProperty("height").GetInt64());
            JsonElement[] txs = [.. blocks[h].GetProperty("transactions").EnumerateArray()];
            Assert.Equal(h == 0 ? 1 : TransactionsPerBlock, txs.Length);
            Assert.All(txs, tx => Assert.True(tx.GetProperty("accepted").GetBoolean()));
            Assert.All(txs, tx => Assert.True(tx.GetProperty("payloadBytes").GetInt32() > 0));
        }

        JsonElement genesis = blocks[0].GetProperty("transactions")[0];
        Assert.Equal(nameof(TransactionType.RewardGenesis), genesis.GetProperty("type").GetString());
        Assert.Equal(_chain.Actors[0].Address.ToString(), genesis.GetProperty("sender").GetString());
        Assert.Equal(0UL, genesis.GetProperty("nonce").GetUInt64());
    }

    [Fact]
    public void Show_Height_PrintsOnlyThatBlock()
    {
        (int code, string output, _) = Run("ledger", "show", _path, "--height", "2");
        (int jsonCode, string jsonOutput, _) = Run("ledger", "show", _path, "--height", "2", "--json");

        Assert.Equal(0, code);
        Assert.Contains("block 2 ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("block 1 ", output, StringComparison.Ordinal);
        Assert.Contains("RewardTransfer", output, StringComparison.Ordinal);
        Assert.Contains("accepted", output, StringComparison.Ordinal);
        Assert.Equal(0, jsonCode);
        using JsonDocument json = JsonDocument.Parse(jsonOutput);
        Assert.Equal(2, Assert.Single(json.RootElement.GetProperty("blocks").EnumerateArray()).GetProperty("height").GetInt64());
    }

    [Fact]
    public void Show_HeightOutOfRange_ExitsTwo()
    {
        (int code, _, string error) = Run("ledger", "show", _path, "--height", "99");

        Assert.Equal(2, code);
        Assert.Contains("--height 99", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Balances_Json_MatchesALiveReplayAndConservesSupply()
    {
        (int code, string output, _) = Run("ledger", "balances", _path, "--json");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        ulong supply = root.GetProperty("totalSupply").GetUInt64();
        Assert.Equal(TestChain.GenesisPerAccount * (ulong)_chain.Actors.Length, supply);
        using SqliteLedgerStore store = SqliteLedgerStore.Open(_path, _chain.Parameters);
        (_, var contract) = ReplayWithRewardContract(store);
        var expected = contract.Ledger.Snapshot();
        JsonElement[] accounts = [.. root.GetProperty("accounts").EnumerateArray()];
        Assert.Equal(expected.Count, accounts.Length);
        ulong sum = 0;
        foreach (JsonElement account in accounts)
        {
            var balance = expected[AccountAddress.Parse(account.GetProperty("address").GetString()!)];
            Assert.Equal(balance.Available, account.GetProperty("available").GetUInt64());
            Assert.Equal(balance.Escrowed, account.GetProperty("escrowed").GetUInt64());
            sum += account.GetProperty("total").GetUInt64();
        }

        Assert.Equal(supply, sum);
    }

    [Fact]
    public void Balances_Text_ListsEveryActor()
    {
        (int code, string output, _) = Run("ledger", "balances", _path);

        Assert.Equal(0, code);
        Assert.Contains($"total supply {TestChain.GenesisPerAccount * (ulong)_chain.Actors.Length}", output, StringComparison.Ordinal);
        Assert.All(_chain.Actors, actor => Assert.Contains(actor.Address.ToString(), output, StringComparison.Ordinal));
    }

    [Fact]
    public void Balances_TamperedLedger_ReportsTheBadHeight()
    {
        FlipByte(4, "encoded");

        (int code, string output, _) = Run("ledger", "balances", _path, "--json");

        Assert.Equal(3 + 4, code);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(4, json.RootElement.GetProperty("firstBadHeight").GetInt64());
    }

    [Fact]
    public void UnknownCommand_IsAUsageError()
    {
        (int code, _, _) = Run("ledger", "frobnicate", _path);

        Assert.Equal(1, code);
    }

    private static (LedgerNode Node, WorkerRewardContract Contract) ReplayWithRewardContract(ILedgerStore store)
    {
        var contract = new WorkerRewardContract();
        return (LedgerNode.Open(store, [contract]), contract);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = DeepChainCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Flips one byte in the middle of a stored column of the block at <paramref name="height"/>
    /// (header or signature of the block, or the encoding of its first transaction).</summary>
    private void FlipByte(int height, string column)
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        string table = column == "encoded" ? "transactions" : "blocks";
        string where = column == "encoded" ? $"height = {height} AND position = 0" : $"height = {height}";
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = $"SELECT {column} FROM {table} WHERE {where}";
        byte[] bytes = (byte[])select.ExecuteScalar()!;
        bytes[bytes.Length / 2] ^= 0x10;
        using SqliteCommand update = connection.CreateCommand();
        update.CommandText = $"UPDATE {table} SET {column} = $value WHERE {where}";
        update.Parameters.AddWithValue("$value", bytes);
        Assert.Equal(1, update.ExecuteNonQuery());
    }
}
