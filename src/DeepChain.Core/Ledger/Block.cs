using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace DeepChain.Core.Ledger;

/// <summary>
/// A signed block: a header (height, previous block hash, Merkle root of the transactions, timestamp, proposer key)
/// with the proposer's signature, and the transactions the contracts accepted, in order.
/// </summary>
/// <remarks>
/// <para>The canonical encoding (version 1, integers little-endian):</para>
/// <code>
/// header: version u8 = 1 | chain id u64 | height u64 | previous hash (32) | Merkle root (32) |
///         timestamp i64 (Unix milliseconds) | transaction count u32 | proposer key (65)
/// signature (64, P1363, low S) | count × (length u32, transaction encoding)
/// </code>
/// <para>The block hash is SHA-256("DeepChain.Block.v1" ‖ 0x00 ‖ header) and the signature is over it. The Merkle
/// root commits to every transaction byte, signatures included, so a change anywhere in a block is caught when the
/// block is decoded: by the header signature, the Merkle root or a transaction signature.</para>
/// </remarks>
public sealed class Block
{
    /// <summary>The encoding version this library writes and reads.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>The size of an encoded header in bytes.</summary>
    public const int HeaderSize = 1 + 8 + 8 + Digest32.Size + Digest32.Size + 8 + 4 + LedgerPublicKey.EncodedSize;

    private static readonly byte[] s_domain = Encoding.ASCII.GetBytes("DeepChain.Block.v1\0");

    private readonly byte[] _header;
    private readonly byte[] _signature;

    private Block(byte[] header, byte[] signature, ulong chainId, long height, BlockHash previous, BlockHash merkleRoot, DateTimeOffset timestamp, LedgerPublicKey proposer, ImmutableArray<Transaction> transactions, BlockHash hash)
    {
        _header = header;
        _signature = signature;
        ChainId = chainId;
        Height = height;
        PreviousHash = previous;
        MerkleRoot = merkleRoot;
        Timestamp = timestamp;
        Proposer = proposer;
        Transactions = transactions;
        Hash = hash;
    }

    /// <summary>Gets the chain id.</summary>
    public ulong ChainId { get; }

    /// <summary>Gets the height: 0 for the first block, then one more each block.</summary>
    public long Height { get; }

    /// <summary>Gets the hash of the previous block (all zeros at height 0).</summary>
    public BlockHash PreviousHash { get; }

    /// <summary>Gets the Merkle root of <see cref="Transactions"/>.</summary>
    public BlockHash MerkleRoot { get; }

    /// <summary>Gets the proposer's timestamp (millisecond precision, never earlier than the previous block's).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the proposer's public key.</summary>
    public LedgerPublicKey Proposer { get; }

    /// <summary>Gets the transactions, in the order they were applied.</summary>
    public ImmutableArray<Transaction> Transactions { get; }

    /// <summary>Gets the block hash (the hash of the header, which the signature covers).</summary>
    public BlockHash Hash { get; }

    /// <summary>Gets the encoded header.</summary>
    public ReadOnlySpan<byte> Header => _header;

