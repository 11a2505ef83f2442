using DeepChain.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace DeepChain.Cli.Ledger;

/// <summary>
/// Opens a ledger file for inspection: the chain id and proposer come from the file's own <c>chain</c> row, so the tool
/// needs no configuration; then <see cref="SqliteLedgerStore.Open"/> verifies every stored block.
/// </summary>
/// <remarks>The file does not record the chain's size limits (payload bytes, transactions per block), so the tool
/// opens it with the largest limits a chain may have: everything else (hash chain, Merkle roots, every signature,
/// heights, timestamps, the readable columns) is checked exactly as a node checks it.</remarks>
internal static class LedgerFile
{
    /// <summary>Reads a ledger file's chain parameters without changing the file.</summary>
    /// <exception cref="LedgerFileException">The file is missing or is not a DeepChain ledger.</exception>
    public static ChainParameters ReadParameters(string path)
    {
        if (!File.Exists(path))
        {
            throw new LedgerFileException($"{path}: no such file");
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = "SELECT chain_id, proposer FROM chain;";
            using SqliteDataReader reader = select.ExecuteReader();
            if (!reader.Read() || reader.GetValue(0) is not long chainId || reader.GetValue(1) is not byte[] proposer || reader.Read())
            {
                throw new LedgerFileException($"{path}: the chain table must hold exactly one row (chain id, proposer key)");
            }

            if (!LedgerPublicKey.TryFromEncoded(proposer, out LedgerPublicKey? key, out string? reason))
            {
                throw new LedgerFileException($"{path}: the proposer key is invalid: {reason}");
            }

            return new ChainParameters(unchecked((ulong)chainId), key, ChainParameters.AbsoluteMaxPayloadBytes, int.MaxValue);
        }
        catch (SqliteException e)
        {
            throw new LedgerFileException($"{path}: not a DeepChain ledger ({e.Message})", e);
        }
    }

    /// <summary>Opens and fully verifies a ledger file.</summary>
    /// <exception cref="LedgerFileException">The file is missing or is not a DeepChain ledger.</exception>
    /// <exception cref="LedgerIntegrityException">A stored block fails verification.</exception>
    public static SqliteLedgerStore Open(string path)
    {
        ChainParameters parameters = ReadParameters(path);
        try
        {
            return SqliteLedgerStore.Open(path, parameters);
        }
        catch (SqliteException e)
        {
            throw new LedgerFileException($"{path}: cannot be opened as a DeepChain ledger ({e.Message})", e);
        }
    }
}
