namespace DeepChain.Samples.Marketplaces;

/// <summary>One marketplace mechanism run end to end on the embedded ledger: prints a table, writes CSV and PNG.</summary>
internal interface IMarketplaceScenario
{
    /// <summary>Gets the name the <c>--only</c> option selects the scenario by (for example <c>sum</c>).</summary>
    string Name { get; }

    /// <summary>Gets a one-line description for the help text and the console.</summary>
    string Description { get; }

    /// <summary>Runs the scenario.</summary>
    /// <param name="outputDirectory">The folder to write the scenario's CSV and PNG files into (it exists).</param>
    /// <param name="console">Where to print progress and the result table.</param>
    /// <param name="cancellationToken">Stops the scenario between steps.</param>
    /// <returns>The paths of the files written.</returns>
    IReadOnlyList<string> Run(string outputDirectory, TextWriter console, CancellationToken cancellationToken);
}
