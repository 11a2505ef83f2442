using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Crypto.Serialization;

/// <summary>
/// A versioned, length-checked binary format for threshold Paillier public material, key shares, decryption shares and
/// decryption-share batches, with the export / try-export / import triad of <c>System.Security.Cryptography</c>.
/// </summary>
/// <remarks>
/// <para>Blobs share the framing of <see cref="PaillierBinaryFormat"/>: a 4-byte ASCII magic, the version byte
/// (<see cref="PaillierBinaryFormat.CurrentVersion"/>) and a scheme byte, here 2 (threshold Paillier). Integers are a
/// uint32 little-endian length and a minimal big-endian magnitude, except where a fixed width is stated.</para>
/// <list type="table">
/// <listheader><term>blob</term><description>layout after magic, version, scheme</description></listheader>
/// <item><term><c>DCTK</c> public material</term><description>n, ℓ (uint32), t (uint32), v, v₁ … v_ℓ</description></item>
/// <item><term><c>DCTS</c> key share</term><description>i (uint32), sᵢ as a uint32 length w = ⌈bits(n²)/8⌉ and exactly w bytes, then the
/// <c>DCTK</c> body</description></item>
/// <item><term><c>DCDS</c> decryption share</term><description>8-byte key fingerprint, i (uint32), cᵢ as exactly
/// ⌈bits(n²)/8⌉ bytes, e (32 bytes), z</description></item>
/// <item><term><c>DCDB</c> decryption-share batch</term><description>8-byte key fingerprint, i (uint32), count
/// (uint32), count values of exactly ⌈bits(n²)/8⌉ bytes, e (32 bytes), z</description></item>
/// </list>
/// <para>The fingerprint is the first 8 bytes of the public material's SHA-256 digest
/// (<see cref="ThresholdPaillierPublicKey.GetFingerprint"/>). Reading never trusts a length: malformed public material
/// and key shares raise <see cref="KeyFormatException"/>, malformed decryption shares raise
/// <see cref="CiphertextFormatException"/>, each naming the field; a share made under another key raises
/// <see cref="PaillierKeyMismatchException"/>. An imported key share is checked against its verification key
/// (v<sup>Δsᵢ</sup> = vᵢ), so a share file that does not belong to its public material is refused.</para>
/// <para>Key-share blobs hold a secret: zero them (<see cref="CryptographicOperations.ZeroMemory"/>) when done.</para>
/// </remarks>
public static class ThresholdPaillierBinaryFormat
{
    internal const byte ThresholdScheme = 2;

    private const int HeaderSize = BlobWriter.HeaderSize;
    private const int LengthSize = sizeof(uint);
    private const int MaximumModulusBytes = PaillierBinaryFormat.MaximumModulusBits / 8;

    private static ReadOnlySpan<byte> PublicKeyMagic => "DCTK"u8;

    private static ReadOnlySpan<byte> KeyShareMagic => "DCTS"u8;

    private static ReadOnlySpan<byte> ShareMagic => "DCDS"u8;

    private static ReadOnlySpan<byte> BatchMagic => "DCDB"u8;

