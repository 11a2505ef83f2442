using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepChain.Samples.Tests.Data;

/// <summary>Builds small IDX files for tests.</summary>
internal static class IdxTestFiles
{
    /// <summary>Images whose first pixel is the image index (mod 256) and the rest a pattern; labels index mod 10.</summary>
    public static (byte[] Images, byte[] Labels) Build(int count)
    {
        var images = new byte[16 + count * 784];
        BinaryPrimitives.WriteUInt32BigEndian(images, 0x00000803);
        BinaryPrimitives.WriteUInt32BigEndian(images.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(images.AsSpan(8), 28);
        BinaryPrimitives.WriteUInt32BigEndian(images.AsSpan(12), 28);
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < 784; j++)
            {
                images[16 + i * 784 + j] = (byte)(j == 0 ? i : (i * 31 + j) % 256);
            }
        }

        var labels = new byte[8 + count];
        BinaryPrimitives.WriteUInt32BigEndian(labels, 0x00000801);
        BinaryPrimitives.WriteUInt32BigEndian(labels.AsSpan(4), (uint)count);
        for (int i = 0; i < count; i++)
        {
            labels[8 + i] = (byte)(i % 10);
        }

        return (images, labels);
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
