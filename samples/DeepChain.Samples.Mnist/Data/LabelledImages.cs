namespace DeepChain.Samples.Mnist.Data;

/// <summary>28 × 28 images with their labels, image after image.</summary>
public sealed class LabelledImages
{
    /// <summary>Wraps pixels and labels.</summary>
    /// <param name="pixels"><see cref="MnistDataset.PixelsPerImage"/> bytes per image.</param>
    /// <param name="labels">One label 0 to 9 per image.</param>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public LabelledImages(byte[] pixels, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (pixels.Length != labels.Length * MnistDataset.PixelsPerImage)
        {
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {MnistDataset.PixelsPerImage}.", nameof(pixels));
        }

        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Gets all pixels, 0 to 255.</summary>
    public byte[] Pixels { get; }

    /// <summary>Gets the labels.</summary>
    public byte[] Labels { get; }

    /// <summary>Gets the number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Copies a contiguous range.</summary>
    /// <param name="start">The first image.</param>
    /// <param name="count">The number of images.</param>
    /// <returns>The range.</returns>
    public LabelledImages Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        return new LabelledImages(
            Pixels.AsSpan(start * MnistDataset.PixelsPerImage, count * MnistDataset.PixelsPerImage).ToArray(),
            Labels.AsSpan(start, count).ToArray());
    }

    /// <summary>Copies the images at the given indices, in that order.</summary>
    /// <param name="indices">Image indices.</param>
    /// <returns>The selection.</returns>
    public LabelledImages Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pixels = new byte[indices.Count * MnistDataset.PixelsPerImage];
        var labels = new byte[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int index = indices[i];
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count, nameof(indices));
            Pixels.AsSpan(index * MnistDataset.PixelsPerImage, MnistDataset.PixelsPerImage).CopyTo(pixels.AsSpan(i * MnistDataset.PixelsPerImage));
            labels[i] = Labels[index];
        }

        return new LabelledImages(pixels, labels);
    }
}
