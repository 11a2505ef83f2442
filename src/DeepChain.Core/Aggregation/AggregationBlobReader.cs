using System.Buffers.Binary;

namespace DeepChain.Core.Aggregation;

/// <summary>Reads the fields of an aggregation blob, throwing <see cref="AggregationFormatException"/> with the field's name.</summary>
internal ref struct AggregationBlobReader
{
    private readonly ReadOnlySpan<byte> _source;
    private readonly string _what;
    private int _position;

    public AggregationBlobReader(ReadOnlySpan<byte> source, string what)
    {
        _source = source;
        _what = what;
        _position = 0;
    }

    public ReadOnlySpan<byte> ReadFixed(int count, string field)
    {
        if (count < 0 || _source.Length - _position < count)
        {
            throw Fail(field, $"the blob ends early ({_source.Length - _position} bytes left, {count} needed).");
        }

        ReadOnlySpan<byte> value = _source.Slice(_position, count);
        _position += count;
        return value;
    }

    public byte ReadByte(string field) => ReadFixed(1, field)[0];

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(ReadFixed(2, field));

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(ReadFixed(4, field));

    public int ReadNonNegativeInt32(string field)
    {
        int value = ReadInt32(field);
        return value >= 0 ? value : throw Fail(field, "must not be negative.");
    }

    public ReadOnlySpan<byte> ReadLengthPrefixed(string field) => ReadFixed(ReadNonNegativeInt32(field + " length"), field);

    public readonly void ReadEnd()
    {
        if (_position != _source.Length)
        {
            throw Fail("end", $"{_source.Length - _position} trailing bytes after the last field.");
        }
    }

    public readonly AggregationFormatException Fail(string field, string reason) => new(_what, field, reason);

    /// <summary>Reads the header every aggregation blob starts with: 4-byte magic, version, scheme kind.</summary>
    public AggregationSchemeKind ReadHeader(ReadOnlySpan<byte> magic, byte currentVersion)
    {
        if (!ReadFixed(4, "magic").SequenceEqual(magic))
        {
            throw Fail("magic", $"the blob is not a DeepChain {_what} (expected \"{System.Text.Encoding.ASCII.GetString(magic)}\").");
        }

        byte version = ReadByte("version");
        if (version != currentVersion)
        {
            throw Fail("version", $"version {version} is not supported (this library reads version {currentVersion}).");
        }

        byte kindByte = ReadByte("kind");
        var kind = (AggregationSchemeKind)kindByte;
        return Enum.IsDefined(kind) ? kind : throw Fail("kind", $"{kindByte} is not a known aggregation scheme.");
    }
}

/// <summary>Writes the fields that <see cref="AggregationBlobReader"/> reads.</summary>
internal ref struct AggregationBlobWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    public AggregationBlobWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    public readonly int Position => _position;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }

    public void WriteByte(byte value) => _destination[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_destination[_position..], value);
        _position += 2;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_destination[_position..], value);
        _position += 4;
    }

    public void WriteLengthPrefixed(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        Write(bytes);
    }
}
