using System.CommandLine;
using DeepChain.Cli.Ledger;

namespace DeepChain.Cli;

/// <summary>The <c>deepchain</c> command tree: <c>deepchain ledger verify | show | balances</c>.</summary>
internal static class DeepChainCommand
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Create()
    {
        var ledger = new Command("ledger", "Inspect a DeepChain ledger file (SQLite): verify it, show its blocks, replay its balances.")
        {
            LedgerCommands.Verify(),
            LedgerCommands.Show(),
            LedgerCommands.Balances(),
        };
        return new RootCommand("deepchain: tools for DeepChain's auditable collaborative-learning ledger.") { ledger };
    }

    /// <summary>Runs the tool with the given arguments, writing to the given writers (as the tests do).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
}
