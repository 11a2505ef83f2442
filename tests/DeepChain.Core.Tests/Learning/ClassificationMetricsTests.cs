using DeepChain.Core.Learning;
using FsCheck;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Learning;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void HandComputedExample()
    {
        // Class 0: TP 2, FP 1, FN 0 -> F1 = 4/5; class 1: TP 1, FP 0, FN 1 -> 2/3; class 2: TP 0, FP 0, FN 1 -> 0.
        int[] labels = [0, 0, 1, 1, 2];
        int[] predictions = [0, 0, 1, 0, 7];
        ClassificationScore score = ClassificationMetrics.Score(labels, predictions, 3);
        Assert.Equal(5, score.Examples);
        Assert.Equal(3, score.Correct);
        Assert.Equal(600_000, score.AccuracyPpm);
        Assert.Equal((800_000 + 666_666 + 0) / 3, score.MacroF1Ppm);
        Assert.Equal(0.6, score.Accuracy, 12);
        Assert.Equal(score.MacroF1Ppm, score.Ppm(QualityMetric.MacroF1));
        Assert.Equal(score.AccuracyPpm, score.Ppm(QualityMetric.Accuracy));
    }

    [Fact]
    public void MajorityClassGuessingScoresHighAccuracyButLowMacroF1()
    {
        int[] labels = [.. Enumerable.Repeat(0, 90), .. Enumerable.Repeat(1, 10)];
        int[] predictions = new int[100];
        ClassificationScore score = ClassificationMetrics.Score(labels, predictions, 2);
        Assert.Equal(900_000, score.AccuracyPpm);
        Assert.Equal((2 * 90 * 1_000_000L / (180 + 10)) / 2, score.MacroF1Ppm);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Score([0, 1], [0], 2));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Score([], [], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Score([0, 2], [0, 1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Score([0], [0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => default(ClassificationScore).Ppm((QualityMetric)9));
    }

    [Property(MaxTest = 200)]
    public bool PerfectPredictionsScoreOneMillion(PositiveInt length, PositiveInt classes)
    {
        int classCount = 1 + (classes.Get % 10);
        int[] labels = Enumerable.Range(0, 1 + (length.Get % 200)).Select(i => i % classCount).ToArray();
        ClassificationScore score = ClassificationMetrics.Score(labels, labels, classCount);
        long presentClasses = labels.Distinct().Count();
        return score.AccuracyPpm == 1_000_000 && score.MacroF1Ppm == presentClasses * 1_000_000 / classCount;
    }
}
