using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;

namespace DeepChain.Crypto.Serialization;

/// <summary>
/// The writing side of <see cref="BlobReader"/>: the header, length-prefixed and fixed-width integers, and the
/// destination-size check shared by every binary format (Paillier, threshold Paillier, CKKS).
/// </summary>
internal static class BlobWriter
{
    /// <summary>Magic (4 bytes), version, scheme.</summary>
    public const int HeaderSize = 6;

    private const int LengthSize = sizeof(uint);

    /// <summary>Writes the magic, <see cref="PaillierBinaryFormat.CurrentVersion"/> and <paramref name="scheme"/>; returns <see cref="HeaderSize"/>.</summary>
    public static int WriteHeader(ReadOnlySpan<byte> magic, byte scheme, Span<byte> destination)
    {
        magic.CopyTo(destination);
        destination[magic.Length] = PaillierBinaryFormat.CurrentVersion;
        destination[magic.Length + 1] = scheme;
        return HeaderSize;
    }

    /// <summary>The size of <see cref="WriteInteger"/>'s output for <paramref name="value"/>.</summary>
    public static int IntegerSize(BigInteger value) => LengthSize + value.GetByteCount(isUnsigned: true);

    /// <summary>Writes a uint32 LE length and the minimal big-endian magnitude of <paramref name="value"/>.</summary>
    public static int WriteInteger(BigInteger value, Span<byte> destination)
    {
        int length = value.GetByteCount(isUnsigned: true);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)length);
        bool written = value.TryWriteBytes(destination.Slice(LengthSize, length), out _, isUnsigned: true, isBigEndian: true);
        Debug.Assert(written, "The destination was sized from GetByteCount.");
        return LengthSize + length;
    }

    /// <summary>Writes <paramref name="value"/> big-endian, left-padded with zeros to exactly <paramref name="destination"/>'s length.</summary>
    public static void WriteFixedWidth(BigInteger value, Span<byte> destination)
    {
        int length = value.GetByteCount(isUnsigned: true);
        destination[..^length].Clear();
        bool written = value.TryWriteBytes(destination[^length..], out _, isUnsigned: true, isBigEndian: true);
        Debug.Assert(written, "The value was range-checked against the width.");
    }

    /// <summary>Throws <see cref="ArgumentException"/> (parameter "destination") when the destination is smaller than <paramref name="size"/>.</summary>
    public static void CheckDestination(Span<byte> destination, int size)
    {
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination has {destination.Length} bytes; {size} are needed.", nameof(destination));
        }
    }
}
