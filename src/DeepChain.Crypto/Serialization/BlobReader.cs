using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace DeepChain.Crypto.Serialization;

/// <summary>
/// A bounds-checked forward reader over a serialized blob. Every read checks the remaining length first and reports
/// a shortfall as a <see cref="KeyFormatException"/> or <see cref="CiphertextFormatException"/> naming the field,
/// so malformed input can never index past the end or be half-read.
/// </summary>
internal ref struct BlobReader
{
    private readonly ReadOnlySpan<byte> _source;
    private readonly bool _isCiphertext;
    private int _position;

    public BlobReader(ReadOnlySpan<byte> source, bool isCiphertext)
    {
        _source = source;
        _isCiphertext = isCiphertext;
        _position = 0;
    }

    /// <summary>Gets the number of bytes not read yet.</summary>
    public readonly int Remaining => _source.Length - _position;

    /// <summary>Reads and checks the magic, the version and the scheme byte.</summary>
    public void ReadHeader(ReadOnlySpan<byte> magic, string what, byte expectedScheme = PaillierBinaryFormat.PaillierScheme)
    {
        if (_source.Length < magic.Length)
        {
            throw Fail("magic", $"the data has {_source.Length} bytes, too few to be {what}.");
        }

        if (!_source[..magic.Length].SequenceEqual(magic))
        {
            throw Fail("magic", $"not {what} (it must start with \"{System.Text.Encoding.ASCII.GetString(magic)}\").");
        }

        _position = magic.Length;
        byte version = ReadByte("version");
        if (version != PaillierBinaryFormat.CurrentVersion)
        {
            throw Fail("version", $"version {version} is not supported; this library reads version {PaillierBinaryFormat.CurrentVersion}.");
        }

        byte scheme = ReadByte("scheme");
        if (scheme != expectedScheme)
        {
            throw Fail("scheme", $"scheme {scheme} is not supported here; this blob must have scheme {expectedScheme} "
                + (expectedScheme == PaillierBinaryFormat.PaillierScheme ? "(Paillier with g = n + 1)." : "(threshold Paillier)."));
        }
    }

    public byte ReadByte(string field) => ReadFixed(1, field)[0];

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(ReadFixed(sizeof(uint), field));

    public ReadOnlySpan<byte> ReadFixed(int count, string field)
    {
        if (count > Remaining)
        {
            throw Fail(field, $"the data ends after {_source.Length} bytes; {count} more were expected at offset {_position}.");
        }

        ReadOnlySpan<byte> result = _source.Slice(_position, count);
        _position += count;
        return result;
    }

    /// <summary>Reads a uint32 little-endian length and that many bytes, after checking the length against
    /// <paramref name="maximumLength"/> and the data left.</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed(string field, int maximumLength)
    {
        uint length = ReadUInt32(field);
        if (length > (uint)maximumLength)
        {
            throw Fail(field, $"the declared length {length} exceeds the maximum of {maximumLength} bytes.");
        }

        if (length > (uint)Remaining)
        {
            throw Fail(field, $"the declared length {length} runs past the end of the data ({Remaining} bytes left).");
        }

        return ReadFixed((int)length, field);
    }

    /// <summary>Reads a length-prefixed, minimally encoded, big-endian positive integer.</summary>
    public BigInteger ReadPositiveInteger(string field, int maximumLength)
    {
        ReadOnlySpan<byte> magnitude = ReadLengthPrefixed(field, maximumLength);
        if (magnitude.IsEmpty)
        {
            throw Fail(field, "the integer is empty.");
        }

        if (magnitude[0] == 0)
        {
            throw Fail(field, "the integer has a leading zero byte; the encoding must be minimal.");
        }

        return new BigInteger(magnitude, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Checks that every byte was read.</summary>
    public readonly void ReadEnd()
    {
        if (Remaining != 0)
        {
            throw Fail("end", $"{Remaining} bytes of trailing data follow the last field.");
        }
    }

    public readonly FormatException Fail(string field, string reason) =>
        _isCiphertext ? new CiphertextFormatException(field, reason) : new KeyFormatException(field, reason);
}
