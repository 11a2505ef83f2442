using DeepChain.Core.Ledger;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// One party's decryption share of one aggregate: its index, the round, the aggregate's content id, and the scheme's
/// share body (threshold Paillier: share values with one batch proof; multiparty CKKS: partial decryptions). Immutable.
/// </summary>
/// <remarks>
/// Binary form, integers little-endian: <c>"DCPD"</c> · version (1 byte) · kind (1) · round (int32) · party (int32) ·
/// aggregate id (32, <see cref="EncryptedGradient.ContentId"/>) · body length (int32) · body.
/// </remarks>
public sealed class PartialDecryption
{
    /// <summary>The format version this library writes and reads.</summary>
    public const byte CurrentVersion = 1;

    private const int FixedSize = 4 + 1 + 1 + 4 + 4 + BlobId.Size + 4;
    private const string What = "partial decryption";

    private static ReadOnlySpan<byte> Magic => "DCPD"u8;

    private readonly byte[] _body;

    internal PartialDecryption(AggregationSchemeKind kind, int round, int party, BlobId aggregateId, byte[] body, object? parsedBody)
    {
        Kind = kind;
        Round = round;
        Party = party;
        AggregateId = aggregateId;
        _body = body;
        ParsedBody = parsedBody;
    }

    /// <summary>Gets the scheme.</summary>
    public AggregationSchemeKind Kind { get; }

    /// <summary>Gets the round of the aggregate it decrypts.</summary>
    public int Round { get; }

    /// <summary>Gets the party (0 … n − 1) that made it.</summary>
    public int Party { get; }

    /// <summary>Gets the <see cref="EncryptedGradient.ContentId"/> of the aggregate it decrypts.</summary>
    public BlobId AggregateId { get; }

    /// <summary>Gets the scheme-specific body.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Gets the size of <see cref="ToBytes()"/> in bytes.</summary>
    public int SerializedSize => FixedSize + _body.Length;

    internal object? ParsedBody { get; set; }

    /// <summary>Serializes the share.</summary>
    /// <returns>A new array of <see cref="SerializedSize"/> bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedSize];
        ToBytes(bytes);
        return bytes;
    }

    /// <summary>Serializes the share into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="SerializedSize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public int ToBytes(Span<byte> destination)
    {
        if (destination.Length < SerializedSize)
        {
            throw new ArgumentException($"The destination has {destination.Length} bytes; {SerializedSize} are needed.", nameof(destination));
        }

        var writer = new AggregationBlobWriter(destination);
        writer.Write(Magic);
        writer.WriteByte(CurrentVersion);
        writer.WriteByte((byte)Kind);
        writer.WriteInt32(Round);
        writer.WriteInt32(Party);
        writer.Write(AggregateId.ToArray());
        writer.WriteLengthPrefixed(_body);
        return writer.Position;
    }

    /// <summary>Reads a share written by <see cref="ToBytes()"/>; the body is checked by the scheme when it is used.</summary>
    /// <param name="source">Exactly one serialized share.</param>
    /// <returns>The share.</returns>
    /// <exception cref="AggregationFormatException">The blob is truncated, has trailing bytes, another magic or version,
    /// an unknown scheme, or a negative round or party.</exception>
    public static PartialDecryption Parse(ReadOnlySpan<byte> source)
    {
        var reader = new AggregationBlobReader(source, What);
        AggregationSchemeKind kind = reader.ReadHeader(Magic, CurrentVersion);

        int round = reader.ReadNonNegativeInt32("round");
        int party = reader.ReadNonNegativeInt32("party");
        var id = new BlobId(reader.ReadFixed(BlobId.Size, "aggregate id"));
        byte[] body = reader.ReadLengthPrefixed("body").ToArray();
        reader.ReadEnd();
        return new PartialDecryption(kind, round, party, id, body, parsedBody: null);
    }

    /// <summary>Describes the share by its header (never its content).</summary>
    /// <returns>A string such as <c>PartialDecryption(ThresholdPaillier, round 3, party 2, 1234 bytes)</c>.</returns>
    public override string ToString() => $"PartialDecryption({Kind}, round {Round}, party {Party}, {SerializedSize} bytes)";
}
