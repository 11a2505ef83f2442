using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;

namespace DeepChain.Cli.Ledger;

/// <summary>
/// <c>deepchain ledger verify | show | balances</c>. Each opens the file read from its <c>chain</c> row, verifies the
/// whole chain (hash links, Merkle roots, every signature, in parallel), and prints for a person or, with
/// <c>--json</c>, one JSON object for a program. Exit codes are in <see cref="ExitCodes"/>.
/// </summary>
internal static class LedgerCommands
{
    // The output is a document for programs, never embedded in HTML: keep '+' in timestamps and non-ASCII reasons readable.
    private static readonly JsonWriterOptions s_jsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>ledger verify &lt;path&gt;</c>: 0 when intact, else 3 + the first bad height (clipped to 255).</summary>
    public static Command Verify()
    {
        Argument<string> path = PathArgument();
        Option<bool> json = JsonOption();
        var command = new Command("verify", "Verify the whole chain: hash links, Merkle roots and every signature. Exit code 0 when intact, "
            + "3 + the first bad height when not (255 for heights of 252 and more; the height is always printed), 2 when the file is not a ledger.")
        {
            path,
            json,
        };
        command.SetAction(parse => Execute(parse, path, json, (store, output, asJson) =>
        {
            if (asJson)
            {
                WriteJson(output, w =>
                {
                    w.WriteString("path", parse.GetValue(path));
                    w.WriteBoolean("intact", true);
                    w.WriteNumber("chainId", store.Parameters.ChainId);
                    w.WriteNumber("blocks", store.Count);
                    w.WriteString("head", store.Head.ToString());
                    w.WriteNull("firstBadHeight");
                    w.WriteNull("reason");
                });
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{parse.GetValue(path)}: intact; chain {store.Parameters.ChainId}, {store.Count} blocks, head {store.Head}"));
            }

            return ExitCodes.Intact;
        }));
        return command;
    }

