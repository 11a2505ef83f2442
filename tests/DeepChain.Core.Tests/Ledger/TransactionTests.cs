using System.Buffers.Binary;
using DeepChain.Core.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Ledger;

public sealed class TransactionTests : IClassFixture<TestChain>
{
    // Offsets in the version-1 encoding (see Transaction's remarks).
    private const int ChainIdOffset = 1;
    private const int SenderOffset = 11;
    private const int KindOffset = 84;

    private readonly TestChain _chain;

    public TransactionTests(TestChain chain) => _chain = chain;

    [Property(MaxTest = 50)]
    public bool Decode_OfEncode_GivesTheSameTransaction(ulong chainId, ushort type, ulong nonce, byte[] payload)
    {
        payload ??= [];
        Transaction tx = Transaction.Create(chainId, (TransactionType)type, nonce, payload, _chain.Actors[1]);
        Transaction back = Transaction.Decode(tx.Encoded);
        return back.Id == tx.Id && back.ChainId == chainId && back.Type == (TransactionType)type && back.Nonce == nonce
            && back.Payload.Span.SequenceEqual(payload) && back.Blob is null && back.Sender.Equals(_chain.Actors[1].PublicKey)
            && back.Encoded.SequenceEqual(tx.Encoded);
    }

    [Property(MaxTest = 30)]
    public bool Decode_OfBlobTransaction_KeepsTheReference(byte[] content, ulong nonce)
    {
        var reference = new BlobReference(new BlobId(System.Security.Cryptography.SHA256.HashData(content ?? [])), (content ?? []).Length);
        Transaction tx = Transaction.CreateWithBlob(TestChain.ChainId, TransactionType.RewardTransfer, nonce, reference, _chain.Actors[2]);
        Transaction back = Transaction.Decode(tx.Encoded);
        return back.Blob == reference && back.Payload.IsEmpty && back.Id == tx.Id;
    }

