using DeepChain.Samples.Mnist.Training;

namespace DeepChain.Samples.Tests.Training;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void Compute_KnownConfusion_GivesAccuracyAndMacroF1()
    {
        // Class 0: TP 2, FN 1 (predicted 1), FP 0 → F1 = 4/5. Class 1: TP 1, FP 1, FN 0 → F1 = 2/3. Class 2: none → 0.
        byte[] labels = [0, 0, 0, 1];
        long[] predictions = [0, 0, 1, 1];

        var (accuracy, macroF1) = ClassificationMetrics.Compute(labels, predictions, 3);

        Assert.Equal(0.75, accuracy, 12);
        Assert.Equal((0.8 + 2.0 / 3.0 + 0) / 3, macroF1, 12);
    }

    [Fact]
    public void Compute_LengthsDiffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(new byte[2], new long[3], 10));
    }
}
