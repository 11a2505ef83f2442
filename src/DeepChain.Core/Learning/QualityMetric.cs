namespace DeepChain.Core.Learning;

/// <summary>The figure a quality-dependent reward ranks models by.</summary>
public enum QualityMetric : byte
{
    /// <summary>The fraction of correctly classified examples.</summary>
    Accuracy = 1,

    /// <summary>The unweighted mean of the per-class F1 scores: not fooled by a majority class.</summary>
    MacroF1 = 2,
}