    [Property(MaxTest = 100)]
    public bool Signature_IsAlwaysLowS(ulong nonce)
    {
        Transaction tx = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, nonce, [1, 2, 3], _chain.Actors[0]);
        return LedgerPublicKey.IsLowS(tx.Signature);
    }

    [Property(MaxTest = 200)]
    public Property Decode_AnySingleByteChange_IsRejectedWithAReason(PositiveInt position, byte mask)
    {
        Transaction tx = Transaction.Create(TestChain.ChainId, TransactionType.RewardTransfer, 3, RewardPayloadsFor(_chain), _chain.Actors[1]);
        byte[] bytes = tx.ToArray();
        int at = position.Get % bytes.Length;
        byte flip = mask == 0 ? (byte)1 : mask;
        bytes[at] ^= flip;
        bool ok = Transaction.TryDecode(bytes, out Transaction? decoded, out string? reason);
        return (!ok && decoded is null && !string.IsNullOrEmpty(reason)).Label($"byte {at} ^ {flip}: {reason}");
    }

    [Property(MaxTest = 100)]
    public bool Decode_TruncatedOrExtended_IsRejected(PositiveInt cut, byte[] extra)
    {
        byte[] bytes = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, [9, 9], _chain.Actors[1]).ToArray();
        int keep = cut.Get % bytes.Length;
        bool truncatedRejected = !Transaction.TryDecode(bytes.AsSpan(0, keep), out _, out string? r1) && r1 is not null;
        byte[] longer = [.. bytes, .. (extra is { Length: > 0 } ? extra : [0])];
        bool extendedRejected = !Transaction.TryDecode(longer, out _, out string? r2) && r2 is not null;
        return truncatedRejected && extendedRejected;
    }

    [Fact]
    public void Decode_SignedByAnotherKey_IsRejected()
    {
        // The sender field names Actors[1], but the signature is Actors[2]'s over the same body.
        Transaction honest = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, [1], _chain.Actors[2]);
        byte[] forged = honest.ToArray();
        _chain.Actors[1].PublicKey.Encoded.CopyTo(forged.AsSpan(SenderOffset));
        Assert.False(Transaction.TryDecode(forged, out _, out string? reason));
        Assert.Contains("signature", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HighSVariantOfAValidSignature_IsRejected()
    {
        Transaction tx = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, [1], _chain.Actors[1]);
        byte[] bytes = tx.ToArray();
        Span<byte> signature = bytes.AsSpan(bytes.Length - 64);
        var order = System.Numerics.BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var s = new System.Numerics.BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        signature[32..].Clear();
        System.Numerics.BigInteger high = order - s;
        high.TryWriteBytes(signature[(64 - high.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        Assert.False(Transaction.TryDecode(bytes, out _, out _));
    }

    [Fact]
    public void Decode_UnknownVersionOrPayloadKind_IsRejectedWithReason()
    {
        byte[] bytes = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, [1], _chain.Actors[1]).ToArray();
        byte[] version = (byte[])bytes.Clone();
        version[0] = 2;
        Assert.False(Transaction.TryDecode(version, out _, out string? r1));
        Assert.Contains("version 2", r1, StringComparison.Ordinal);
        byte[] kind = (byte[])bytes.Clone();
        kind[KindOffset] = 7;
        Assert.False(Transaction.TryDecode(kind, out _, out string? r2));
        Assert.Contains("payload kind 7", r2, StringComparison.Ordinal);
        Assert.False(Transaction.TryDecode([], out _, out string? r3));
        Assert.Contains("empty", r3, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PayloadLengthBeyondAbsoluteLimit_IsRejectedWithoutAllocating()
    {
        byte[] bytes = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, [], _chain.Actors[1]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(KindOffset + 1), uint.MaxValue);
        Assert.False(Transaction.TryDecode(bytes, out _, out string? reason));
        Assert.Contains("absolute limit", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ChangedChainId_FailsTheSignature()
    {
        byte[] bytes = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, [1], _chain.Actors[1]).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(ChainIdOffset), TestChain.ChainId + 1);
        Assert.False(Transaction.TryDecode(bytes, out _, out string? reason));
        Assert.Contains("signature", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SenderNotOnTheCurve_IsRejected()
    {
        byte[] bytes = Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, 0, [1], _chain.Actors[1]).ToArray();
        bytes[SenderOffset + 64] ^= 0x01; // last byte of Y
        Assert.False(Transaction.TryDecode(bytes, out _, out string? reason));
        Assert.Contains("sender", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKey_ToString_ShowsOnlyThePublicAddress()
    {
        using LedgerSigningKey key = LedgerSigningKey.Generate();
        byte[] pkcs8 = key.ExportPkcs8();
        string text = key.ToString();
        Assert.Contains(key.Address.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(pkcs8[^32..]), text, StringComparison.OrdinalIgnoreCase);
        using LedgerSigningKey again = LedgerSigningKey.ImportPkcs8(pkcs8);
        Assert.Equal(key.PublicKey, again.PublicKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(pkcs8);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(Transaction.ParallelThreshold)]
    [InlineData(100)]
    public void TryDecodeAll_MixedBatch_GivesTryDecodesResultAtEveryIndex(int count)
    {
        var random = new Random(count);
        byte[][] encoded = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            encoded[i] = Transaction.Create(TestChain.ChainId, TransactionType.RewardTransfer, (ulong)i, RewardPayloadsFor(_chain), _chain.Actors[i % 4]).ToArray();
            if (random.Next(4) == 0)
            {
                encoded[i][random.Next(encoded[i].Length)] ^= 0x20;
            }
        }

        var transactions = new Transaction?[count + 1];
        var reasons = new string?[count + 1];
        int valid = Transaction.TryDecodeAll(encoded, transactions, reasons);

        int expectedValid = 0;
        for (int i = 0; i < count; i++)
        {
            bool ok = Transaction.TryDecode(encoded[i], out Transaction? expected, out string? reason);
            expectedValid += ok ? 1 : 0;
            Assert.Equal(expected?.Id, transactions[i]?.Id);
            Assert.Equal(reason, reasons[i]);
        }

        Assert.Equal(expectedValid, valid);
        Assert.Null(transactions[count]);
        Assert.Null(reasons[count]);
    }

    [Fact]
    public void TryDecodeAll_DestinationTooShort_Throws()
    {
        byte[][] encoded = [Transaction.Create(TestChain.ChainId, TransactionType.RewardTransfer, 0, RewardPayloadsFor(_chain), _chain.Actors[1]).ToArray(), []];

        Assert.Throws<ArgumentException>("transactions", () => Transaction.TryDecodeAll(encoded, new Transaction?[1], new string?[2]));
        Assert.Throws<ArgumentException>("reasons", () => Transaction.TryDecodeAll(encoded, new Transaction?[2], new string?[1]));
        Assert.Throws<ArgumentNullException>("encoded", () => Transaction.TryDecodeAll([null!], new Transaction?[1], new string?[1]));
    }

    private static byte[] RewardPayloadsFor(TestChain chain) => DeepChain.Core.Incentives.RewardPayloads.Transfer(chain.Actors[2].Address, 5);
}
