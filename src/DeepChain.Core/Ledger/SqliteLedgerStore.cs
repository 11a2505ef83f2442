using Microsoft.Data.Sqlite;

namespace DeepChain.Core.Ledger;

/// <summary>
/// The embedded ledger store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a block is committed
/// durably and atomically or not at all. The tables are plain enough to inspect with any SQLite tool.
/// </summary>
/// <remarks>
/// <para>Schema: <c>chain(chain_id, proposer)</c>; <c>blocks(height, hash, previous_hash, merkle_root, timestamp_ms,
/// tx_count, header, signature)</c>; <c>transactions(height, position, tx_id, type, sender, nonce, encoded)</c>. The
/// <c>header</c>, <c>signature</c> and <c>encoded</c> columns are the signed bytes; the others repeat fields of
/// them for readers, and are checked against them whenever a block is read.</para>
/// <para>Opening re-verifies the whole chain (see <see cref="ChainVerifier"/>) and throws
/// <see cref="LedgerIntegrityException"/> at the first bad height. The store is single-writer: one instance per file.</para>
/// </remarks>
public sealed class SqliteLedgerStore : ILedgerStore
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();
    private long _count;
    private BlockHash _head;
    private DateTimeOffset? _lastTimestamp;

    private SqliteLedgerStore(SqliteConnection connection, ChainParameters parameters)
    {
        _connection = connection;
        Parameters = parameters;
    }

    /// <inheritdoc/>
    public ChainParameters Parameters { get; }

    /// <inheritdoc/>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <inheritdoc/>
    public BlockHash Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    /// <inheritdoc/>
    public DateTimeOffset? LastTimestamp
    {
        get
        {
            lock (_gate)
            {
                return _lastTimestamp;
            }
        }
    }

    /// <summary>Opens (or creates) a ledger file and verifies every stored block.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="parameters">The chain's parameters; an existing file must be for the same chain id and proposer.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The file belongs to another chain.</exception>
    /// <exception cref="LedgerIntegrityException">A stored block fails verification; the exception names the first bad height.</exception>
    public static SqliteLedgerStore Open(string path, ChainParameters parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS chain (chain_id INTEGER NOT NULL, proposer BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS blocks (
                    height INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, previous_hash BLOB NOT NULL, merkle_root BLOB NOT NULL,
                    timestamp_ms INTEGER NOT NULL, tx_count INTEGER NOT NULL, header BLOB NOT NULL, signature BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS transactions (
                    height INTEGER NOT NULL REFERENCES blocks(height), position INTEGER NOT NULL, tx_id BLOB NOT NULL,
                    type INTEGER NOT NULL, sender BLOB NOT NULL, nonce INTEGER NOT NULL, encoded BLOB NOT NULL,
                    PRIMARY KEY (height, position));
                CREATE INDEX IF NOT EXISTS transactions_by_id ON transactions(tx_id);
                CREATE INDEX IF NOT EXISTS transactions_by_sender ON transactions(sender, nonce);
                """);
            var store = new SqliteLedgerStore(connection, parameters);
            store.CheckOrWriteChainRow();
            ChainVerificationResult result = store.Verify();
            if (!result.IsValid)
            {
                throw new LedgerIntegrityException(result.FirstBadHeight!.Value, result.Reason!);
            }

            store._count = result.BlockCount;
            store._head = result.Head;
            store._lastTimestamp = result.LastTimestamp;
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Append(Block block)
    {
        lock (_gate)
        {
            ChainVerifier.ThrowIfNotAppendable(block, Parameters, _count, _head, _lastTimestamp);
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using (SqliteCommand insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO blocks (height, hash, previous_hash, merkle_root, timestamp_ms, tx_count, header, signature)
                    VALUES ($height, $hash, $previous, $root, $timestamp, $count, $header, $signature);
                    """;
                insert.Parameters.AddWithValue("$height", block.Height);
                insert.Parameters.AddWithValue("$hash", block.Hash.ToArray());
                insert.Parameters.AddWithValue("$previous", block.PreviousHash.ToArray());
                insert.Parameters.AddWithValue("$root", block.MerkleRoot.ToArray());
                insert.Parameters.AddWithValue("$timestamp", block.Timestamp.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$count", block.Transactions.Length);
                insert.Parameters.AddWithValue("$header", block.Header.ToArray());
                insert.Parameters.AddWithValue("$signature", block.Signature.ToArray());
                insert.ExecuteNonQuery();
            }

            using (SqliteCommand insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO transactions (height, position, tx_id, type, sender, nonce, encoded)
                    VALUES ($height, $position, $id, $type, $sender, $nonce, $encoded);
                    """;
                SqliteParameter height = insert.Parameters.Add("$height", SqliteType.Integer);
                SqliteParameter position = insert.Parameters.Add("$position", SqliteType.Integer);
                SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Blob);
                SqliteParameter type = insert.Parameters.Add("$type", SqliteType.Integer);
                SqliteParameter sender = insert.Parameters.Add("$sender", SqliteType.Blob);
                SqliteParameter nonce = insert.Parameters.Add("$nonce", SqliteType.Integer);
                SqliteParameter encoded = insert.Parameters.Add("$encoded", SqliteType.Blob);
                for (int i = 0; i < block.Transactions.Length; i++)
                {
                    Transaction tx = block.Transactions[i];
                    height.Value = block.Height;
                    position.Value = i;
                    id.Value = tx.Id.ToArray();
                    type.Value = (int)tx.Type;
                    sender.Value = tx.SenderAddress.ToArray();
                    nonce.Value = unchecked((long)tx.Nonce);
                    encoded.Value = tx.ToArray();
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            _count++;
            _head = block.Hash;
            _lastTimestamp = block.Timestamp;
        }
    }

    /// <inheritdoc/>
    public Block ReadBlock(long height)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(height);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(height, _count);
            (byte[] encoded, StoredColumns columns) = ReadEncoded(height) ?? throw new LedgerIntegrityException(height, "the block row is missing");
            if (!Block.TryDecode(encoded, Parameters, out Block? block, out string? reason) || (reason = CrossCheck(block, columns)) is not null)
            {
                throw new LedgerIntegrityException(height, reason);
            }

            return block;
        }
    }

    /// <inheritdoc/>
    public ChainVerificationResult Verify() => Verify(null);

    /// <inheritdoc/>
    public ChainVerificationResult Verify(Func<Block, string?>? visitor)
    {
        lock (_gate)
        {
            var columns = new Dictionary<long, StoredColumns>();
            long rowCount = ScalarInt64("SELECT count(*) FROM blocks;");
            long maxHeight = ScalarInt64("SELECT coalesce(max(height), -1) FROM blocks;");
            ChainVerificationResult result = ChainVerifier.Verify(ReadAllEncoded(columns), Parameters, block =>
            {
                StoredColumns stored;
                lock (columns)
                {
                    stored = columns[block.Height];
                }

                return CrossCheck(block, stored);
            }, visitor);
            if (result.IsValid && (maxHeight != rowCount - 1 || result.BlockCount != rowCount))
            {
                return result with { FirstBadHeight = result.BlockCount, Reason = "the stored heights are not contiguous from 0" };
            }

            long orphans = ScalarInt64("SELECT count(*) FROM transactions WHERE height NOT IN (SELECT height FROM blocks);");
            if (result.IsValid && orphans != 0)
            {
                return result with { FirstBadHeight = result.BlockCount, Reason = $"{orphans} stored transactions belong to no block" };
            }

            return result;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private IEnumerable<ChainVerifier.StoredBytes> ReadAllEncoded(Dictionary<long, StoredColumns> columns)
    {
        for (long height = 0; ; height++)
        {
            (byte[] Encoded, StoredColumns Columns)? row;
            string? error = null;
            try
            {
                row = ReadEncoded(height);
            }
            catch (LedgerIntegrityException e)
            {
                row = null;
                error = e.Reason;
            }

            if (error is not null)
            {
                yield return new ChainVerifier.StoredBytes([], error);
                continue;
            }

            if (row is null)
            {
                yield break;
            }

            lock (columns)
            {
                columns[height] = row.Value.Columns;
            }

            yield return new ChainVerifier.StoredBytes(row.Value.Encoded, null);
        }
    }

    private (byte[] Encoded, StoredColumns Columns)? ReadEncoded(long height)
    {
        byte[] header;
        byte[] signature;
        StoredColumns columns;
        using (SqliteCommand select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT hash, previous_hash, merkle_root, timestamp_ms, tx_count, header, signature FROM blocks WHERE height = $height;";
            select.Parameters.AddWithValue("$height", height);
            using SqliteDataReader reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            columns = new StoredColumns(Blob(reader, 0, height), Blob(reader, 1, height), Blob(reader, 2, height), Integer(reader, 3, height), Integer(reader, 4, height), []);
            header = Blob(reader, 5, height);
            signature = Blob(reader, 6, height);
        }

        var txs = new List<(byte[] Encoded, TxRow Row)>();
        using (SqliteCommand select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT position, tx_id, type, sender, nonce, encoded FROM transactions WHERE height = $height ORDER BY position;";
            select.Parameters.AddWithValue("$height", height);
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                txs.Add((Blob(reader, 5, height), new TxRow(Integer(reader, 0, height), Blob(reader, 1, height), Integer(reader, 2, height), Blob(reader, 3, height), Integer(reader, 4, height))));
            }
        }

        int size = header.Length + signature.Length + txs.Sum(t => 4 + t.Encoded.Length);
        byte[] encoded = new byte[size];
        header.CopyTo(encoded, 0);
        signature.CopyTo(encoded, header.Length);
        int offset = header.Length + signature.Length;
        foreach ((byte[] tx, _) in txs)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(offset), (uint)tx.Length);
            tx.CopyTo(encoded, offset + 4);
            offset += 4 + tx.Length;
        }

        return (encoded, columns with { Transactions = [.. txs.Select(t => t.Row)] });
    }

    // A column edited to another storage class is tampering too: report it at its height rather than as a cast error.
    private static byte[] Blob(SqliteDataReader reader, int ordinal, long height) =>
        reader.GetValue(ordinal) as byte[] ?? throw new LedgerIntegrityException(height, $"column {reader.GetName(ordinal)} is not a blob");

    private static long Integer(SqliteDataReader reader, int ordinal, long height) =>
        reader.GetValue(ordinal) is long value ? value : throw new LedgerIntegrityException(height, $"column {reader.GetName(ordinal)} is not an integer");

    private static string? CrossCheck(Block block, StoredColumns stored)
    {
        if (!block.Hash.ToArray().AsSpan().SequenceEqual(stored.Hash) || !block.PreviousHash.ToArray().AsSpan().SequenceEqual(stored.PreviousHash)
            || !block.MerkleRoot.ToArray().AsSpan().SequenceEqual(stored.MerkleRoot) || block.Timestamp.ToUnixTimeMilliseconds() != stored.TimestampMs
            || block.Transactions.Length != stored.TxCount)
        {
            return "the block's readable columns disagree with its signed header";
        }

        for (int i = 0; i < stored.Transactions.Length; i++)
        {
            TxRow row = stored.Transactions[i];
            Transaction tx = block.Transactions[i];
            if (row.Position != i || !tx.Id.ToArray().AsSpan().SequenceEqual(row.Id) || row.Type != (long)tx.Type
                || !tx.SenderAddress.ToArray().AsSpan().SequenceEqual(row.Sender) || row.Nonce != unchecked((long)tx.Nonce))
            {
                return $"transaction {i}'s readable columns disagree with its signed encoding";
            }
        }

        return null;
    }

    private void CheckOrWriteChainRow()
    {
        using SqliteCommand select = _connection.CreateCommand();
        select.CommandText = "SELECT chain_id, proposer FROM chain;";
        using (SqliteDataReader reader = select.ExecuteReader())
        {
            if (reader.Read())
            {
                ulong chainId = unchecked((ulong)reader.GetInt64(0));
                byte[] proposer = (byte[])reader[1];
                if (chainId != Parameters.ChainId || !proposer.AsSpan().SequenceEqual(Parameters.Proposer.Encoded) || reader.Read())
                {
                    throw new InvalidOperationException($"The ledger file belongs to chain {chainId} with another proposer or is malformed; it was opened as chain {Parameters.ChainId}.");
                }

                return;
            }
        }

        using SqliteCommand insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO chain (chain_id, proposer) VALUES ($id, $proposer);";
        insert.Parameters.AddWithValue("$id", unchecked((long)Parameters.ChainId));
        insert.Parameters.AddWithValue("$proposer", Parameters.Proposer.Encoded.ToArray());
        insert.ExecuteNonQuery();
    }

    private long ScalarInt64(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record TxRow(long Position, byte[] Id, long Type, byte[] Sender, long Nonce);

    private sealed record StoredColumns(byte[] Hash, byte[] PreviousHash, byte[] MerkleRoot, long TimestampMs, long TxCount, TxRow[] Transactions);
}
