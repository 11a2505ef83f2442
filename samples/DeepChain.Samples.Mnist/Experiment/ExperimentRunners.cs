namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>The runners the sample uses, asked in order for each scheme.</summary>
public static class ExperimentRunners
{
    /// <summary>Gets the default runners: the plain federated-averaging baseline.</summary>
    public static IReadOnlyList<IExperimentRunner> Default { get; } = [new PlainFederatedAveragingRunner()];
}
