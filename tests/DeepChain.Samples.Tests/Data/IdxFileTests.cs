using System.Buffers.Binary;
using DeepChain.Samples.Mnist.Data;

namespace DeepChain.Samples.Tests.Data;

public sealed class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImagesAndLabels_WellFormedFile_ReturnsContent(bool gzip)
    {
        using var directory = new TemporaryDirectory();
        var (images, labels) = IdxTestFiles.Build(7);
        string imagesPath = directory.File("images");
        string labelsPath = directory.File("labels");
        File.WriteAllBytes(imagesPath, gzip ? IdxTestFiles.Gzip(images) : images);
        File.WriteAllBytes(labelsPath, gzip ? IdxTestFiles.Gzip(labels) : labels);

        var read = IdxFile.ReadImages(imagesPath);
        byte[] readLabels = IdxFile.ReadLabels(labelsPath);

        Assert.Equal(7, read.Count);
        Assert.Equal(28, read.Rows);
        Assert.Equal(28, read.Columns);
        Assert.Equal(images[16..], read.Pixels);
        Assert.Equal(labels[8..], readLabels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_TruncatedData_ThrowsNamingTheFile(bool gzip)
    {
        using var directory = new TemporaryDirectory();
        var (images, _) = IdxTestFiles.Build(3);
        string path = directory.File("train-images-idx3-ubyte");
        File.WriteAllBytes(path, gzip ? IdxTestFiles.Gzip(images[..^100]) : images[..^100]);

        var exception = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_TruncatedGzipStream_ThrowsNamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        var (images, _) = IdxTestFiles.Build(20);
        byte[] gzip = IdxTestFiles.Gzip(images);
        string path = directory.File("cut.gz");
        File.WriteAllBytes(path, gzip[..(gzip.Length / 2)]);

        var exception = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_CorruptGzipStream_ThrowsNamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        var (images, _) = IdxTestFiles.Build(20);
        byte[] gzip = IdxTestFiles.Gzip(images);
        for (int i = 12; i < gzip.Length - 8; i += 7)
        {
            gzip[i] ^= 0x5a;
        }

        string path = directory.File("corrupt.gz");
        File.WriteAllBytes(path, gzip);

        var exception = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_LabelFile_ThrowsWrongMagic()
    {
        using var directory = new TemporaryDirectory();
        var (_, labels) = IdxTestFiles.Build(3);
        string path = directory.File("labels-as-images");
        File.WriteAllBytes(path, labels);

        var exception = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000801", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_TrailingBytes_Throws()
    {
        using var directory = new TemporaryDirectory();
        var (_, labels) = IdxTestFiles.Build(3);
        string path = directory.File("labels");
        File.WriteAllBytes(path, [.. labels, 1, 2]);

        var exception = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_HugeDeclaredCount_ThrowsWithoutAllocating()
    {
        using var directory = new TemporaryDirectory();
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, IdxFile.ImagesMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), int.MaxValue);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), 28);
        string path = directory.File("huge");
        File.WriteAllBytes(path, header);

        var exception = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_ShortHeader_Throws()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("short");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0]);

        var exception = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }
}