    /// <summary><c>ledger show &lt;path&gt; [--height H]</c>: blocks and their transactions with the contracts' verdicts.</summary>
    public static Command Show()
    {
        Argument<string> path = PathArgument();
        Option<bool> json = JsonOption();
        var height = new Option<long?>("--height") { Description = "Show only the block at this height." };
        var command = new Command("show", "Show blocks and their transactions (type, sender address, nonce, payload size or blob reference, "
            + "and whether the standard contracts accept it on replay).")
        {
            path,
            height,
            json,
        };
        command.SetAction(parse => Execute(parse, path, json, (store, output, asJson) =>
        {
            long? only = parse.GetValue(height);
            if (only is { } h && (h < 0 || h >= store.Count))
            {
                throw new LedgerFileException(string.Create(CultureInfo.InvariantCulture, $"--height {h}: the ledger holds heights 0 to {store.Count - 1}"));
            }

            var verdicts = new Dictionary<(long Height, int Position), ContractResult>();
            LedgerIntegrityException? refused = null;
            try
            {
                LedgerNode.Replay(store, new StandardContracts().All, (block, position, result) => verdicts[(block.Height, position)] = result);
            }
            catch (LedgerIntegrityException e)
            {
                refused = e;
            }

            long first = only ?? 0;
            long end = only + 1 ?? store.Count;
            if (asJson)
            {
                WriteJson(output, w =>
                {
                    w.WriteNumber("chainId", store.Parameters.ChainId);
                    w.WriteNumber("blockCount", store.Count);
                    WriteReplayFailure(w, refused);
                    w.WriteStartArray("blocks");
                    for (long at = first; at < end; at++)
                    {
                        WriteBlock(w, store.ReadBlock(at), verdicts);
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                for (long at = first; at < end; at++)
                {
                    PrintBlock(output, store.ReadBlock(at), verdicts);
                }

                if (refused is not null)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay stopped at height {refused.Height}: {refused.Reason}"));
                }
            }

            return refused is null ? ExitCodes.Intact : ExitCodes.ForBadHeight(refused.Height);
        }));
        return command;
    }

    /// <summary><c>ledger balances &lt;path&gt;</c>: replays the chain through the standard contracts and lists every account.</summary>
    public static Command Balances()
    {
        Argument<string> path = PathArgument();
        Option<bool> json = JsonOption();
        var command = new Command("balances", "Replay the chain through the standard contracts (reward, trading, processing) and list every "
            + "account's available and escrowed balance, the deposits by holder, and the total supply.")
        {
            path,
            json,
        };
        command.SetAction(parse => Execute(parse, path, json, (store, output, asJson) =>
        {
            var contracts = new StandardContracts();
            LedgerNode.Open(store, contracts.All);
            WorkerRewardLedger balances = contracts.Balances;
            var accounts = balances.Snapshot();
            var escrows = balances.EscrowSnapshot();
            if (asJson)
            {
                WriteJson(output, w =>
                {
                    w.WriteNumber("chainId", store.Parameters.ChainId);
                    w.WriteNumber("blocks", store.Count);
                    w.WriteNumber("totalSupply", balances.TotalSupply);
                    w.WriteStartArray("accounts");
                    foreach ((AccountAddress address, AccountBalance balance) in accounts)
                    {
                        w.WriteStartObject();
                        w.WriteString("address", address.ToString());
                        w.WriteNumber("available", balance.Available);
                        w.WriteNumber("escrowed", balance.Escrowed);
                        w.WritePropertyName("total");
                        w.WriteRawValue(balance.Total.ToString(CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("escrows");
                    foreach ((EscrowKey key, ulong amount) in escrows)
                    {
                        w.WriteStartObject();
                        w.WriteString("account", key.Account.ToString());
                        w.WriteString("holder", key.Holder.ToString());
                        w.WriteNumber("amount", amount);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"chain {store.Parameters.ChainId}, {store.Count} blocks replayed; total supply {balances.TotalSupply}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"address",-64}  {"available",20}  {"escrowed",20}"));
                foreach ((AccountAddress address, AccountBalance balance) in accounts)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{address,-64}  {balance.Available,20}  {balance.Escrowed,20}"));
                }

                if (!escrows.IsEmpty)
                {
                    output.WriteLine("deposits (account -> holder: amount)");
                    foreach ((EscrowKey key, ulong amount) in escrows)
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key.Account} -> {key.Holder}: {amount}"));
                    }
                }
            }

            return ExitCodes.Intact;
        }));
        return command;
    }

    private static Argument<string> PathArgument() => new("path") { Description = "The ledger file (SQLite, as written by SqliteLedgerStore)." };

    private static Option<bool> JsonOption() => new("--json") { Description = "Write one JSON object for a program instead of text." };

    /// <summary>Opens the ledger (verifying it) and runs a command body; turns the two failure kinds into exit codes.</summary>
    private static int Execute(ParseResult parse, Argument<string> pathArgument, Option<bool> jsonOption, Func<SqliteLedgerStore, TextWriter, bool, int> body)
    {
        string path = parse.GetRequiredValue(pathArgument);
        bool asJson = parse.GetValue(jsonOption);
        TextWriter output = parse.InvocationConfiguration.Output;
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            using SqliteLedgerStore store = LedgerFile.Open(path);
            return body(store, output, asJson);
        }
        catch (LedgerIntegrityException e)
        {
            if (asJson)
            {
                WriteJson(output, w =>
                {
                    w.WriteString("path", path);
                    w.WriteBoolean("intact", false);
                    w.WriteNumber("firstBadHeight", e.Height);
                    w.WriteString("reason", e.Reason ?? e.Message);
                });
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: INVALID at height {e.Height}: {e.Reason ?? e.Message}"));
            }

            return ExitCodes.ForBadHeight(e.Height);
        }
        catch (LedgerFileException e)
        {
            if (asJson)
            {
                WriteJson(output, w =>
                {
                    w.WriteString("path", path);
                    w.WriteString("error", e.Message);
                });
            }

            error.WriteLine($"deepchain: {e.Message}");
            return ExitCodes.Unreadable;
        }
    }

    private static void WriteReplayFailure(Utf8JsonWriter w, LedgerIntegrityException? refused)
    {
        w.WriteBoolean("replayed", refused is null);
        if (refused is null)
        {
            w.WriteNull("replayFailedAtHeight");
            w.WriteNull("replayFailure");
        }
        else
        {
            w.WriteNumber("replayFailedAtHeight", refused.Height);
            w.WriteString("replayFailure", refused.Reason);
        }
    }

    private static void WriteBlock(Utf8JsonWriter w, Block block, Dictionary<(long Height, int Position), ContractResult> verdicts)
    {
        w.WriteStartObject();
        w.WriteNumber("height", block.Height);
        w.WriteString("hash", block.Hash.ToString());
        w.WriteString("previousHash", block.PreviousHash.ToString());
        w.WriteString("merkleRoot", block.MerkleRoot.ToString());
        w.WriteString("timestamp", block.Timestamp.ToString("O", CultureInfo.InvariantCulture));
        w.WriteStartArray("transactions");
        for (int i = 0; i < block.Transactions.Length; i++)
        {
            Transaction tx = block.Transactions[i];
            w.WriteStartObject();
            w.WriteNumber("position", i);
            w.WriteString("id", tx.Id.ToString());
            w.WriteString("type", TypeName(tx.Type));
            w.WriteNumber("typeCode", (ushort)tx.Type);
            w.WriteString("sender", tx.SenderAddress.ToString());
            w.WriteNumber("nonce", tx.Nonce);
            if (tx.Blob is { } blob)
            {
                w.WriteNull("payloadBytes");
                w.WriteStartObject("blob");
                w.WriteString("id", blob.Id.ToString());
                w.WriteNumber("length", blob.Length);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNumber("payloadBytes", tx.Payload.Length);
                w.WriteNull("blob");
            }

            if (verdicts.TryGetValue((block.Height, i), out ContractResult verdict))
            {
                w.WriteBoolean("accepted", verdict.IsAccepted);
                if (verdict.IsAccepted)
                {
                    w.WriteNull("reason");
                }
                else
                {
                    w.WriteString("reason", verdict.Reason);
                }
            }
            else
            {
                w.WriteNull("accepted");
                w.WriteString("reason", "not replayed: an earlier transaction was refused");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void PrintBlock(TextWriter output, Block block, Dictionary<(long Height, int Position), ContractResult> verdicts)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"block {block.Height}  {block.Timestamp:O}  {block.Transactions.Length} transaction(s)"));
        output.WriteLine($"  hash     {block.Hash}");
        output.WriteLine($"  previous {block.PreviousHash}");
        for (int i = 0; i < block.Transactions.Length; i++)
        {
            Transaction tx = block.Transactions[i];
            string payload = tx.Blob is { } blob
                ? string.Create(CultureInfo.InvariantCulture, $"blob {blob.Id} ({blob.Length} B)")
                : string.Create(CultureInfo.InvariantCulture, $"payload {tx.Payload.Length} B");
            string verdict = verdicts.TryGetValue((block.Height, i), out ContractResult result)
                ? (result.IsAccepted ? "accepted" : $"REFUSED: {result.Reason}")
                : "not replayed";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  #{i,-4} {TypeName(tx.Type),-28} sender {tx.SenderAddress}  nonce {tx.Nonce,-6} {payload}  {verdict}"));
        }
    }

    private static string TypeName(TransactionType type) =>
        Enum.IsDefined(type) ? type.ToString() : string.Create(CultureInfo.InvariantCulture, $"unknown({(ushort)type})");

    private static void WriteJson(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
