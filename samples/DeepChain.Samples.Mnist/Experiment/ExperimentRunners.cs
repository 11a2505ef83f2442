namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>The runners the sample uses, asked in order for each scheme.</summary>
public static class ExperimentRunners
{
    /// <summary>Gets the default runners: every scheme, plain included, runs through a DeepChain session (ledger,
    /// contracts, workers), so the plain baseline differs from the encrypted runs only by the encryption.</summary>
    public static IReadOnlyList<IExperimentRunner> Default { get; } = [new DeepChainSessionRunner()];
}
