using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Crypto.Paillier;

/// <summary>
/// Paillier keys as JSON Web Keys in the format of python-paillier's <c>pheutil</c>, so keys move between DeepChain
/// and python-paillier (and anything else that reads that format) unchanged.
/// </summary>
/// <remarks>
/// <para>A public key is <c>{"kty":"DAJ","alg":"PAI-GN1","key_ops":["encrypt"],"n":…,"kid":…}</c>; a private key is
/// <c>{"kty":"DAJ","key_ops":["decrypt"],"p":…,"q":…,"pub":{public key},"kid":…}</c>. Integers are base64url without
/// padding of their unsigned big-endian bytes (python-paillier's <c>int_to_base64</c>). <c>kid</c> is optional.</para>
/// <para>Import also accepts the older python-paillier private key that carries <c>lambda</c> and <c>mu</c> instead of
/// <c>p</c> and <c>q</c>: λ is a multiple of the Carmichael function λ(n), and knowing one factors n (write
/// λ = 2<sup>s</sup>·t, look for a nontrivial square root of 1 among a<sup>t</sup>, a<sup>2t</sup>, … for random a;
/// gcd(root − 1, n) is p). The import checks λ(n) | λ and μ = λ⁻¹ mod n, the conditions under which
/// m = L(c<sup>λ</sup> mod n²)·μ mod n decrypts, so the recovered key decrypts exactly as the original did.</para>
/// <para>Every input is validated: well-formed JSON without duplicate names, <c>kty</c> = <c>DAJ</c>, <c>alg</c> =
/// <c>PAI-GN1</c> where required, <c>key_ops</c> (when present) allowing the operation, strict base64url, n odd and
/// within the size limits, p and q prime (adversarial Miller–Rabin rounds) with p·q = n. Failures throw
/// <see cref="KeyFormatException"/> naming the field; messages never contain key material or fragments of the input.</para>
/// <para>Exported private keys are strings and cannot be wiped; the buffers used to build or parse them are zeroed.</para>
/// </remarks>
public static class PaillierJsonWebKey
{
    /// <summary>The JWK key type python-paillier uses for Paillier keys (<c>kty</c>).</summary>
    public const string KeyType = "DAJ";

    /// <summary>The JWK algorithm of Paillier with g = n + 1 (<c>alg</c>).</summary>
    public const string Algorithm = "PAI-GN1";

