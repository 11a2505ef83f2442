using DeepChain.Core.Learning;
using FsCheck;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Learning;

public sealed class KFoldTests
{
    [Property(MaxTest = 100)]
    public bool FoldsAreBalancedAndDeterministic(PositiveInt countSeed, PositiveInt foldSeed, byte[] seed)
    {
        int folds = 2 + (foldSeed.Get % 9);
        int count = folds + (countSeed.Get % 500);
        int[] first = KFold.AssignFolds(count, folds, seed ?? []);
        int[] second = KFold.AssignFolds(count, folds, seed ?? []);
        int[] sizes = new int[folds];
        foreach (int f in first)
        {
            sizes[f]++;
        }

        return first.SequenceEqual(second) && sizes.Max() - sizes.Min() <= 1 && sizes.Min() >= 1;
    }

    [Fact]
    public void DifferentSeedsShuffleDifferently()
    {
        int[] a = KFold.AssignFolds(1000, 5, [1]);
        int[] b = KFold.AssignFolds(1000, 5, [2]);
        Assert.False(a.SequenceEqual(b));

        // Not the identity deal (i mod k): the shuffle moved examples.
        Assert.False(a.Select((f, i) => f == i % 5).All(x => x));
    }

    [Fact]
    public void CrossValidationHoldsOutEachExampleExactlyOnce()
    {
        int[] heldCount = new int[103];
        ClassificationScore score = KFold.CrossValidate(103, 4, [7, 7], (train, held) =>
        {
            Assert.Empty(train.Intersect(held));
            Assert.Equal(103, train.Length + held.Length);
            foreach (int i in held)
            {
                heldCount[i]++;
            }

            // A "model" that is right on even indices only.
            int[] labels = held.Select(_ => 0).ToArray();
            int[] predictions = held.Select(i => i % 2).ToArray();
            return ClassificationMetrics.Score(labels, predictions, 2);
        });

        Assert.All(heldCount, c => Assert.Equal(1, c));
        Assert.Equal(103, score.Examples);
        Assert.Equal(52, score.Correct);
        Assert.InRange(score.AccuracyPpm, 450_000, 560_000);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KFold.AssignFolds(10, 1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => KFold.AssignFolds(3, 4, []));
        Assert.Throws<ArgumentNullException>(() => KFold.CrossValidate(10, 2, [], null!));
    }
}
