namespace DeepChain.Core.Training;

/// <summary>The quality of a model on a held-out data set.</summary>
/// <param name="Accuracy">The fraction of correctly classified examples, 0 to 1.</param>
/// <param name="MacroF1">The unweighted mean over classes of the per-class F1 score, 0 to 1.</param>
/// <param name="Loss">The mean loss (cross-entropy for classifiers).</param>
public readonly record struct TrainerEvaluation(double Accuracy, double MacroF1, double Loss);
