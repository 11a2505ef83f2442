using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace DeepChain.Core.Ledger;

/// <summary>
/// A signed ledger transaction: type, sender key, per-sender nonce, and a payload that is either inline bytes or a
/// reference to an off-chain blob. Instances are immutable and always authentic: they are either signed here or
/// decoded with their signature verified.
/// </summary>
/// <remarks>
/// <para>The canonical encoding (version 1, integers little-endian):</para>
/// <code>
/// version u8 = 1 | chain id u64 | type u16 | sender key (65, SEC1 uncompressed) | nonce u64 |
/// payload kind u8 (0 inline: length u32, bytes; 1 blob: SHA-256 (32), length u64) | signature (64, P1363, low S)
/// </code>
/// <para>The id is SHA-256("DeepChain.Transaction.v1" ‖ 0x00 ‖ everything before the signature), and the signature
/// is over that id, so it covers the chain id (replay on another chain fails) and the nonce (replay on this chain is
/// refused by the ledger). Every field has one encoding and the decoder refuses trailing bytes, so
/// <c>Encode(Decode(x)) == x</c> for every accepted <c>x</c>.</para>
/// </remarks>
public sealed class Transaction
{
    /// <summary>The encoding version this library writes and reads.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>The batch size from which <see cref="TryDecodeAll"/> spreads the work over the cores.</summary>
    public const int ParallelThreshold = 16;

    private const byte InlineKind = 0;
    private const byte BlobKind = 1;
    private const int FixedPrefixSize = 1 + 8 + 2 + LedgerPublicKey.EncodedSize + 8 + 1;

    private static readonly byte[] s_domain = Encoding.ASCII.GetBytes("DeepChain.Transaction.v1\0");

    private readonly byte[] _encoded;
    private readonly byte[] _payload;

    private Transaction(byte[] encoded, ulong chainId, TransactionType type, LedgerPublicKey sender, ulong nonce, byte[] payload, BlobReference? blob, TxId id)
    {
        _encoded = encoded;
        ChainId = chainId;
        Type = type;
        Sender = sender;
        Nonce = nonce;
        _payload = payload;
        Blob = blob;
        Id = id;
    }

    /// <summary>Gets the chain the transaction was signed for.</summary>
    public ulong ChainId { get; }

    /// <summary>Gets the transaction type.</summary>
    public TransactionType Type { get; }

    /// <summary>Gets the sender's public key.</summary>
    public LedgerPublicKey Sender { get; }

    /// <summary>Gets the sender's account address.</summary>
    public AccountAddress SenderAddress => Sender.Address;

    /// <summary>Gets the sender's nonce: 0 for the sender's first transaction, then one more each time.</summary>
    public ulong Nonce { get; }

    /// <summary>Gets the inline payload (empty when the payload is a <see cref="Blob"/>).</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>Gets the off-chain payload, or <see langword="null"/> for an inline payload.</summary>
    public BlobReference? Blob { get; }

    /// <summary>Gets the 64-byte signature.</summary>
    public ReadOnlySpan<byte> Signature => _encoded.AsSpan(_encoded.Length - LedgerPublicKey.SignatureSize);

    /// <summary>Gets the transaction id (the hash its signature covers).</summary>
    public TxId Id { get; }

    /// <summary>Gets the canonical encoding.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Gets the length of the canonical encoding in bytes.</summary>
    public int EncodedLength => _encoded.Length;

