using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepChain.Samples.Mnist.Data;

/// <summary>
/// Reads IDX files (the format of MNIST and Fashion-MNIST), gzipped or raw: a big-endian header of magic
/// <c>0x000008TD</c> (T = 0x08 unsigned bytes, D = the number of dimensions) and D big-endian 32-bit sizes, then the
/// unsigned-byte data.
/// </summary>
/// <remarks>Gzip is recognised by its signature (1F 8B), not by the file name. Every problem, a wrong magic, a size that
/// overflows, a file shorter or longer than its header says, a broken gzip stream, gives an
/// <see cref="InvalidDataException"/> whose message names the file.</remarks>
public static class IdxFile
{
    /// <summary>The magic of an IDX3 unsigned-byte file (images: count × rows × columns).</summary>
    public const uint ImagesMagic = 0x00000803;

    /// <summary>The magic of an IDX1 unsigned-byte file (labels: count).</summary>
    public const uint LabelsMagic = 0x00000801;

    /// <summary>Reads an IDX3 image file.</summary>
    /// <param name="path">The file, raw or gzipped.</param>
    /// <returns>The images.</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX3 unsigned-byte file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxImages ReadImages(string path)
    {
        var (dimensions, data) = Read(path, ImagesMagic);
        if (dimensions[1] == 0 || dimensions[2] == 0)
        {
            throw new InvalidDataException($"{path}: images of {dimensions[1]} × {dimensions[2]} pixels.");
        }

        return new IdxImages(dimensions[0], dimensions[1], dimensions[2], data);
    }

    /// <summary>Reads an IDX1 label file.</summary>
    /// <param name="path">The file, raw or gzipped.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX1 unsigned-byte file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic).Data;

    private static (int[] Dimensions, byte[] Data) Read(string path, uint expectedMagic)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Decompress(path, File.ReadAllBytes(path));
        if (bytes.Length < 4)
        {
            throw new InvalidDataException($"{path}: {bytes.Length} bytes is too short for an IDX header.");
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException($"{path}: magic 0x{magic:X8}, expected 0x{expectedMagic:X8} ({(expectedMagic == ImagesMagic ? "IDX3 images" : "IDX1 labels")}).");
        }

        int rank = (int)(magic & 0xff);
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
        {
            throw new InvalidDataException($"{path}: truncated header ({bytes.Length} of {headerLength} bytes).");
        }

        var dimensions = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (size > int.MaxValue)
            {
                throw new InvalidDataException($"{path}: dimension {i} is {size}.");
            }

            dimensions[i] = (int)size;
            expected *= size;
            if (expected > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}: the header declares more data than fits in memory.");
            }
        }

        long actual = bytes.Length - headerLength;
        if (actual != expected)
        {
            throw new InvalidDataException(actual < expected
                ? $"{path}: truncated: {actual} data bytes, the header declares {expected} ({string.Join(" × ", dimensions)})."
                : $"{path}: {actual - expected} bytes after the {expected} data bytes the header declares.");
        }

        return (dimensions, bytes[headerLength..]);
    }

    private static byte[] Decompress(string path, byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"{path}: corrupt gzip data: {exception.Message}", exception);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"{path}: truncated gzip data.", exception);
        }
    }
}