    /// <summary>Gets the proposer's 64-byte signature over <see cref="Hash"/>.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Builds and signs a block.</summary>
    /// <param name="chainId">The chain id.</param>
    /// <param name="height">The height, at least 0.</param>
    /// <param name="previous">The previous block's hash (zero at height 0).</param>
    /// <param name="timestamp">The proposer's time; kept to the millisecond.</param>
    /// <param name="transactions">The accepted transactions in order.</param>
    /// <param name="proposer">The proposer's signing key.</param>
    /// <returns>The signed block.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> or <paramref name="proposer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is negative.</exception>
    public static Block Create(ulong chainId, long height, BlockHash previous, DateTimeOffset timestamp, IReadOnlyList<Transaction> transactions, LedgerSigningKey proposer)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(proposer);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ImmutableArray<Transaction> list = [.. transactions];
        BlockHash root = MerkleTree.ComputeRoot(list);
        long millis = timestamp.ToUnixTimeMilliseconds();
        byte[] header = new byte[HeaderSize];
        Span<byte> h = header;
        h[0] = CurrentVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(h[1..], chainId);
        BinaryPrimitives.WriteInt64LittleEndian(h[9..], height);
        previous.CopyTo(h[17..]);
        root.CopyTo(h[49..]);
        BinaryPrimitives.WriteInt64LittleEndian(h[81..], millis);
        BinaryPrimitives.WriteUInt32LittleEndian(h[89..], (uint)list.Length);
        proposer.PublicKey.Encoded.CopyTo(h[93..]);
        BlockHash hash = ComputeHash(header);
        byte[] signature = proposer.SignHash(hash.ToArray());
        return new Block(header, signature, chainId, height, previous, root, DateTimeOffset.FromUnixTimeMilliseconds(millis), proposer.PublicKey, list, hash);
    }

    /// <summary>Decodes a block and verifies everything that it alone can show: structure, chain id, proposer,
    /// header signature, every transaction's signature and the Merkle root.</summary>
    /// <param name="encoded">The canonical encoding.</param>
    /// <param name="parameters">The chain's parameters (chain id, proposer, limits).</param>
    /// <param name="block">The block, when valid.</param>
    /// <param name="reason">Why the block was refused, when it was.</param>
    /// <returns><see langword="true"/> when the block is valid on its own.</returns>
    /// <remarks>Links to neighbours (height sequence, previous hash, timestamps) are checked by <see cref="ChainVerifier"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, ChainParameters parameters, [NotNullWhen(true)] out Block? block, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        block = null;
        var reader = new SpanReader(encoded);
        if (!reader.TryReadBytes(HeaderSize, out ReadOnlySpan<byte> header) || !reader.TryReadBytes(LedgerPublicKey.SignatureSize, out ReadOnlySpan<byte> signature))
        {
            reason = $"the block is truncated ({encoded.Length} bytes; the header and signature alone take {HeaderSize + LedgerPublicKey.SignatureSize})";
            return false;
        }

        var h = new SpanReader(header);
        h.TryReadByte(out byte version);
        h.TryReadUInt64(out ulong chainId);
        h.TryReadInt64(out long height);
        h.TryReadDigest(out Digest32 previous);
        h.TryReadDigest(out Digest32 root);
        h.TryReadInt64(out long millis);
        h.TryReadUInt32(out uint count);
        h.TryReadBytes(LedgerPublicKey.EncodedSize, out ReadOnlySpan<byte> proposerBytes);
        if (version != CurrentVersion)
        {
            reason = $"block encoding version {version} is not supported (this library reads version {CurrentVersion})";
            return false;
        }

        if (chainId != parameters.ChainId)
        {
            reason = $"the block is for chain {chainId}; this ledger is chain {parameters.ChainId}";
            return false;
        }

        if (height < 0)
        {
            reason = $"the block height {height} is negative";
            return false;
        }

        if (millis < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            reason = $"the timestamp {millis} ms is out of range";
            return false;
        }

        if (!proposerBytes.SequenceEqual(parameters.Proposer.Encoded))
        {
            reason = "the block was not proposed by this chain's proposer";
            return false;
        }

        BlockHash hash = ComputeHash(header);
        Span<byte> hashBytes = stackalloc byte[Digest32.Size];
        hash.CopyTo(hashBytes);
        if (!parameters.Proposer.VerifyHash(hashBytes, signature))
        {
            reason = "the proposer's signature over the header does not verify";
            return false;
        }

        if (count > (uint)parameters.MaxTransactionsPerBlock)
        {
            reason = $"the block holds {count} transactions; the limit is {parameters.MaxTransactionsPerBlock}";
            return false;
        }

        var transactions = ImmutableArray.CreateBuilder<Transaction>((int)count);
        for (int i = 0; i < count; i++)
        {
            if (!reader.TryReadUInt32(out uint length) || !reader.TryReadBytes((int)Math.Min(length, int.MaxValue), out ReadOnlySpan<byte> txBytes))
            {
                reason = $"the block is truncated in transaction {i}";
                return false;
            }

            if (!Transaction.TryDecode(txBytes, out Transaction? tx, out string? txReason))
            {
                reason = $"transaction {i}: {txReason}";
                return false;
            }

            transactions.Add(tx);
        }

        if (reader.Remaining != 0)
        {
            reason = $"the block has {reader.Remaining} trailing bytes";
            return false;
        }

        ImmutableArray<Transaction> list = transactions.MoveToImmutable();
        if (MerkleTree.ComputeRoot(list) != new BlockHash(root))
        {
            reason = "the Merkle root does not match the transactions";
            return false;
        }

        block = new Block(header.ToArray(), signature.ToArray(), chainId, height, new BlockHash(previous), new BlockHash(root),
            DateTimeOffset.FromUnixTimeMilliseconds(millis), parameters.Proposer, list, hash);
        reason = null;
        return true;
    }

    /// <summary>Returns the canonical encoding of the whole block.</summary>
    /// <returns>A new array with header, signature and transactions.</returns>
    public byte[] Encode()
    {
        int size = HeaderSize + LedgerPublicKey.SignatureSize;
        foreach (Transaction tx in Transactions)
        {
            size += 4 + tx.EncodedLength;
        }

        byte[] result = new byte[size];
        _header.CopyTo(result, 0);
        _signature.CopyTo(result, HeaderSize);
        int offset = HeaderSize + LedgerPublicKey.SignatureSize;
        foreach (Transaction tx in Transactions)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(offset), (uint)tx.EncodedLength);
            tx.Encoded.CopyTo(result.AsSpan(offset + 4));
            offset += 4 + tx.EncodedLength;
        }

        return result;
    }

    /// <summary>Describes the block (height, hash, transaction count).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"block {Height} {Hash} ({Transactions.Length} transactions)";

    private static BlockHash ComputeHash(ReadOnlySpan<byte> header)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(s_domain);
        hash.AppendData(header);
        Span<byte> digest = stackalloc byte[Digest32.Size];
        hash.GetHashAndReset(digest);
        return new BlockHash(digest);
    }
}
