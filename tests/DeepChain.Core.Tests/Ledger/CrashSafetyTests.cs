using System.Diagnostics;
using System.Globalization;
using DeepChain.Core.Ledger;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DeepChain.Core.Tests.Ledger;

/// <summary>
/// A SQLite ledger survives SIGKILL at any moment: a child process (DeepChain.Core.CrashHost) appends blocks and reports
/// each height once its commit has returned; the test kills it at random moments, 20 times on the same file, and after
/// each kill the store opens, verifies the whole chain, and holds every reported block (by hash) and nothing
/// half-written. Each new child continues from the height the store holds.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Kills = 20;
    private const ulong ChainId = 99; // DeepChain.Core.CrashHost's chain
    private static readonly TimeSpan s_lineTimeout = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;

    public CrashSafetyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task SqliteStore_ChildKilledAtRandomMoments_KeepsEveryCommittedBlockAndNothingHalfWritten()
    {
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        string keysPath = directory.File("keys.txt");
        LedgerSigningKey[] keys = [.. Enumerable.Range(0, 5).Select(_ => LedgerSigningKey.Generate())];
        var parameters = new ChainParameters(ChainId, keys[0].PublicKey);
        await File.WriteAllLinesAsync(keysPath, keys.Select(k => Convert.ToHexString(k.ExportPkcs8())));
        foreach (LedgerSigningKey key in keys)
        {
            key.Dispose();
        }

        var random = new Random(20261125);
        var committed = new Dictionary<long, string>(); // every height whose commit returned in some child, with its hash
        int unreported = 0; // kills that landed after a commit returned but before its line was written
        for (int kill = 0; kill < Kills; kill++)
        {
            long before = HighestHeight(committed);
            int waitForCommits = random.Next(0, 3);
            int extraDelayMs = random.Next(0, 20);
            (List<string> lines, string stderr) = await RunAndKillAsync(path, keysPath, random.Next(), waitForCommits, extraDelayMs);
            string context = $"kill {kill + 1} (after {waitForCommits} commits + {extraDelayMs} ms): stdout [{string.Join(" | ", lines)}] stderr [{stderr}]";

            // The child opened the store holding everything committed before (it verified it, or it would not be ready).
            string ready = Assert.Single(lines, l => l.StartsWith("ready ", StringComparison.Ordinal));
            long readyCount = long.Parse(ready[6..], CultureInfo.InvariantCulture);
            Assert.True(readyCount >= before + 1, context);
            foreach (string line in lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)))
            {
                string[] parts = line.Split(' ');
                committed[long.Parse(parts[1], CultureInfo.InvariantCulture)] = parts[2];
            }

            using (SqliteLedgerStore store = SqliteLedgerStore.Open(path, parameters))
            {
                ChainVerificationResult verified = store.Verify();
                Assert.True(verified.IsValid, $"{context}: {verified.Reason}");
                long highest = HighestHeight(committed);
                Assert.True(store.Count >= highest + 1, $"{context}: the store lost committed blocks ({store.Count} stored, {highest} reported)");
                // Known committed: every reported block, and every block the child found when it opened (an earlier
                // child's last commit may never have been reported). Only this child's last commit can be unreported.
                long known = Math.Max(highest + 1, readyCount);
                Assert.True(store.Count <= known + 1, $"{context}: {store.Count} blocks stored; {known} known committed (at most one commit can be unreported)");
                unreported += store.Count == known + 1 ? 1 : 0;
                foreach ((long height, string hash) in committed)
                {
                    Assert.Equal(hash, store.ReadBlock(height).Hash.ToString());
                }
            }

            AssertNothingHalfWritten(path, context);
        }

        _output.WriteLine($"{Kills} kills, {HighestHeight(committed) + 1} blocks reported committed; {unreported} kills came between a commit and its report");
        Assert.True(HighestHeight(committed) >= Kills, $"only {HighestHeight(committed) + 1} blocks were committed over {Kills} runs");
    }

    private static long HighestHeight(Dictionary<long, string> committed) => committed.Count == 0 ? -1 : committed.Keys.Max();

    /// <summary>The raw tables agree with each other: no transaction rows without their block, and each block has exactly
    /// its declared number of transaction rows, at positions 0 … n − 1.</summary>
    private static void AssertNothingHalfWritten(string path, string context)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand check = connection.CreateCommand();
        check.CommandText = """
            SELECT
              (SELECT count(*) FROM transactions WHERE height NOT IN (SELECT height FROM blocks)),
              (SELECT count(*) FROM blocks b WHERE b.tx_count != (SELECT count(*) FROM transactions t WHERE t.height = b.height)
                                               OR b.tx_count != (SELECT coalesce(max(position) + 1, 0) FROM transactions t WHERE t.height = b.height)),
              (SELECT count(*) FROM blocks) - (SELECT coalesce(max(height) + 1, 0) FROM blocks);
            """;
        using SqliteDataReader reader = check.ExecuteReader();
        Assert.True(reader.Read());
        Assert.True(reader.GetInt64(0) == 0, $"{context}: {reader.GetInt64(0)} transaction rows belong to no block");
        Assert.True(reader.GetInt64(1) == 0, $"{context}: {reader.GetInt64(1)} blocks do not have exactly their transactions");
        Assert.True(reader.GetInt64(2) == 0, $"{context}: the stored heights are not contiguous from 0");
    }

    /// <summary>Starts the child, waits until it is ready and has reported <paramref name="waitForCommits"/> commits, waits
    /// a little more, kills it with SIGKILL, and returns every line it printed before it died.</summary>
    private static async Task<(List<string> Lines, string Stderr)> RunAndKillAsync(string path, string keysPath, int seed, int waitForCommits, int extraDelayMs)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "DeepChain.Core.CrashHost.dll");
        Assert.True(File.Exists(host), $"{host} is missing: the test project references DeepChain.Core.CrashHost so that the build copies it");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "exec", host, path, keysPath, "100000", seed.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("the crash host did not start");
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        try
        {
            int commits = 0;
            bool ready = false;
            while (!ready || commits < waitForCommits)
            {
                string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(s_lineTimeout);
                if (line is null)
                {
                    Assert.Fail($"the crash host exited early (code {await ExitCodeAsync(child)}): stdout [{string.Join(" | ", lines)}] stderr [{await stderr}]");
                }

                lines.Add(line);
                ready |= line.StartsWith("ready ", StringComparison.Ordinal);
                commits += line.StartsWith("committed ", StringComparison.Ordinal) ? 1 : 0;
            }

            if (extraDelayMs > 0)
            {
                // The kill moment is the subject of the test: a random delay lands it anywhere in the next commit.
                await Task.Delay(extraDelayMs);
            }
        }
        finally
        {
            child.Kill(); // SIGKILL on Unix: no handler, no flush, no SQLite rollback in the child.
            await child.WaitForExitAsync();
        }

        // Lines the child wrote before it died are still in the pipe.
        while (await child.StandardOutput.ReadLineAsync() is { } rest)
        {
            lines.Add(rest);
        }

        return (lines, await stderr);
    }

    private static async Task<int> ExitCodeAsync(Process child)
    {
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    /// <summary>The dotnet muxer that runs this test host, so the child runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        string? fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
