using DeepChain.Samples.Mnist.Data;

namespace DeepChain.Samples.Tests.Data;

public sealed class MnistDatasetTests
{
    [Fact]
    public void Load_CommittedFiles_SplitsEightThousandAndTwoThousand()
    {
        var dataset = MnistDataset.Load();

        Assert.Equal(8000, dataset.TrainingPool.Count);
        Assert.Equal(MnistDataset.DefaultTestSize, dataset.Test.Count);
        var counts = new int[10];
        foreach (byte label in dataset.TrainingPool.Labels.Concat(dataset.Test.Labels))
        {
            counts[label]++;
        }

        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], counts);

        // The committed file is shuffled: the test split holds every digit, roughly a tenth each.
        Assert.All(Enumerable.Range(0, 10), d => Assert.InRange(dataset.Test.Labels.Count(l => l == d), 120, 280));
    }

    [Fact]
    public void Load_StandardFileNames_UsesTrainAsPoolAndT10kAsTest()
    {
        using var directory = new TemporaryDirectory();
        var (trainImages, trainLabels) = IdxTestFiles.Build(30);
        var (testImages, testLabels) = IdxTestFiles.Build(12);
        File.WriteAllBytes(directory.File("train-images-idx3-ubyte.gz"), IdxTestFiles.Gzip(trainImages));
        File.WriteAllBytes(directory.File("train-labels-idx1-ubyte.gz"), IdxTestFiles.Gzip(trainLabels));
        File.WriteAllBytes(directory.File("t10k-images-idx3-ubyte"), testImages);
        File.WriteAllBytes(directory.File("t10k-labels-idx1-ubyte"), testLabels);

        var dataset = MnistDataset.Load(directory.Path, testSize: 10);

        Assert.Equal(30, dataset.TrainingPool.Count);
        Assert.Equal(10, dataset.Test.Count);
        Assert.Equal(testLabels[8..18], dataset.Test.Labels);
    }

    [Fact]
    public void Load_FolderWithoutFiles_ThrowsFileNotFound()
    {
        using var directory = new TemporaryDirectory();

        var exception = Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(directory.Path));

        Assert.Contains(directory.Path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LabelCountDiffers_ThrowsNamingBothFiles()
    {
        using var directory = new TemporaryDirectory();
        var (images, _) = IdxTestFiles.Build(5);
        var (_, labels) = IdxTestFiles.Build(4);
        File.WriteAllBytes(directory.File("i"), images);
        File.WriteAllBytes(directory.File("l"), labels);

        var exception = Assert.Throws<InvalidDataException>(() => MnistDataset.Read(directory.File("i"), directory.File("l")));

        Assert.Contains(directory.File("l"), exception.Message, StringComparison.Ordinal);
        Assert.Contains(directory.File("i"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LabelOutOfRange_Throws()
    {
        using var directory = new TemporaryDirectory();
        var (images, labels) = IdxTestFiles.Build(5);
        labels[^1] = 10;
        File.WriteAllBytes(directory.File("i"), images);
        File.WriteAllBytes(directory.File("l"), labels);

        var exception = Assert.Throws<InvalidDataException>(() => MnistDataset.Read(directory.File("i"), directory.File("l")));

        Assert.Contains("label 10", exception.Message, StringComparison.Ordinal);
    }
}