    private const int MaximumJsonDepth = 8;

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaximumJsonDepth,
        AllowDuplicateProperties = false,
    };

    /// <summary>Exports a public key as a python-paillier JWK.</summary>
    /// <param name="key">The public key.</param>
    /// <param name="keyId">An optional <c>kid</c>, a free-text label; omitted when <see langword="null"/>.</param>
    /// <returns>The JSON text, on one line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static string ExportPublicKey(PaillierPublicKey key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WritePublicKey(writer, key, keyId);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Imports a public key from a python-paillier JWK.</summary>
    /// <param name="json">The JSON text of a public key (<c>kty</c> <c>DAJ</c>, <c>alg</c> <c>PAI-GN1</c>, <c>n</c>).</param>
    /// <returns>The public key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The text is not JSON, a field is missing, ill-typed or wrong, or n is not an
    /// acceptable modulus (odd, <see cref="PaillierPublicKey.MinimumModulusBits"/> to
    /// <see cref="PaillierBinaryFormat.MaximumModulusBits"/> bits).</exception>
    public static PaillierPublicKey ImportPublicKey(string json) => ImportPublicKey(json, allowInsecureTestSizes: false);

    /// <summary>Exports a private key as a python-paillier JWK (with p and q, and the public key under <c>pub</c>).</summary>
    /// <param name="key">The private key.</param>
    /// <param name="keyId">An optional <c>kid</c>, written on the private key and on its <c>pub</c>; omitted when <see langword="null"/>.</param>
    /// <returns>The JSON text, on one line. It holds the secret primes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static string ExportPrivateKey(PaillierPrivateKey key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);

        // Sized so the buffer never grows: growing would leave copies of the secrets in the abandoned arrays.
        int capacity = 512 + (4 * key.PublicKey.N.GetByteCount(isUnsigned: true)) + (2 * 6 * (keyId?.Length ?? 0));
        var buffer = new ArrayBufferWriter<byte>(capacity);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("kty"u8, KeyType);
                writer.WriteStartArray("key_ops"u8);
                writer.WriteStringValue("decrypt"u8);
                writer.WriteEndArray();
                WriteInteger(writer, "p"u8, key.P);
                WriteInteger(writer, "q"u8, key.Q);
                writer.WritePropertyName("pub"u8);
                WritePublicKey(writer, key.PublicKey, keyId);
                if (keyId is not null)
                {
                    writer.WriteString("kid"u8, keyId);
                }

                writer.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            // ArrayBufferWriter.Clear zeroes what was written.
            buffer.Clear();
        }
    }

    /// <summary>Imports a private key from a python-paillier JWK with <c>p</c> and <c>q</c>, or with <c>lambda</c> and <c>mu</c>.</summary>
    /// <param name="json">The JSON text of a private key (<c>kty</c> <c>DAJ</c>, <c>pub</c>, and <c>p</c>, <c>q</c> or <c>lambda</c>, <c>mu</c>).</param>
    /// <returns>The private key, whose public key is the one under <c>pub</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The text is not JSON; a field is missing, ill-typed or wrong; p or q is not prime;
    /// p·q ≠ n; λ is not a multiple of the Carmichael function of n or μ ≠ λ⁻¹ mod n; or the key is too small.</exception>
    public static PaillierPrivateKey ImportPrivateKey(string json) => ImportPrivateKey(json, allowInsecureTestSizes: false);

    /// <summary>Test-only: also accepts moduli below <see cref="PaillierPublicKey.MinimumModulusBits"/>.</summary>
    internal static PaillierPublicKey ImportPublicKey(string json, bool allowInsecureTestSizes)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        try
        {
            using JsonDocument document = Parse(utf8);
            return ReadPublicKey(document.RootElement, prefix: string.Empty, allowInsecureTestSizes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    /// <summary>Test-only: also accepts moduli below <see cref="PaillierPublicKey.MinimumModulusBits"/>.</summary>
    internal static PaillierPrivateKey ImportPrivateKey(string json, bool allowInsecureTestSizes)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        try
        {
            using JsonDocument document = Parse(utf8);
            return ReadPrivateKey(document.RootElement, allowInsecureTestSizes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    internal static JsonDocument Parse(byte[] utf8)
    {
        try
        {
            // Parsing from memory we own (rather than from the string) lets us zero the text afterwards.
            return JsonDocument.Parse(utf8.AsMemory(), s_documentOptions);
        }
        catch (JsonException ex)
        {
            // The parser's own message can quote the offending character, so only its position is kept.
            string where = ex.LineNumber is long line && ex.BytePositionInLine is long column
                ? $" (line {line + 1}, byte {column + 1})"
                : string.Empty;
            throw new KeyFormatException($"The key is not valid JSON, or repeats a member name{where}.");
        }
    }

    private static PaillierPublicKey ReadPublicKey(JsonElement element, string prefix, bool allowInsecureTestSizes)
    {
        RequireObject(element, prefix.Length == 0 ? "(root)" : prefix.TrimEnd('.'));
        RequireString(element, prefix, "kty", KeyType);
        RequireString(element, prefix, "alg", Algorithm);
        CheckKeyOperations(element, prefix, "encrypt");
        CheckKeyId(element, prefix);
        BigInteger n = ReadInteger(element, prefix, "n", required: true)!.Value;
        return PaillierKeyValidator.PublicKey(n, prefix + "n", allowInsecureTestSizes);
    }

    private static PaillierPrivateKey ReadPrivateKey(JsonElement element, bool allowInsecureTestSizes)
    {
        RequireObject(element, "(root)");
        RequireString(element, string.Empty, "kty", KeyType);
        if (element.TryGetProperty("alg"u8, out _))
        {
            RequireString(element, string.Empty, "alg", Algorithm);
        }

        CheckKeyOperations(element, string.Empty, "decrypt");
        CheckKeyId(element, string.Empty);
        if (!element.TryGetProperty("pub"u8, out JsonElement pub))
        {
            throw new KeyFormatException("pub", "missing; a private key carries its public key under \"pub\".");
        }

        PaillierPublicKey publicKey = ReadPublicKey(pub, "pub.", allowInsecureTestSizes);
        BigInteger? p = ReadInteger(element, string.Empty, "p", required: false);
        BigInteger? q = ReadInteger(element, string.Empty, "q", required: false);
        BigInteger? lambda = ReadInteger(element, string.Empty, "lambda", required: false);
        BigInteger? mu = ReadInteger(element, string.Empty, "mu", required: false);

        if (p is null && q is null)
        {
            if (lambda is null || mu is null)
            {
                throw new KeyFormatException(lambda is null ? "p" : "mu",
                    "missing; a private key needs \"p\" and \"q\", or \"lambda\" and \"mu\".");
            }

            return PaillierKeyValidator.PrivateKeyFromLambda(publicKey, lambda.Value, mu.Value, "lambda", "mu", "pub.n", allowInsecureTestSizes);
        }

        if (p is null || q is null)
        {
            throw new KeyFormatException(p is null ? "p" : "q", "missing; \"p\" and \"q\" must both be present.");
        }

        PaillierPrivateKey key = PaillierKeyValidator.PrivateKey(p.Value, q.Value, publicKey.N, "p", "q", "pub.n", allowInsecureTestSizes);
        if (lambda is not null || mu is not null)
        {
            // A key that also carries λ and μ must carry consistent ones.
            try
            {
                CheckLambdaAndMu(key, lambda, mu);
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }

        return key;
    }

    private static void CheckLambdaAndMu(PaillierPrivateKey key, BigInteger? lambda, BigInteger? mu)
    {
        if (lambda is null || mu is null)
        {
            throw new KeyFormatException(lambda is null ? "lambda" : "mu", "\"lambda\" and \"mu\" must both be present, or neither.");
        }

        BigInteger n = key.PublicKey.N;
        BigInteger pMinusOne = key.P - 1, qMinusOne = key.Q - 1;
        BigInteger carmichael = pMinusOne / BigInteger.GreatestCommonDivisor(pMinusOne, qMinusOne) * qMinusOne;
        if (lambda.Value.Sign <= 0 || !(lambda.Value % carmichael).IsZero)
        {
            throw new KeyFormatException("lambda", "λ is not a multiple of the Carmichael function of p·q.");
        }

        if (mu.Value.Sign <= 0 || mu.Value >= n || !(lambda.Value * mu.Value % n).IsOne)
        {
            throw new KeyFormatException("mu", "μ is not the inverse of λ modulo n.");
        }
    }

    private static void WritePublicKey(Utf8JsonWriter writer, PaillierPublicKey key, string? keyId)
    {
        writer.WriteStartObject();
        writer.WriteString("kty"u8, KeyType);
        writer.WriteString("alg"u8, Algorithm);
        writer.WriteStartArray("key_ops"u8);
        writer.WriteStringValue("encrypt"u8);
        writer.WriteEndArray();
        WriteInteger(writer, "n"u8, key.N);
        if (keyId is not null)
        {
            writer.WriteString("kid"u8, keyId);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a positive integer as base64url (no padding) of its minimal unsigned big-endian bytes.</summary>
    internal static void WriteInteger(Utf8JsonWriter writer, ReadOnlySpan<byte> name, BigInteger value)
    {
        byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] text = new byte[Base64Url.GetEncodedLength(bytes.Length)];
        try
        {
            int written = Base64Url.EncodeToUtf8(bytes, text);
            writer.WriteString(name, text.AsSpan(0, written));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            CryptographicOperations.ZeroMemory(text);
        }
    }

    /// <summary>Reads a base64url integer; returns <see langword="null"/> for an absent optional field.</summary>
    internal static BigInteger? ReadInteger(JsonElement element, string prefix, string name, bool required)
    {
        string field = prefix + name;
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            if (required)
            {
                throw new KeyFormatException(field, "missing.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new KeyFormatException(field, $"must be a base64url string, not {Describe(value.ValueKind)}.");
        }

        // The raw UTF-8 between the quotes; base64url never needs JSON escapes, so a backslash means invalid input.
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        ReadOnlySpan<byte> text = raw[1..^1];
        int unpadded = text.Length;
        while (unpadded > 0 && text.Length - unpadded < 2 && text[unpadded - 1] == (byte)'=')
        {
            unpadded--;
        }

        if (unpadded == 0)
        {
            throw new KeyFormatException(field, "the base64url string is empty.");
        }

        if (unpadded != text.Length && text.Length % 4 != 0)
        {
            throw new KeyFormatException(field, "the base64url string has misplaced padding.");
        }

        foreach (byte b in text[..unpadded])
        {
            if (!IsBase64UrlCharacter(b))
            {
                throw new KeyFormatException(field, "not a base64url string (only A–Z, a–z, 0–9, '-' and '_' are allowed).");
            }
        }

        if (unpadded % 4 == 1)
        {
            throw new KeyFormatException(field, "the base64url string has an impossible length.");
        }

        int maximumBytes = (2 * PaillierBinaryFormat.MaximumModulusBits / 8) + 1;
        if ((long)unpadded * 3 / 4 > maximumBytes)
        {
            throw new KeyFormatException(field, $"the integer is longer than {maximumBytes} bytes.");
        }

        byte[] bytes = new byte[Base64Url.GetMaxDecodedLength(unpadded)];
        try
        {
            OperationStatus status = Base64Url.DecodeFromUtf8(text[..unpadded], bytes, out _, out int written);
            if (status != OperationStatus.Done)
            {
                throw new KeyFormatException(field, "not a valid base64url string.");
            }

            var result = new BigInteger(bytes.AsSpan(0, written), isUnsigned: true, isBigEndian: true);
            if (result.IsZero)
            {
                throw new KeyFormatException(field, "the integer must be positive.");
            }

            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static bool IsBase64UrlCharacter(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_';

    internal static void RequireObject(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new KeyFormatException(field, $"a JSON Web Key must be a JSON object, not {Describe(element.ValueKind)}.");
        }
    }

    private static void RequireString(JsonElement element, string prefix, string name, string expected)
    {
        string field = prefix + name;
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            throw new KeyFormatException(field, $"missing; it must be \"{expected}\".");
        }

        if (value.ValueKind != JsonValueKind.String || !value.ValueEquals(expected))
        {
            throw new KeyFormatException(field, $"must be \"{expected}\" (python-paillier's Paillier key with g = n + 1).");
        }
    }

    private static void CheckKeyOperations(JsonElement element, string prefix, string operation)
    {
        string field = prefix + "key_ops";
        if (!element.TryGetProperty("key_ops"u8, out JsonElement operations))
        {
            return;
        }

        if (operations.ValueKind != JsonValueKind.Array)
        {
            throw new KeyFormatException(field, $"must be an array of strings, not {Describe(operations.ValueKind)}.");
        }

        bool allowed = false;
        foreach (JsonElement item in operations.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new KeyFormatException(field, $"must be an array of strings; it holds {Describe(item.ValueKind)}.");
            }

            allowed |= item.ValueEquals(operation);
        }

        if (!allowed)
        {
            throw new KeyFormatException(field, $"does not allow \"{operation}\".");
        }
    }

    private static void CheckKeyId(JsonElement element, string prefix)
    {
        if (element.TryGetProperty("kid"u8, out JsonElement kid) && kid.ValueKind != JsonValueKind.String)
        {
            throw new KeyFormatException(prefix + "kid", $"must be a string, not {Describe(kid.ValueKind)}.");
        }
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