    /// <summary>Gets the size in bytes of the <c>DCTK</c> blob of <paramref name="key"/>.</summary>
    /// <param name="key">The public material.</param>
    /// <returns>The blob size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static int GetPublicKeySize(ThresholdPaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HeaderSize + PublicKeyBodySize(key);
    }

    /// <summary>Exports threshold public material as a <c>DCTK</c> blob.</summary>
    /// <param name="key">The public material.</param>
    /// <returns>A new array of <see cref="GetPublicKeySize"/> bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static byte[] ExportPublicKey(ThresholdPaillierPublicKey key)
    {
        var blob = new byte[GetPublicKeySize(key)];
        WritePublicKeyCore(key, blob);
        return blob;
    }

    /// <summary>Exports threshold public material as a <c>DCTK</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The public material.</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetPublicKeySize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int ExportPublicKey(ThresholdPaillierPublicKey key, Span<byte> destination)
    {
        BlobWriter.CheckDestination(destination, GetPublicKeySize(key));
        return WritePublicKeyCore(key, destination);
    }

    /// <summary>Attempts to export threshold public material as a <c>DCTK</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The public material.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static bool TryExportPublicKey(ThresholdPaillierPublicKey key, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = destination.Length < GetPublicKeySize(key) ? 0 : WritePublicKeyCore(key, destination);
        return bytesWritten > 0;
    }

    /// <summary>Imports threshold public material from a <c>DCTK</c> blob.</summary>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The public material.</returns>
    /// <exception cref="KeyFormatException">The blob is malformed or its values do not form threshold public material.</exception>
    public static ThresholdPaillierPublicKey ImportPublicKey(ReadOnlySpan<byte> source) => ImportPublicKey(source, allowInsecureTestSizes: false);

    internal static ThresholdPaillierPublicKey ImportPublicKey(ReadOnlySpan<byte> source, bool allowInsecureTestSizes)
    {
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(PublicKeyMagic, "a threshold Paillier public-key blob", ThresholdScheme);
        ThresholdPaillierPublicKey key = ReadPublicKeyBody(ref reader, allowInsecureTestSizes);
        reader.ReadEnd();
        return key;
    }

    /// <summary>Gets the size in bytes of the <c>DCTS</c> blob of <paramref name="share"/>.</summary>
    /// <param name="share">The key share.</param>
    /// <returns>The blob size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="share"/> is <see langword="null"/>.</exception>
    public static int GetKeyShareSize(ThresholdKeyShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        return HeaderSize + (2 * LengthSize) + ElementWidth(share.PublicKey) + PublicKeyBodySize(share.PublicKey);
    }

    /// <summary>Exports a key share (with its public material) as a <c>DCTS</c> blob.</summary>
    /// <param name="share">The key share.</param>
    /// <returns>A new array of <see cref="GetKeyShareSize"/> bytes holding a secret: zero it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="share"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="share"/> was disposed.</exception>
    public static byte[] ExportKeyShare(ThresholdKeyShare share)
    {
        var blob = new byte[GetKeyShareSize(share)];
        WriteKeyShareCore(share, blob);
        return blob;
    }

    /// <summary>Exports a key share as a <c>DCTS</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="share">The key share.</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetKeyShareSize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="share"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="share"/> was disposed.</exception>
    public static int ExportKeyShare(ThresholdKeyShare share, Span<byte> destination)
    {
        BlobWriter.CheckDestination(destination, GetKeyShareSize(share));
        return WriteKeyShareCore(share, destination);
    }

    /// <summary>Attempts to export a key share as a <c>DCTS</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="share">The key share.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="share"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="share"/> was disposed.</exception>
    public static bool TryExportKeyShare(ThresholdKeyShare share, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = destination.Length < GetKeyShareSize(share) ? 0 : WriteKeyShareCore(share, destination);
        return bytesWritten > 0;
    }

    /// <summary>Imports a key share from a <c>DCTS</c> blob and checks it against its verification key.</summary>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The key share; dispose it when done.</returns>
    /// <exception cref="KeyFormatException">The blob is malformed, or the secret does not match the party's verification key.</exception>
    public static ThresholdKeyShare ImportKeyShare(ReadOnlySpan<byte> source) => ImportKeyShare(source, allowInsecureTestSizes: false);

    internal static ThresholdKeyShare ImportKeyShare(ReadOnlySpan<byte> source, bool allowInsecureTestSizes)
    {
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(KeyShareMagic, "a threshold Paillier key-share blob", ThresholdScheme);
        uint index = reader.ReadUInt32("index");
        ReadOnlySpan<byte> secretBytes = reader.ReadLengthPrefixed("secret", 2 * MaximumModulusBytes);
        BigInteger secret = new(secretBytes, isUnsigned: true, isBigEndian: true);
        ThresholdPaillierPublicKey key = ReadPublicKeyBody(ref reader, allowInsecureTestSizes);
        reader.ReadEnd();
        return CreateKeyShare(key, index, secret, secretBytes.Length, "index", "secret");
    }

    /// <summary>A key share from values read from serialized data, checked against the public material.</summary>
    internal static ThresholdKeyShare CreateKeyShare(ThresholdPaillierPublicKey key, long index, BigInteger secret, int secretBytes,
        string indexField, string secretField)
    {
        if (index < 1 || index > key.Parties)
        {
            throw new KeyFormatException(indexField, $"the party index must be between 1 and {key.Parties}.");
        }

        if (secretBytes != ElementWidth(key) || secret >= key.PaillierKey.NSquared)
        {
            throw new KeyFormatException(secretField, $"the secret must be an integer below n², written in exactly {ElementWidth(key)} bytes.");
        }

        BigInteger expected = key.PaillierKey.NSquaredContext.PowSecret(key.VerificationBase, key.Delta * secret, key.SecretExponentBits);
        if (expected != key.GetVerificationKey((int)index))
        {
            throw new KeyFormatException(secretField, "the secret does not match the party's verification key in the public material.");
        }

        return new ThresholdKeyShare(key, (int)index, secret);
    }

    /// <summary>Gets the size in bytes of a <c>DCDS</c> blob of <paramref name="share"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The threshold key the share belongs to.</param>
    /// <param name="share">The decryption share.</param>
    /// <returns>The blob size.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static int GetDecryptionShareSize(ThresholdPaillierPublicKey key, DecryptionShare share)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(share);
        return HeaderSize + PaillierBinaryFormat.FingerprintSize + LengthSize + ElementWidth(key) + ProofSize(share.Proof);
    }

    /// <summary>Exports a decryption share as a <c>DCDS</c> blob.</summary>
    /// <param name="key">The threshold key the share belongs to.</param>
    /// <param name="share">The decryption share.</param>
    /// <returns>A new array of <see cref="GetDecryptionShareSize"/> bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The share's value or index does not fit <paramref name="key"/>.</exception>
    public static byte[] ExportDecryptionShare(ThresholdPaillierPublicKey key, DecryptionShare share)
    {
        var blob = new byte[GetDecryptionShareSize(key, share)];
        WriteShareCore(key, share, blob);
        return blob;
    }

    /// <summary>Exports a decryption share as a <c>DCDS</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The threshold key the share belongs to.</param>
    /// <param name="share">The decryption share.</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetDecryptionShareSize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the share does not fit <paramref name="key"/>.</exception>
    public static int ExportDecryptionShare(ThresholdPaillierPublicKey key, DecryptionShare share, Span<byte> destination)
    {
        BlobWriter.CheckDestination(destination, GetDecryptionShareSize(key, share));
        return WriteShareCore(key, share, destination);
    }

    /// <summary>Attempts to export a decryption share as a <c>DCDS</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The threshold key the share belongs to.</param>
    /// <param name="share">The decryption share.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The share does not fit <paramref name="key"/>.</exception>
    public static bool TryExportDecryptionShare(ThresholdPaillierPublicKey key, DecryptionShare share, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = destination.Length < GetDecryptionShareSize(key, share) ? 0 : WriteShareCore(key, share, destination);
        return bytesWritten > 0;
    }

    /// <summary>Imports a decryption share from a <c>DCDS</c> blob (its proof is checked by the combiner, not here).</summary>
    /// <param name="key">The threshold key the share must belong to.</param>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The decryption share.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="CiphertextFormatException">The blob is malformed.</exception>
    /// <exception cref="PaillierKeyMismatchException">The share was made under another threshold key.</exception>
    public static DecryptionShare ImportDecryptionShare(ThresholdPaillierPublicKey key, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reader = new BlobReader(source, isCiphertext: true);
        reader.ReadHeader(ShareMagic, "a threshold Paillier decryption-share blob", ThresholdScheme);
        ReadFingerprint(ref reader, key);
        int index = ReadIndex(ref reader, key);
        BigInteger value = ReadElement(ref reader, key, "value");
        DecryptionShareProof proof = ReadProof(ref reader, key);
        reader.ReadEnd();
        return new DecryptionShare(index, value, proof);
    }

    /// <summary>Gets the size in bytes of a <c>DCDB</c> blob of <paramref name="batch"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The threshold key the batch belongs to.</param>
    /// <param name="batch">The decryption-share batch.</param>
    /// <returns>The blob size.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The blob would be too large for an array.</exception>
    public static int GetDecryptionShareBatchSize(ThresholdPaillierPublicKey key, DecryptionShareBatch batch)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(batch);
        long size = HeaderSize + PaillierBinaryFormat.FingerprintSize + (2L * LengthSize) + ((long)batch.Count * ElementWidth(key)) + ProofSize(batch.Proof);
        return size <= Array.MaxLength ? (int)size : throw new ArgumentOutOfRangeException(nameof(batch), "The batch is too large for one blob.");
    }

    /// <summary>Exports a decryption-share batch as a <c>DCDB</c> blob.</summary>
    /// <param name="key">The threshold key the batch belongs to.</param>
    /// <param name="batch">The batch.</param>
    /// <returns>A new array of <see cref="GetDecryptionShareBatchSize"/> bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value or the index does not fit <paramref name="key"/>.</exception>
    public static byte[] ExportDecryptionShareBatch(ThresholdPaillierPublicKey key, DecryptionShareBatch batch)
    {
        var blob = new byte[GetDecryptionShareBatchSize(key, batch)];
        WriteBatchCore(key, batch, blob);
        return blob;
    }

    /// <summary>Exports a decryption-share batch as a <c>DCDB</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The threshold key the batch belongs to.</param>
    /// <param name="batch">The batch.</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetDecryptionShareBatchSize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the batch does not fit <paramref name="key"/>.</exception>
    public static int ExportDecryptionShareBatch(ThresholdPaillierPublicKey key, DecryptionShareBatch batch, Span<byte> destination)
    {
        BlobWriter.CheckDestination(destination, GetDecryptionShareBatchSize(key, batch));
        return WriteBatchCore(key, batch, destination);
    }

    /// <summary>Attempts to export a decryption-share batch as a <c>DCDB</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The threshold key the batch belongs to.</param>
    /// <param name="batch">The batch.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The batch does not fit <paramref name="key"/>.</exception>
    public static bool TryExportDecryptionShareBatch(ThresholdPaillierPublicKey key, DecryptionShareBatch batch, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = destination.Length < GetDecryptionShareBatchSize(key, batch) ? 0 : WriteBatchCore(key, batch, destination);
        return bytesWritten > 0;
    }

    /// <summary>Imports a decryption-share batch from a <c>DCDB</c> blob (its proof is checked by the combiner, not here).</summary>
    /// <param name="key">The threshold key the batch must belong to.</param>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="CiphertextFormatException">The blob is malformed.</exception>
    /// <exception cref="PaillierKeyMismatchException">The batch was made under another threshold key.</exception>
    public static DecryptionShareBatch ImportDecryptionShareBatch(ThresholdPaillierPublicKey key, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reader = new BlobReader(source, isCiphertext: true);
        reader.ReadHeader(BatchMagic, "a threshold Paillier decryption-share batch blob", ThresholdScheme);
        ReadFingerprint(ref reader, key);
        int index = ReadIndex(ref reader, key);
        uint count = reader.ReadUInt32("count");
        if (count == 0 || count > (uint)(reader.Remaining / ElementWidth(key)))
        {
            throw reader.Fail("count", $"the declared count {count} is zero or more than the data can hold.");
        }

        var values = new BigInteger[count];
        for (int j = 0; j < values.Length; j++)
        {
            values[j] = ReadElement(ref reader, key, "values");
        }

        DecryptionShareProof proof = ReadProof(ref reader, key);
        reader.ReadEnd();
        return new DecryptionShareBatch(index, values, proof);
    }

    private static int ElementWidth(ThresholdPaillierPublicKey key) => key.PaillierKey.NSquared.GetByteCount(isUnsigned: true);

    private static int ProofSize(DecryptionShareProof proof) => DecryptionShareProof.ChallengeSize + BlobWriter.IntegerSize(proof.Response);

    private static int PublicKeyBodySize(ThresholdPaillierPublicKey key) =>
        BlobWriter.IntegerSize(key.N) + (2 * LengthSize) + BlobWriter.IntegerSize(key.VerificationBase) + key.VerificationKeys.Sum(BlobWriter.IntegerSize);

    private static int WritePublicKeyCore(ThresholdPaillierPublicKey key, Span<byte> destination)
    {
        int position = BlobWriter.WriteHeader(PublicKeyMagic, ThresholdScheme, destination);
        return position + WritePublicKeyBody(key, destination[position..]);
    }

    private static int WritePublicKeyBody(ThresholdPaillierPublicKey key, Span<byte> destination)
    {
        int position = BlobWriter.WriteInteger(key.N, destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[position..], (uint)key.Parties);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(position + LengthSize)..], (uint)key.Threshold);
        position += 2 * LengthSize;
        position += BlobWriter.WriteInteger(key.VerificationBase, destination[position..]);
        foreach (BigInteger vk in key.VerificationKeys)
        {
            position += BlobWriter.WriteInteger(vk, destination[position..]);
        }

        return position;
    }

    private static int WriteKeyShareCore(ThresholdKeyShare share, Span<byte> destination)
    {
        BigInteger secret = share.Secret;
        int width = ElementWidth(share.PublicKey);
        int position = BlobWriter.WriteHeader(KeyShareMagic, ThresholdScheme, destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[position..], (uint)share.Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(position + LengthSize)..], (uint)width);
        position += 2 * LengthSize;
        BlobWriter.WriteFixedWidth(secret, destination.Slice(position, width));
        position += width;
        return position + WritePublicKeyBody(share.PublicKey, destination[position..]);
    }

    private static int WriteShareCore(ThresholdPaillierPublicKey key, DecryptionShare share, Span<byte> destination)
    {
        CheckShareFits(key, share.Index, share.Value);
        int position = WriteShareStart(key, ShareMagic, share.Index, destination);
        int width = ElementWidth(key);
        BlobWriter.WriteFixedWidth(share.Value, destination.Slice(position, width));
        position += width;
        return position + WriteProof(share.Proof, destination[position..]);
    }

    private static int WriteBatchCore(ThresholdPaillierPublicKey key, DecryptionShareBatch batch, Span<byte> destination)
    {
        foreach (BigInteger value in batch.ValueArray)
        {
            CheckShareFits(key, batch.Index, value);
        }

        int position = WriteShareStart(key, BatchMagic, batch.Index, destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[position..], (uint)batch.Count);
        position += LengthSize;
        int width = ElementWidth(key);
        foreach (BigInteger value in batch.ValueArray)
        {
            BlobWriter.WriteFixedWidth(value, destination.Slice(position, width));
            position += width;
        }

        return position + WriteProof(batch.Proof, destination[position..]);
    }

    private static int WriteShareStart(ThresholdPaillierPublicKey key, ReadOnlySpan<byte> magic, int index, Span<byte> destination)
    {
        int position = BlobWriter.WriteHeader(magic, ThresholdScheme, destination);
        key.Digest[..PaillierBinaryFormat.FingerprintSize].CopyTo(destination[position..]);
        position += PaillierBinaryFormat.FingerprintSize;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[position..], (uint)index);
        return position + LengthSize;
    }

    private static int WriteProof(DecryptionShareProof proof, Span<byte> destination)
    {
        proof.Challenge.CopyTo(destination);
        return DecryptionShareProof.ChallengeSize + BlobWriter.WriteInteger(proof.Response, destination[DecryptionShareProof.ChallengeSize..]);
    }

    private static void CheckShareFits(ThresholdPaillierPublicKey key, int index, BigInteger value)
    {
        if (index > key.Parties)
        {
            throw new ArgumentException($"The share's party index {index} is not a party of this key (1 to {key.Parties}).", nameof(key));
        }

        if (value >= key.PaillierKey.NSquared)
        {
            throw new ArgumentException("A share value is not below n² for this key.", nameof(key));
        }
    }

    private static ThresholdPaillierPublicKey ReadPublicKeyBody(ref BlobReader reader, bool allowInsecureTestSizes)
    {
        BigInteger n = reader.ReadPositiveInteger("n", MaximumModulusBytes);
        uint parties = reader.ReadUInt32("parties");
        uint threshold = reader.ReadUInt32("threshold");
        if (parties < 1 || parties > ThresholdPaillierPublicKey.MaximumParties)
        {
            throw new KeyFormatException("parties", $"must be between 1 and {ThresholdPaillierPublicKey.MaximumParties}.");
        }

        if (threshold < 1 || threshold > parties)
        {
            throw new KeyFormatException("threshold", "must be between 1 and the number of parties.");
        }

        PaillierPublicKey paillierKey = PaillierKeyValidator.PublicKey(n, "n", allowInsecureTestSizes);
        BigInteger v = reader.ReadPositiveInteger("verificationBase", 2 * MaximumModulusBytes);
        var verificationKeys = new BigInteger[parties];
        for (int i = 0; i < verificationKeys.Length; i++)
        {
            verificationKeys[i] = reader.ReadPositiveInteger("verificationKeys", 2 * MaximumModulusBytes);
        }

        return ThresholdPublicKey(paillierKey, (int)parties, (int)threshold, v, verificationKeys);
    }

    /// <summary>Public material from values read from serialized data, every failure reported as a <see cref="KeyFormatException"/>.</summary>
    internal static ThresholdPaillierPublicKey ThresholdPublicKey(PaillierPublicKey paillierKey, int parties, int threshold, BigInteger v, BigInteger[] verificationKeys)
    {
        try
        {
            return new ThresholdPaillierPublicKey(paillierKey, parties, threshold, v, verificationKeys);
        }
        catch (ArgumentException ex)
        {
            throw new KeyFormatException(ex.ParamName ?? "verificationKeys", "not valid threshold public material: every verification value must be in Z*_{n^2}.", ex);
        }
    }

    private static void ReadFingerprint(ref BlobReader reader, ThresholdPaillierPublicKey key)
    {
        ReadOnlySpan<byte> fingerprint = reader.ReadFixed(PaillierBinaryFormat.FingerprintSize, "fingerprint");
        if (!fingerprint.SequenceEqual(key.Digest[..PaillierBinaryFormat.FingerprintSize]))
        {
            throw new PaillierKeyMismatchException($"The decryption share was made under another threshold key ({Convert.ToHexStringLower(fingerprint)}, expected {key.GetFingerprint()}).");
        }
    }

    private static int ReadIndex(ref BlobReader reader, ThresholdPaillierPublicKey key)
    {
        uint index = reader.ReadUInt32("index");
        if (index < 1 || index > (uint)key.Parties)
        {
            throw reader.Fail("index", $"the party index must be between 1 and {key.Parties}.");
        }

        return (int)index;
    }

    private static BigInteger ReadElement(ref BlobReader reader, ThresholdPaillierPublicKey key, string field)
    {
        BigInteger value = new(reader.ReadFixed(ElementWidth(key), field), isUnsigned: true, isBigEndian: true);
        if (value.IsZero || value >= key.PaillierKey.NSquared)
        {
            throw reader.Fail(field, "a share value must be in the range 1 … n² − 1.");
        }

        return value;
    }

    private static DecryptionShareProof ReadProof(ref BlobReader reader, ThresholdPaillierPublicKey key)
    {
        ReadOnlySpan<byte> challenge = reader.ReadFixed(DecryptionShareProof.ChallengeSize, "challenge");
        BigInteger response = reader.ReadPositiveInteger("response", (key.NonceBits / 8) + 2);
        return new DecryptionShareProof(challenge, response);
    }
}
