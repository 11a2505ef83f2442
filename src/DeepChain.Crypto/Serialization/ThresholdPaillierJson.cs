using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Crypto.Serialization;

/// <summary>
/// Threshold Paillier public material, key shares and decryption shares as JSON, for configuration files and for
/// tools outside .NET.
/// </summary>
/// <remarks>
/// <para>Integers are base64url without padding of their unsigned big-endian bytes, as in JSON Web Keys. Every object
/// carries a type (<c>kty</c>) and a format version (<c>ver</c> = 1):</para>
/// <list type="bullet">
/// <item><c>{"kty":"DC-TPAI","ver":1,"n":…,"parties":ℓ,"threshold":t,"vb":v,"vk":[v₁,…,v_ℓ]}</c></item>
/// <item><c>{"kty":"DC-TPAI-SHARE","ver":1,"index":i,"s":sᵢ,"pub":{public material}}</c> — a secret</item>
/// <item><c>{"kty":"DC-TPAI-DSHARE","ver":1,"kid":fingerprint,"index":i,"c":cᵢ,"e":challenge,"z":response}</c></item>
/// </list>
/// <para>Reading validates everything the binary format does (<see cref="ThresholdPaillierBinaryFormat"/>), including
/// the check of a key share against its verification key, and reports failures as <see cref="KeyFormatException"/>
/// (public material, key shares) or <see cref="CiphertextFormatException"/> (decryption shares) naming the field, never
/// quoting the input.</para>
/// </remarks>
public static class ThresholdPaillierJson
{
    /// <summary>The <c>kty</c> of threshold public material.</summary>
    public const string PublicKeyType = "DC-TPAI";

    /// <summary>The <c>kty</c> of a key share.</summary>
    public const string KeyShareType = "DC-TPAI-SHARE";

    /// <summary>The <c>kty</c> of a decryption share.</summary>
    public const string DecryptionShareType = "DC-TPAI-DSHARE";

    private const int FormatVersion = 1;

