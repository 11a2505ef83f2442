using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// One party's encrypted gradient, or an aggregate of several: a header (scheme, parameters digest, round, party,
/// summands and the set of included parties, value count) and the scheme's ciphertext body. Immutable.
/// </summary>
/// <remarks>
/// <para>Binary form (<see cref="ToBytes()"/>, <see cref="Parse"/>), all integers little-endian:
/// <c>"DCEG"</c> · version (1 byte, <see cref="CurrentVersion"/>) · kind (1) · parameters digest (32) · round (int32) ·
/// party (int32, <see cref="AggregateParty"/> for an aggregate) · summands (int32) · value count (int32) ·
/// party-mask length (uint16) · party mask (bit i of byte i/8 set when party i is included) · body length (int32) · body.
/// The SHA-256 of these bytes is the blob's address in the content-addressed store (<see cref="ContentId"/>).</para>
/// <para>The body is the scheme's: little-endian float32 values (plain), fixed-width ciphertexts modulo n² (Paillier
/// schemes), or length-prefixed CKKS ciphertext blobs. A parsed body is kept with the gradient after its first use,
/// so aggregating does not parse it again.</para>
/// </remarks>
public sealed class EncryptedGradient
{
    /// <summary>The format version this library writes and reads.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>The <see cref="Party"/> value of an aggregate.</summary>
    public const int AggregateParty = -1;

    /// <summary>The most parties a party mask can name.</summary>
    public const int MaximumParties = 4096;

    private const int FixedHeaderSize = 4 + 1 + 1 + BlobId.Size + (4 * 4) + 2;
    private const string What = "encrypted gradient";

    private static ReadOnlySpan<byte> Magic => "DCEG"u8;

    private readonly byte[] _partyMask;
    private readonly byte[] _body;
    private int[]? _parties;
    private BlobId? _contentId;

    internal EncryptedGradient(AggregationSchemeKind kind, BlobId parametersDigest, int round, int party, int summands,
        byte[] partyMask, int valueCount, byte[] body, object? parsedBody)
    {
        Kind = kind;
        ParametersDigest = parametersDigest;
        Round = round;
        Party = party;
        Summands = summands;
        _partyMask = partyMask;
        ValueCount = valueCount;
        _body = body;
        ParsedBody = parsedBody;
    }

    /// <summary>Gets the scheme the gradient was encrypted under.</summary>
    public AggregationSchemeKind Kind { get; }

    /// <summary>Gets the digest of the scheme's public parameters and keys (<see cref="IAggregationScheme.ParametersDigest"/>).</summary>
    public BlobId ParametersDigest { get; }

    /// <summary>Gets the training round.</summary>
    public int Round { get; }

    /// <summary>Gets the uploading party (0 … n − 1), or <see cref="AggregateParty"/> for an aggregate.</summary>
    public int Party { get; }

    /// <summary>Gets whether this is an aggregate rather than one party's upload.</summary>
    public bool IsAggregate => Party == AggregateParty;

    /// <summary>Gets the number of party gradients summed in it (1 for an upload).</summary>
    public int Summands { get; }

    /// <summary>Gets the parties whose gradients it holds, ascending.</summary>
    public IReadOnlyList<int> Parties => _parties ??= MaskToParties(_partyMask);

    /// <summary>Gets the number of gradient values.</summary>
    public int ValueCount { get; }

    /// <summary>Gets the scheme-specific ciphertext body.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Gets the size of <see cref="ToBytes()"/> in bytes.</summary>
    public int SerializedSize => FixedHeaderSize + _partyMask.Length + 4 + _body.Length;

    /// <summary>Gets the SHA-256 of <see cref="ToBytes()"/>: the blob's address in a content-addressed store.</summary>
    public BlobId ContentId => _contentId ??= new BlobId(SHA256.HashData(ToBytes()));

    /// <summary>The scheme's parsed form of the body (ciphertext objects), set on creation or first use.</summary>
    internal object? ParsedBody { get; set; }

    internal ReadOnlySpan<byte> PartyMask => _partyMask;

    /// <summary>Returns whether party <paramref name="party"/>'s gradient is in this gradient.</summary>
    /// <param name="party">A party index.</param>
    /// <returns><see langword="true"/> when the party is included.</returns>
    public bool Includes(int party) => party >= 0 && (party >> 3) < _partyMask.Length && (_partyMask[party >> 3] & (1 << (party & 7))) != 0;

