namespace DeepChain.Samples.Mnist.Training;

/// <summary>Accuracy and macro-F1 of predicted class labels.</summary>
public static class ClassificationMetrics
{
    /// <summary>Computes accuracy and macro-F1.</summary>
    /// <param name="labels">The true classes.</param>
    /// <param name="predictions">The predicted classes, as many as labels.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <returns>The accuracy (0 to 1) and the unweighted mean of the per-class F1 scores (0 to 1).</returns>
    /// <remarks>Per class c: F1 = 2·TP / (2·TP + FP + FN); a class with no true and no predicted example scores 0,
    /// as scikit-learn does.</remarks>
    /// <exception cref="ArgumentException">The lengths differ, or there are no examples.</exception>
    public static (double Accuracy, double MacroF1) Compute(ReadOnlySpan<byte> labels, ReadOnlySpan<long> predictions, int classCount)
    {
        if (labels.Length != predictions.Length || labels.IsEmpty)
        {
            throw new ArgumentException("Labels and predictions must be non-empty and equally long.", nameof(predictions));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        var truePositive = new int[classCount];
        var falsePositive = new int[classCount];
        var falseNegative = new int[classCount];
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            int predicted = (int)predictions[i];
            if (label == predicted)
            {
                correct++;
                truePositive[label]++;
            }
            else
            {
                falseNegative[label]++;
                if ((uint)predicted < (uint)classCount)
                {
                    falsePositive[predicted]++;
                }
            }
        }

        double f1Sum = 0;
        for (int c = 0; c < classCount; c++)
        {
            int denominator = 2 * truePositive[c] + falsePositive[c] + falseNegative[c];
            f1Sum += denominator == 0 ? 0 : 2.0 * truePositive[c] / denominator;
        }

        return ((double)correct / labels.Length, f1Sum / classCount);
    }
}