    /// <summary>Exports threshold public material as JSON.</summary>
    /// <param name="key">The public material.</param>
    /// <returns>The JSON text, on one line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static string ExportPublicKey(ThresholdPaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Write(writer => WritePublicKey(writer, key));
    }

    /// <summary>Imports threshold public material from JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The public material.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The JSON is malformed or does not hold valid threshold public material.</exception>
    public static ThresholdPaillierPublicKey ImportPublicKey(string json) => ImportPublicKey(json, allowInsecureTestSizes: false);

    internal static ThresholdPaillierPublicKey ImportPublicKey(string json, bool allowInsecureTestSizes)
    {
        ArgumentNullException.ThrowIfNull(json);
        return WithDocument(json, root => ReadPublicKey(root, string.Empty, allowInsecureTestSizes));
    }

    /// <summary>Exports a key share (with its public material) as JSON.</summary>
    /// <param name="share">The key share.</param>
    /// <returns>The JSON text, which holds the secret: store it as you would a private key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="share"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="share"/> was disposed.</exception>
    public static string ExportKeyShare(ThresholdKeyShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        BigInteger secret = share.Secret;
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("kty"u8, KeyShareType);
            writer.WriteNumber("ver"u8, FormatVersion);
            writer.WriteNumber("index"u8, share.Index);
            WriteFixedWidth(writer, "s"u8, secret, ElementWidth(share.PublicKey));
            writer.WritePropertyName("pub"u8);
            WritePublicKey(writer, share.PublicKey);
            writer.WriteEndObject();
        });
    }

    /// <summary>Imports a key share from JSON and checks it against its verification key.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The key share; dispose it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The JSON is malformed, or the secret does not match the party's verification key.</exception>
    public static ThresholdKeyShare ImportKeyShare(string json) => ImportKeyShare(json, allowInsecureTestSizes: false);

    internal static ThresholdKeyShare ImportKeyShare(string json, bool allowInsecureTestSizes)
    {
        ArgumentNullException.ThrowIfNull(json);
        return WithDocument(json, root => ReadKeyShare(root, allowInsecureTestSizes));
    }

    private static ThresholdKeyShare ReadKeyShare(JsonElement root, bool allowInsecureTestSizes)
    {
        PaillierJsonWebKey.RequireObject(root, "(root)");
        RequireHeader(root, string.Empty, KeyShareType);
        if (!root.TryGetProperty("pub"u8, out JsonElement pub))
        {
            throw new KeyFormatException("pub", "missing; a key share carries its public material under \"pub\".");
        }

        ThresholdPaillierPublicKey key = ReadPublicKey(pub, "pub.", allowInsecureTestSizes);
        int index = ReadInt32(root, string.Empty, "index");
        (BigInteger secret, int length) = ReadFixedWidth(root, "s");
        return ThresholdPaillierBinaryFormat.CreateKeyShare(key, index, secret, length, "index", "s");
    }

    /// <summary>Exports a decryption share as JSON.</summary>
    /// <param name="key">The threshold key the share belongs to.</param>
    /// <param name="share">The decryption share.</param>
    /// <returns>The JSON text, on one line.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string ExportDecryptionShare(ThresholdPaillierPublicKey key, DecryptionShare share)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(share);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("kty"u8, DecryptionShareType);
            writer.WriteNumber("ver"u8, FormatVersion);
            writer.WriteString("kid"u8, key.GetFingerprint());
            writer.WriteNumber("index"u8, share.Index);
            WriteFixedWidth(writer, "c"u8, share.Value, ElementWidth(key));
            WriteFixedWidth(writer, "e"u8, new BigInteger(share.Proof.Challenge, isUnsigned: true, isBigEndian: true), DecryptionShareProof.ChallengeSize);
            PaillierJsonWebKey.WriteInteger(writer, "z"u8, share.Proof.Response);
            writer.WriteEndObject();
        });
    }

    /// <summary>Imports a decryption share from JSON (its proof is checked by the combiner, not here).</summary>
    /// <param name="key">The threshold key the share must belong to.</param>
    /// <param name="json">The JSON text.</param>
    /// <returns>The decryption share.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CiphertextFormatException">The JSON is malformed.</exception>
    /// <exception cref="PaillierKeyMismatchException">The share was made under another threshold key.</exception>
    public static DecryptionShare ImportDecryptionShare(ThresholdPaillierPublicKey key, string json)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return WithDocument(json, root => ReadDecryptionShare(root, key));
        }
        catch (KeyFormatException ex)
        {
            throw new CiphertextFormatException(ex.Field ?? "(root)", ex.Message, ex);
        }
    }

    private static DecryptionShare ReadDecryptionShare(JsonElement root, ThresholdPaillierPublicKey key)
    {
        PaillierJsonWebKey.RequireObject(root, "(root)");
        RequireHeader(root, string.Empty, DecryptionShareType);
        if (!root.TryGetProperty("kid"u8, out JsonElement kid) || kid.ValueKind != JsonValueKind.String)
        {
            throw new KeyFormatException("kid", "missing, or not a string; it names the threshold key.");
        }

        if (!kid.ValueEquals(key.GetFingerprint()))
        {
            throw new PaillierKeyMismatchException($"The decryption share was made under another threshold key (expected {key.GetFingerprint()}).");
        }

        int index = ReadInt32(root, string.Empty, "index");
        if (index < 1 || index > key.Parties)
        {
            throw new KeyFormatException("index", $"the party index must be between 1 and {key.Parties}.");
        }

        (BigInteger value, int valueLength) = ReadFixedWidth(root, "c");
        if (valueLength != ElementWidth(key) || value.IsZero || value >= key.PaillierKey.NSquared)
        {
            throw new KeyFormatException("c", $"the share value must be in 1 … n² − 1, written in exactly {ElementWidth(key)} bytes.");
        }

        (BigInteger e, int eLength) = ReadFixedWidth(root, "e");
        if (eLength != DecryptionShareProof.ChallengeSize)
        {
            throw new KeyFormatException("e", $"the challenge must be exactly {DecryptionShareProof.ChallengeSize} bytes.");
        }

        BigInteger z = PaillierJsonWebKey.ReadInteger(root, string.Empty, "z", required: true)!.Value;
        var challenge = new byte[DecryptionShareProof.ChallengeSize];
        e.TryWriteBytes(challenge.AsSpan(DecryptionShareProof.ChallengeSize - e.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return new DecryptionShare(index, value, new DecryptionShareProof(challenge, z));
    }

    private static ThresholdPaillierPublicKey ReadPublicKey(JsonElement element, string prefix, bool allowInsecureTestSizes)
    {
        PaillierJsonWebKey.RequireObject(element, prefix.Length == 0 ? "(root)" : prefix.TrimEnd('.'));
        RequireHeader(element, prefix, PublicKeyType);
        BigInteger n = PaillierJsonWebKey.ReadInteger(element, prefix, "n", required: true)!.Value;
        PaillierPublicKey paillierKey = PaillierKeyValidator.PublicKey(n, prefix + "n", allowInsecureTestSizes);
        int parties = ReadInt32(element, prefix, "parties");
        int threshold = ReadInt32(element, prefix, "threshold");
        if (parties < 1 || parties > ThresholdPaillierPublicKey.MaximumParties)
        {
            throw new KeyFormatException(prefix + "parties", $"must be between 1 and {ThresholdPaillierPublicKey.MaximumParties}.");
        }

        if (threshold < 1 || threshold > parties)
        {
            throw new KeyFormatException(prefix + "threshold", "must be between 1 and the number of parties.");
        }

        BigInteger v = PaillierJsonWebKey.ReadInteger(element, prefix, "vb", required: true)!.Value;
        if (!element.TryGetProperty("vk"u8, out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new KeyFormatException(prefix + "vk", "missing, or not an array of verification keys.");
        }

        if (list.GetArrayLength() != parties)
        {
            throw new KeyFormatException(prefix + "vk", $"holds {list.GetArrayLength()} verification keys; there must be one per party ({parties}).");
        }

        var verificationKeys = new BigInteger[parties];
        int i = 0;
        foreach (JsonElement item in list.EnumerateArray())
        {
            verificationKeys[i] = ReadIntegerValue(item, $"{prefix}vk[{i}]");
            i++;
        }

        return ThresholdPaillierBinaryFormat.ThresholdPublicKey(paillierKey, parties, threshold, v, verificationKeys);
    }

    private static void WritePublicKey(Utf8JsonWriter writer, ThresholdPaillierPublicKey key)
    {
        writer.WriteStartObject();
        writer.WriteString("kty"u8, PublicKeyType);
        writer.WriteNumber("ver"u8, FormatVersion);
        PaillierJsonWebKey.WriteInteger(writer, "n"u8, key.N);
        writer.WriteNumber("parties"u8, key.Parties);
        writer.WriteNumber("threshold"u8, key.Threshold);
        PaillierJsonWebKey.WriteInteger(writer, "vb"u8, key.VerificationBase);
        writer.WriteStartArray("vk"u8);
        foreach (BigInteger vk in key.VerificationKeys)
        {
            WriteIntegerValue(writer, vk, vk.GetByteCount(isUnsigned: true));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void RequireHeader(JsonElement element, string prefix, string type)
    {
        if (!element.TryGetProperty("kty"u8, out JsonElement kty) || kty.ValueKind != JsonValueKind.String || !kty.ValueEquals(type))
        {
            throw new KeyFormatException(prefix + "kty", $"must be \"{type}\".");
        }

        if (ReadInt32(element, prefix, "ver") != FormatVersion)
        {
            throw new KeyFormatException(prefix + "ver", $"version {FormatVersion} is the only one this library reads.");
        }
    }

    private static int ReadInt32(JsonElement element, string prefix, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result))
        {
            throw new KeyFormatException(prefix + name, "missing, or not a 32-bit integer.");
        }

        return result;
    }

    /// <summary>Reads an integer written at a fixed width: returns the value and the number of bytes it was written in.</summary>
    private static (BigInteger Value, int Length) ReadFixedWidth(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            throw new KeyFormatException(name, "missing.");
        }

        return Decode(value, name);
    }

    private static (BigInteger Value, int Length) Decode(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new KeyFormatException(field, "must be a base64url string.");
        }

        byte[] bytes;
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(value.GetString());
        }
        catch (FormatException)
        {
            throw new KeyFormatException(field, "not a valid base64url string.");
        }

        try
        {
            return (new BigInteger(bytes, isUnsigned: true, isBigEndian: true), bytes.Length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static BigInteger ReadIntegerValue(JsonElement item, string field)
    {
        (BigInteger value, int length) = Decode(item, field);
        if (value.IsZero || length != value.GetByteCount(isUnsigned: true))
        {
            throw new KeyFormatException(field, "must be a positive integer without leading zero bytes.");
        }

        return value;
    }

    private static void WriteFixedWidth(Utf8JsonWriter writer, ReadOnlySpan<byte> name, BigInteger value, int width)
    {
        writer.WritePropertyName(name);
        WriteIntegerValue(writer, value, width);
    }

    private static void WriteIntegerValue(Utf8JsonWriter writer, BigInteger value, int width)
    {
        byte[] bytes = new byte[width];
        try
        {
            value.TryWriteBytes(bytes.AsSpan(width - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
            writer.WriteStringValue(System.Buffers.Text.Base64Url.EncodeToString(bytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static int ElementWidth(ThresholdPaillierPublicKey key) => key.PaillierKey.NSquared.GetByteCount(isUnsigned: true);

    /// <summary>Parses from a UTF-8 copy we own, reads, then zeroes the copy (the document reads from it lazily).</summary>
    private static T WithDocument<T>(string json, Func<JsonElement, T> read)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        try
        {
            using JsonDocument document = PaillierJsonWebKey.Parse(utf8);
            return read(document.RootElement);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        string result = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        buffer.Clear();
        return result;
    }
}
