namespace DeepChain.Core.Learning;

/// <summary>
/// Accuracy and macro-F1 of predicted class labels, in exact integer arithmetic so that contracts, which must reach the
/// same state on every node, can rank models by them.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Scores predictions against labels.</summary>
    /// <param name="labels">The true classes, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="predictions">The predicted classes, as many as labels; a prediction outside the class range counts
    /// as wrong (a false negative of the true class, and a false positive of no class).</param>
    /// <param name="classCount">The number of classes, at least 1.</param>
    /// <returns>The counts and the parts-per-million figures.</returns>
    /// <remarks>Per class c: F1(c) = 2·TP / (2·TP + FP + FN), and a class with no true and no predicted example scores
    /// 0, as scikit-learn does. Macro-F1 (ppm) = ⌊Σ_c ⌊10⁶·F1(c)⌋ / classCount⌋.</remarks>
    /// <exception cref="ArgumentException">The lengths differ, or there are no examples.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1, or a label is outside
    /// the class range.</exception>
    public static ClassificationScore Score(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, int classCount)
    {
        if (labels.Length != predictions.Length || labels.IsEmpty)
        {
            throw new ArgumentException("Labels and predictions must be non-empty and equally long.", nameof(predictions));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        var truePositive = new long[classCount];
        var falsePositive = new long[classCount];
        var falseNegative = new long[classCount];
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label {i} is outside [0, {classCount}).");
            }

            int predicted = predictions[i];
            if (label == predicted)
            {
                correct++;
                truePositive[label]++;
                continue;
            }

            falseNegative[label]++;
            if ((uint)predicted < (uint)classCount)
            {
                falsePositive[predicted]++;
            }
        }

        long f1Sum = 0;
        for (int c = 0; c < classCount; c++)
        {
            long denominator = (2 * truePositive[c]) + falsePositive[c] + falseNegative[c];
            f1Sum += denominator == 0 ? 0 : 2 * truePositive[c] * ClassificationScore.PartsPerMillion / denominator;
        }

        return new ClassificationScore(labels.Length, correct, correct * ClassificationScore.PartsPerMillion / labels.Length, f1Sum / classCount);
    }
}
