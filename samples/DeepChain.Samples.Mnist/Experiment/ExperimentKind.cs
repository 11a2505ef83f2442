namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>Which experiment the sample runs.</summary>
public enum ExperimentKind
{
    /// <summary>Accuracy, time and throughput as the number of parties grows (the default).</summary>
    Parties,

    /// <summary>Test error against the differential-privacy budget ε (LearningChain's trade-off), at the largest party count.</summary>
    Privacy,
}
