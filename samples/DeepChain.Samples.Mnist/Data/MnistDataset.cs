namespace DeepChain.Samples.Mnist.Data;

/// <summary>
/// Labelled 28 × 28 digit images (MNIST or Fashion-MNIST) split into a training pool and a fixed held-out test set.
/// </summary>
/// <remarks>
/// <para>With no directory the 10,000 committed digits are used (<c>samples/data</c>, copied beside the program):
/// the last <see cref="DefaultTestSize"/> images are the test set and the first 8,000 the training pool. The committed
/// file is shuffled once with a fixed seed, so both parts mix all labels.</para>
/// <para>With a directory holding the standard files (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each optionally <c>.gz</c>), the training files are
/// the pool and the first <see cref="DefaultTestSize"/> images of the t10k files the test set. A directory with only
/// the committed file names is read like the default.</para>
/// </remarks>
public sealed class MnistDataset
{
    /// <summary>The size of the held-out test set.</summary>
    public const int DefaultTestSize = 2000;

    /// <summary>The number of pixels per image.</summary>
    public const int PixelsPerImage = 28 * 28;

    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The committed images' file name.</summary>
    public const string CommittedImagesFile = "mnist-10k-images-idx3-ubyte.gz";

    /// <summary>The committed labels' file name.</summary>
    public const string CommittedLabelsFile = "mnist-10k-labels-idx1-ubyte.gz";

    private MnistDataset(LabelledImages trainingPool, LabelledImages test, string source)
    {
        TrainingPool = trainingPool;
        Test = test;
        Source = source;
    }

    /// <summary>Gets the images that training shards are drawn from.</summary>
    public LabelledImages TrainingPool { get; }

    /// <summary>Gets the held-out test set, never used for training.</summary>
    public LabelledImages Test { get; }

    /// <summary>Gets where the data came from, for reports.</summary>
    public string Source { get; }

    /// <summary>Gets the folder of the committed files: <c>data</c> beside the program.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Loads the committed digits, or the standard files in <paramref name="directory"/>.</summary>
    /// <param name="directory">A folder with MNIST-format IDX files, or null for the committed 10,000 digits.</param>
    /// <param name="testSize">The held-out test size.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="FileNotFoundException">The folder has neither the standard nor the committed files.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, truncated, of another shape, or labels disagree.</exception>
    public static MnistDataset Load(string? directory = null, int testSize = DefaultTestSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(testSize, 1);
        directory ??= DefaultDirectory;
        string? trainImages = FindFile(directory, "train-images-idx3-ubyte");
        string? trainLabels = FindFile(directory, "train-labels-idx1-ubyte");
        string? testImages = FindFile(directory, "t10k-images-idx3-ubyte");
        string? testLabels = FindFile(directory, "t10k-labels-idx1-ubyte");
        if (trainImages is not null && trainLabels is not null && testImages is not null && testLabels is not null)
        {
            var pool = Read(trainImages, trainLabels);
            var test = Read(testImages, testLabels);
            if (test.Count < testSize)
            {
                throw new InvalidDataException($"{testImages}: {test.Count} images, fewer than the {testSize} test images asked for.");
            }

            return new MnistDataset(pool, test.Slice(0, testSize), directory);
        }

        string images = Path.Combine(directory, CommittedImagesFile);
        string labels = Path.Combine(directory, CommittedLabelsFile);
        if (!File.Exists(images) || !File.Exists(labels))
        {
            throw new FileNotFoundException(
                $"{directory} holds neither the standard train-/t10k- IDX files nor {CommittedImagesFile} and {CommittedLabelsFile}.");
        }

        var all = Read(images, labels);
        if (all.Count <= testSize)
        {
            throw new InvalidDataException($"{images}: {all.Count} images leave none for training after a test set of {testSize}.");
        }

        return new MnistDataset(all.Slice(0, all.Count - testSize), all.Slice(all.Count - testSize, testSize), directory);
    }

    /// <summary>Reads an image file and its label file and checks that they agree.</summary>
    /// <param name="imagesPath">An IDX3 file of 28 × 28 images.</param>
    /// <param name="labelsPath">An IDX1 file of labels 0 to 9, as many as images.</param>
    /// <returns>The labelled images.</returns>
    /// <exception cref="InvalidDataException">A file is malformed or the two disagree.</exception>
    public static LabelledImages Read(string imagesPath, string labelsPath)
    {
        var images = IdxFile.ReadImages(imagesPath);
        if (images.Rows != 28 || images.Columns != 28)
        {
            throw new InvalidDataException($"{imagesPath}: images of {images.Rows} × {images.Columns} pixels, expected 28 × 28.");
        }

        byte[] labels = IdxFile.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new InvalidDataException($"{labelsPath}: {labels.Length} labels for the {images.Count} images of {imagesPath}.");
        }

        int bad = Array.FindIndex(labels, l => l >= ClassCount);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{labelsPath}: label {labels[bad]} at index {bad} is not a digit class 0–9.");
        }

        return new LabelledImages(images.Pixels, labels);
    }

    private static string? FindFile(string directory, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz", name.Replace("-idx", ".idx", StringComparison.Ordinal), name.Replace("-idx", ".idx", StringComparison.Ordinal) + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
