// DeepChain marketplaces sample: runs the survey's data and model marketplaces on the embedded ledger (Sharing
// Updatable Models, DanKu bounties, DInEMMo pricing) and writes CSV + PNG per scenario. Run with --help for options.
using System.CommandLine;
using DeepChain.Samples.Marketplaces;

var output = new Option<string>("--output") { Description = "Folder for the CSV and PNG files.", DefaultValueFactory = _ => Path.Combine("results", "marketplaces") };
var only = new Option<string[]>("--only")
{
    Description = "Run only these scenarios: " + string.Join(", ", MarketplaceScenarios.All.Select(s => s.Name)) + ".",
    AllowMultipleArgumentsPerToken = true,
};
var root = new RootCommand("DeepChain marketplaces: Sharing Updatable Models, DanKu bounties and DInEMMo pricing on one ledger.") { output, only };
root.SetAction((parse, cancellationToken) =>
{
    string directory = Path.GetFullPath(parse.GetValue(output)!);
    string[] selected = parse.GetValue(only) ?? [];
    string[] unknown = [.. selected.Where(name => !MarketplaceScenarios.All.Any(s => s.Name == name))];
    if (unknown.Length > 0)
    {
        Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", MarketplaceScenarios.All.Select(s => s.Name))}.");
        return Task.FromResult(2);
    }

    Directory.CreateDirectory(directory);
    foreach (IMarketplaceScenario scenario in MarketplaceScenarios.All.Where(s => selected.Length == 0 || selected.Contains(s.Name)))
    {
        Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
        foreach (string file in scenario.Run(directory, Console.Out, cancellationToken))
        {
            Console.WriteLine($"   wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
        }
    }

    return Task.FromResult(0);
});
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