    /// <summary>Creates and signs a transaction with an inline payload.</summary>
    /// <param name="chainId">The chain the transaction is for.</param>
    /// <param name="type">The transaction type.</param>
    /// <param name="nonce">The sender's next nonce.</param>
    /// <param name="payload">The payload (at most <see cref="ChainParameters.AbsoluteMaxPayloadBytes"/>).</param>
    /// <param name="sender">The sender's signing key.</param>
    /// <returns>The signed transaction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sender"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The payload is larger than any chain accepts.</exception>
    public static Transaction Create(ulong chainId, TransactionType type, ulong nonce, ReadOnlySpan<byte> payload, LedgerSigningKey sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, ChainParameters.AbsoluteMaxPayloadBytes, nameof(payload));
        byte[] encoded = new byte[FixedPrefixSize + 4 + payload.Length + LedgerPublicKey.SignatureSize];
        int offset = WritePrefix(encoded, chainId, type, sender.PublicKey, nonce, InlineKind);
        BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(offset), (uint)payload.Length);
        payload.CopyTo(encoded.AsSpan(offset + 4));
        return Sign(encoded, chainId, type, sender, nonce, payload.ToArray(), null);
    }

    /// <summary>Creates and signs a transaction whose payload is an off-chain blob.</summary>
    /// <param name="chainId">The chain the transaction is for.</param>
    /// <param name="type">The transaction type.</param>
    /// <param name="nonce">The sender's next nonce.</param>
    /// <param name="blob">The blob's hash and length.</param>
    /// <param name="sender">The sender's signing key.</param>
    /// <returns>The signed transaction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sender"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The blob length is negative.</exception>
    public static Transaction CreateWithBlob(ulong chainId, TransactionType type, ulong nonce, BlobReference blob, LedgerSigningKey sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentOutOfRangeException.ThrowIfNegative(blob.Length, nameof(blob));
        byte[] encoded = new byte[FixedPrefixSize + Digest32.Size + 8 + LedgerPublicKey.SignatureSize];
        int offset = WritePrefix(encoded, chainId, type, sender.PublicKey, nonce, BlobKind);
        blob.Id.CopyTo(encoded.AsSpan(offset));
        BinaryPrimitives.WriteUInt64LittleEndian(encoded.AsSpan(offset + Digest32.Size), (ulong)blob.Length);
        return Sign(encoded, chainId, type, sender, nonce, [], blob);
    }

    /// <summary>Decodes a transaction and verifies its signature.</summary>
    /// <param name="encoded">The canonical encoding.</param>
    /// <param name="transaction">The transaction, when the encoding is valid.</param>
    /// <param name="reason">Why the encoding was refused, when it was.</param>
    /// <returns><see langword="true"/> when the bytes are a canonical, correctly signed transaction.</returns>
    /// <remarks>Chain id, payload limit, nonce and type are the ledger's to judge (see <see cref="LedgerNode"/>).</remarks>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out Transaction? transaction, [NotNullWhen(false)] out string? reason)
    {
        transaction = null;
        var reader = new SpanReader(encoded);
        if (!reader.TryReadByte(out byte version))
        {
            reason = "the transaction is empty";
            return false;
        }

        if (version != CurrentVersion)
        {
            reason = $"transaction encoding version {version} is not supported (this library reads version {CurrentVersion})";
            return false;
        }

        if (!reader.TryReadUInt64(out ulong chainId) || !reader.TryReadUInt16(out ushort type)
            || !reader.TryReadBytes(LedgerPublicKey.EncodedSize, out ReadOnlySpan<byte> senderBytes)
            || !reader.TryReadUInt64(out ulong nonce) || !reader.TryReadByte(out byte kind))
        {
            reason = $"the transaction is truncated ({encoded.Length} bytes)";
            return false;
        }

        if (!LedgerPublicKey.TryFromEncoded(senderBytes, out LedgerPublicKey? sender, out string? keyReason))
        {
            reason = $"bad sender: {keyReason}";
            return false;
        }

        byte[] payload = [];
        BlobReference? blob = null;
        if (kind == InlineKind)
        {
            if (!reader.TryReadUInt32(out uint length))
            {
                reason = "the transaction is truncated in the payload length";
                return false;
            }

            if (length > ChainParameters.AbsoluteMaxPayloadBytes)
            {
                reason = $"the payload declares {length} bytes, over the absolute limit of {ChainParameters.AbsoluteMaxPayloadBytes}";
                return false;
            }

            if (!reader.TryReadBytes((int)length, out ReadOnlySpan<byte> payloadBytes))
            {
                reason = $"the payload declares {length} bytes but only {reader.Remaining} remain";
                return false;
            }

            payload = payloadBytes.ToArray();
        }
        else if (kind == BlobKind)
        {
            if (!reader.TryReadDigest(out Digest32 blobId) || !reader.TryReadUInt64(out ulong blobLength))
            {
                reason = "the transaction is truncated in the blob reference";
                return false;
            }

            if (blobLength > long.MaxValue)
            {
                reason = $"the blob length {blobLength} is out of range";
                return false;
            }

            blob = new BlobReference(new BlobId(blobId), (long)blobLength);
        }
        else
        {
            reason = $"payload kind {kind} is unknown (0 = inline, 1 = blob)";
            return false;
        }

        int bodyLength = reader.Position;
        if (!reader.TryReadBytes(LedgerPublicKey.SignatureSize, out ReadOnlySpan<byte> signature))
        {
            reason = "the transaction is truncated in the signature";
            return false;
        }

        if (reader.Remaining != 0)
        {
            reason = $"the transaction has {reader.Remaining} trailing bytes";
            return false;
        }

        TxId id = ComputeId(encoded[..bodyLength]);
        Span<byte> hash = stackalloc byte[Digest32.Size];
        id.CopyTo(hash);
        if (!sender.VerifyHash(hash, signature))
        {
            reason = "the signature does not verify against the sender's key";
            return false;
        }

        transaction = new Transaction(encoded.ToArray(), chainId, (TransactionType)type, sender, nonce, payload, blob, id);
        reason = null;
        return true;
    }

    /// <summary>Decodes many transactions and verifies their signatures, in parallel over the cores: how a proposer admits a
    /// batch received from its clients (signature checks are most of the cost of admitting a transaction).</summary>
    /// <param name="encoded">The canonical encodings.</param>
    /// <param name="transactions">Receives, at each index, the transaction, or <see langword="null"/> when that encoding was refused.</param>
    /// <param name="reasons">Receives, at each index, why that encoding was refused, or <see langword="null"/>.</param>
    /// <returns>The number of encodings that decoded and verified.</returns>
    /// <exception cref="ArgumentNullException">An argument or an element of <paramref name="encoded"/> is null.</exception>
    /// <exception cref="ArgumentException">A destination is shorter than <paramref name="encoded"/>.</exception>
    /// <remarks>The result at each index is exactly that of <see cref="TryDecode"/> on that encoding, whatever the order
    /// in which the threads ran. Small batches (under <see cref="ParallelThreshold"/>) are decoded on the calling thread.</remarks>
    public static int TryDecodeAll(IReadOnlyList<byte[]> encoded, Transaction?[] transactions, string?[] reasons)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(reasons);
        if (transactions.Length < encoded.Count)
        {
            throw new ArgumentException($"The destination has {transactions.Length} elements; {encoded.Count} are needed.", nameof(transactions));
        }

        if (reasons.Length < encoded.Count)
        {
            throw new ArgumentException($"The destination has {reasons.Length} elements; {encoded.Count} are needed.", nameof(reasons));
        }

        for (int i = 0; i < encoded.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(encoded[i], nameof(encoded));
        }

        int valid = 0;
        if (encoded.Count < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (int i = 0; i < encoded.Count; i++)
            {
                valid += DecodeAt(encoded, transactions, reasons, i);
            }

            return valid;
        }

        // One contiguous range per worker, so each thread keeps its own ECDsa verifier objects warm.
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, encoded.Count, Math.Max(ParallelThreshold / 2, encoded.Count / (4 * Environment.ProcessorCount))), options,
            () => 0,
            (range, _, count) =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    count += DecodeAt(encoded, transactions, reasons, i);
                }

                return count;
            },
            count => Interlocked.Add(ref valid, count));
        return valid;
    }

    private static int DecodeAt(IReadOnlyList<byte[]> encoded, Transaction?[] transactions, string?[] reasons, int i)
    {
        bool ok = TryDecode(encoded[i], out Transaction? tx, out string? reason);
        transactions[i] = tx;
        reasons[i] = reason;
        return ok ? 1 : 0;
    }

    /// <summary>Decodes a transaction and verifies its signature.</summary>
    /// <param name="encoded">The canonical encoding.</param>
    /// <returns>The transaction.</returns>
    /// <exception cref="FormatException">The bytes are not a canonical, correctly signed transaction.</exception>
    public static Transaction Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out Transaction? tx, out string? reason) ? tx : throw new FormatException($"Not a valid transaction: {reason}.");

    /// <summary>Returns the canonical encoding in a new array.</summary>
    /// <returns>A copy of the encoding.</returns>
    public byte[] ToArray() => (byte[])_encoded.Clone();

    /// <summary>Describes the transaction (id, type, sender, nonce).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"tx {Id} {Type} from {SenderAddress} nonce {Nonce}";

    private static int WritePrefix(Span<byte> destination, ulong chainId, TransactionType type, LedgerPublicKey sender, ulong nonce, byte kind)
    {
        destination[0] = CurrentVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[1..], chainId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[9..], (ushort)type);
        sender.Encoded.CopyTo(destination[11..]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[(11 + LedgerPublicKey.EncodedSize)..], nonce);
        destination[FixedPrefixSize - 1] = kind;
        return FixedPrefixSize;
    }

    private static Transaction Sign(byte[] encoded, ulong chainId, TransactionType type, LedgerSigningKey sender, ulong nonce, byte[] payload, BlobReference? blob)
    {
        int bodyLength = encoded.Length - LedgerPublicKey.SignatureSize;
        TxId id = ComputeId(encoded.AsSpan(0, bodyLength));
        byte[] signature = sender.SignHash(id.ToArray());
        signature.CopyTo(encoded, bodyLength);
        return new Transaction(encoded, chainId, type, sender.PublicKey, nonce, payload, blob, id);
    }

    private static TxId ComputeId(ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(s_domain);
        hash.AppendData(body);
        Span<byte> digest = stackalloc byte[Digest32.Size];
        hash.GetHashAndReset(digest);
        return new TxId(digest);
    }
}
