using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DeepChain.Core.Ledger;

/// <summary>
/// The 32 bytes shared by every ledger id (<see cref="TxId"/>, <see cref="BlockHash"/>, <see cref="BlobId"/>,
/// <see cref="AccountAddress"/>): four big-endian words, so equality is four comparisons and ordering is the
/// bytes' lexicographic order.
/// </summary>
internal readonly struct Digest32 : IEquatable<Digest32>, IComparable<Digest32>
{
    public const int Size = 32;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    public Digest32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"An id has exactly {Size} bytes; {bytes.Length} were given.", nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    /// <summary>SHA-256 of <paramref name="data"/>.</summary>
    public static Digest32 Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA256.HashData(data, hash);
        return new Digest32(hash);
    }

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"The destination needs {Size} bytes; it has {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        byte[] result = new byte[Size];
        CopyTo(result);
        return result;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static bool TryParse([NotNullWhen(true)] string? hex, out Digest32 result)
    {
        result = default;
        if (hex is null || hex.Length != 2 * Size)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            return false;
        }

        result = new Digest32(bytes);
        return true;
    }

    public static Digest32 Parse(string hex, string typeName)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!TryParse(hex, out Digest32 result))
        {
            throw new FormatException($"A {typeName} is {2 * Size} hexadecimal digits; the text given has {hex.Length} characters or a non-hex digit.");
        }

        return result;
    }

    public bool Equals(Digest32 other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override bool Equals(object? obj) => obj is Digest32 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    public int CompareTo(Digest32 other)
    {
        int c = _w0.CompareTo(other._w0);
        if (c != 0)
        {
            return c;
        }

        c = _w1.CompareTo(other._w1);
        if (c != 0)
        {
            return c;
        }

        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }
}