    /// <summary>Serializes the gradient (see the type's remarks for the layout).</summary>
    /// <returns>A new array of <see cref="SerializedSize"/> bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedSize];
        ToBytes(bytes);
        return bytes;
    }

    /// <summary>Serializes the gradient into <paramref name="destination"/>.</summary>
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
        writer.Write(ParametersDigest.ToArray());
        writer.WriteInt32(Round);
        writer.WriteInt32(Party);
        writer.WriteInt32(Summands);
        writer.WriteInt32(ValueCount);
        writer.WriteUInt16((ushort)_partyMask.Length);
        writer.Write(_partyMask);
        writer.WriteLengthPrefixed(_body);
        return writer.Position;
    }

    /// <summary>Reads a gradient written by <see cref="ToBytes()"/>; the body is checked by the scheme when it is used.</summary>
    /// <param name="source">Exactly one serialized gradient.</param>
    /// <returns>The gradient.</returns>
    /// <exception cref="AggregationFormatException">The blob is truncated, has trailing bytes, another magic or version,
    /// an unknown scheme, or an inconsistent header (summands that do not match the party mask, an upload whose party is
    /// not in its mask, a negative round or value count).</exception>
    public static EncryptedGradient Parse(ReadOnlySpan<byte> source)
    {
        var reader = new AggregationBlobReader(source, What);
        AggregationSchemeKind kind = reader.ReadHeader(Magic, CurrentVersion);

        var digest = new BlobId(reader.ReadFixed(BlobId.Size, "parameters digest"));
        int round = reader.ReadNonNegativeInt32("round");
        int party = reader.ReadInt32("party");
        int summands = reader.ReadInt32("summands");
        int valueCount = reader.ReadNonNegativeInt32("value count");
        int maskLength = reader.ReadUInt16("party mask length");
        if (maskLength > MaximumParties / 8)
        {
            throw reader.Fail("party mask length", $"{maskLength} bytes exceed the {MaximumParties / 8} of {MaximumParties} parties.");
        }

        byte[] mask = reader.ReadFixed(maskLength, "party mask").ToArray();
        if (maskLength > 0 && mask[^1] == 0)
        {
            throw reader.Fail("party mask", "the last byte is zero; the mask must have no trailing zero bytes.");
        }

        byte[] body = reader.ReadLengthPrefixed("body").ToArray();
        reader.ReadEnd();

        int included = 0;
        foreach (byte b in mask)
        {
            included += BitOperations.PopCount(b);
        }

        if (summands < 1 || summands != included)
        {
            throw reader.Fail("summands", $"{summands} summands but the party mask names {included} parties.");
        }

        var gradient = new EncryptedGradient(kind, digest, round, party, summands, mask, valueCount, body, parsedBody: null);
        if (party != AggregateParty && (party < 0 || summands != 1 || !gradient.Includes(party)))
        {
            throw reader.Fail("party", $"an upload by party {party} must include exactly that party.");
        }

        return gradient;
    }

    /// <summary>Describes the gradient by its header (never its content).</summary>
    /// <returns>A string such as <c>EncryptedGradient(ThresholdPaillier, round 3, party 2, 101770 values, 123456 bytes)</c>.</returns>
    public override string ToString() =>
        $"EncryptedGradient({Kind}, round {Round}, {(IsAggregate ? $"aggregate of {Summands}" : $"party {Party}")}, {ValueCount} values, {SerializedSize} bytes)";

    internal static byte[] MaskOf(int party)
    {
        var mask = new byte[(party >> 3) + 1];
        mask[party >> 3] = (byte)(1 << (party & 7));
        return mask;
    }

    internal static byte[] UnionOfMasks(IReadOnlyList<EncryptedGradient> gradients)
    {
        int length = gradients.Max(g => g._partyMask.Length);
        var mask = new byte[length];
        foreach (EncryptedGradient g in gradients)
        {
            for (int i = 0; i < g._partyMask.Length; i++)
            {
                mask[i] |= g._partyMask[i];
            }
        }

        // Canonical: no trailing zero bytes, so equal sets serialize equally.
        int trimmed = length;
        while (trimmed > 0 && mask[trimmed - 1] == 0)
        {
            trimmed--;
        }

        return trimmed == length ? mask : mask[..trimmed];
    }

    private static int[] MaskToParties(byte[] mask)
    {
        var parties = new List<int>();
        for (int i = 0; i < mask.Length * 8; i++)
        {
            if ((mask[i >> 3] & (1 << (i & 7))) != 0)
            {
                parties.Add(i);
            }
        }

        return [.. parties];
    }
}
