using System.Buffers.Binary;

namespace DeepChain.Core.Ledger;

/// <summary>
/// A bounds-checked forward reader for the ledger's binary encodings. Every read checks the remaining length and
/// returns <see langword="false"/> on a shortfall, so malformed input is reported, never half-read or over-read.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _source.Length - _position;

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> value)
    {
        if ((uint)count > (uint)Remaining)
        {
            value = default;
            return false;
        }

        value = _source.Slice(_position, count);
        _position += count;
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        bool ok = TryReadBytes(1, out ReadOnlySpan<byte> b);
        value = ok ? b[0] : (byte)0;
        return ok;
    }

    public bool TryReadUInt16(out ushort value)
    {
        bool ok = TryReadBytes(sizeof(ushort), out ReadOnlySpan<byte> b);
        value = ok ? BinaryPrimitives.ReadUInt16LittleEndian(b) : (ushort)0;
        return ok;
    }

    public bool TryReadUInt32(out uint value)
    {
        bool ok = TryReadBytes(sizeof(uint), out ReadOnlySpan<byte> b);
        value = ok ? BinaryPrimitives.ReadUInt32LittleEndian(b) : 0;
        return ok;
    }

    public bool TryReadUInt64(out ulong value)
    {
        bool ok = TryReadBytes(sizeof(ulong), out ReadOnlySpan<byte> b);
        value = ok ? BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;
        return ok;
    }

    public bool TryReadInt64(out long value)
    {
        bool ok = TryReadBytes(sizeof(long), out ReadOnlySpan<byte> b);
        value = ok ? BinaryPrimitives.ReadInt64LittleEndian(b) : 0;
        return ok;
    }

    public bool TryReadDigest(out Digest32 value)
    {
        bool ok = TryReadBytes(Digest32.Size, out ReadOnlySpan<byte> b);
        value = ok ? new Digest32(b) : default;
        return ok;
    }
}
