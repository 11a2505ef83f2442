namespace DeepChain.Samples.Marketplaces;

/// <summary>The scenarios the sample runs, in order.</summary>
internal static class MarketplaceScenarios
{
    /// <summary>Gets every scenario: Sharing Updatable Models, a DanKu bounty, a DInEMMo purchase.</summary>
    public static IReadOnlyList<IMarketplaceScenario> All { get; } =
    [
        // One line per scenario; each marketplace adds its own.
    ];
}
