using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Crypto.Serialization;

/// <summary>
/// A versioned, length-checked binary format for Paillier public keys, private keys, ciphertexts and arrays of
/// ciphertexts, with the export / try-export / import triad of <c>System.Security.Cryptography</c>.
/// </summary>
/// <remarks>
/// <para>Every blob starts with a 4-byte ASCII magic, a version byte (<see cref="CurrentVersion"/>) and a scheme byte
/// (1 = Paillier with g = n + 1). Integers are unsigned big-endian magnitudes preceded by their length as a uint32
/// little-endian; key integers are minimally encoded (no leading zero byte), so a key has exactly one encoding.</para>
/// <list type="table">
/// <listheader><term>blob</term><description>layout after magic, version, scheme</description></listheader>
/// <item><term><c>DCPK</c> public key</term><description>n</description></item>
/// <item><term><c>DCSK</c> private key</term><description>p, q</description></item>
/// <item><term><c>DCCT</c> ciphertext</term><description>8-byte key fingerprint, c as exactly ⌈bits(n²)/8⌉ bytes</description></item>
/// <item><term><c>DCCV</c> ciphertext array</term><description>8-byte key fingerprint, count (uint32 LE), element
/// width w (uint32 LE), then count ciphertexts of exactly w bytes each</description></item>
/// </list>
/// <para>The key fingerprint is the first 8 bytes of SHA-256 over n (big-endian, unsigned), the same value
/// <see cref="PaillierPublicKey.GetFingerprint"/> shows in hex. Ciphertexts are written at the fixed width of n², so a
/// blob's size does not depend on its value.</para>
/// <para>Reading never trusts a length: truncated data, trailing bytes, a wrong magic, an unknown version or scheme, a
/// length that runs past the end, and non-minimal integers raise <see cref="KeyFormatException"/> (keys) or
/// <see cref="CiphertextFormatException"/> (ciphertexts) naming the field. A well-formed ciphertext made under another key
/// raises <see cref="PaillierKeyMismatchException"/>, and one outside Z*<sub>n²</sub> raises
/// <see cref="InvalidCiphertextException"/>. Keys read from a blob are fully validated (primality of p and q with
/// adversarial Miller–Rabin rounds), and moduli above <see cref="MaximumModulusBits"/> bits are refused.</para>
/// <para>Private-key blobs hold secrets: zero them (<see cref="CryptographicOperations.ZeroMemory"/>) when done. Temporary
/// buffers this class uses for secrets are zeroed before they are released.</para>
/// </remarks>
public static class PaillierBinaryFormat
{
    /// <summary>The format version this library writes and reads.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>The largest modulus, in bits, that an imported key may have.</summary>
    public const int MaximumModulusBits = PaillierKeyValidator.MaximumModulusBits;

    internal const byte PaillierScheme = 1;
    internal const int FingerprintSize = 8;

    private const int HeaderSize = BlobWriter.HeaderSize;
    private const int LengthSize = sizeof(uint);
    private const int MaximumModulusBytes = MaximumModulusBits / 8;
    private const int MaximumCiphertextBytes = 2 * MaximumModulusBytes;

    private static ReadOnlySpan<byte> PublicKeyMagic => "DCPK"u8;

    private static ReadOnlySpan<byte> PrivateKeyMagic => "DCSK"u8;

    private static ReadOnlySpan<byte> CiphertextMagic => "DCCT"u8;

    private static ReadOnlySpan<byte> CiphertextArrayMagic => "DCCV"u8;

    /// <summary>Gets the size in bytes of <paramref name="key"/>'s public-key blob.</summary>
    /// <param name="key">The public key.</param>
    /// <returns>6 + 4 + the byte length of n.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static int GetPublicKeySize(PaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HeaderSize + LengthSize + key.N.GetByteCount(isUnsigned: true);
    }

    /// <summary>Exports a public key as a <c>DCPK</c> blob.</summary>
    /// <param name="key">The public key.</param>
    /// <returns>A new array of <see cref="GetPublicKeySize"/> bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static byte[] ExportPublicKey(PaillierPublicKey key)
    {
        var blob = new byte[GetPublicKeySize(key)];
        WritePublicKeyCore(key, blob);
        return blob;
    }

    /// <summary>Exports a public key as a <c>DCPK</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The public key.</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetPublicKeySize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int ExportPublicKey(PaillierPublicKey key, Span<byte> destination)
    {
        int size = GetPublicKeySize(key);
        BlobWriter.CheckDestination(destination, size);
        return WritePublicKeyCore(key, destination);
    }

    /// <summary>Attempts to export a public key as a <c>DCPK</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The public key.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static bool TryExportPublicKey(PaillierPublicKey key, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < GetPublicKeySize(key))
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WritePublicKeyCore(key, destination);
        return true;
    }

    /// <summary>Imports a public key from a <c>DCPK</c> blob.</summary>
    /// <param name="source">Exactly one blob, nothing before or after it.</param>
    /// <returns>The public key.</returns>
    /// <exception cref="KeyFormatException">The blob is malformed, or n is not an acceptable modulus (even, fewer than
    /// <see cref="PaillierPublicKey.MinimumModulusBits"/> or more than <see cref="MaximumModulusBits"/> bits).</exception>
    public static PaillierPublicKey ImportPublicKey(ReadOnlySpan<byte> source) => ImportPublicKey(source, allowInsecureTestSizes: false);

    /// <summary>Test-only: also accepts moduli below <see cref="PaillierPublicKey.MinimumModulusBits"/>.</summary>
    internal static PaillierPublicKey ImportPublicKey(ReadOnlySpan<byte> source, bool allowInsecureTestSizes)
    {
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(PublicKeyMagic, "a Paillier public-key blob");
        BigInteger n = reader.ReadPositiveInteger("n", MaximumModulusBytes);
        reader.ReadEnd();
        return PaillierKeyValidator.PublicKey(n, "n", allowInsecureTestSizes);
    }

    /// <summary>Gets the size in bytes of <paramref name="key"/>'s private-key blob.</summary>
    /// <param name="key">The private key.</param>
    /// <returns>6 + 4 + the byte length of p + 4 + the byte length of q.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static int GetPrivateKeySize(PaillierPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HeaderSize + LengthSize + key.P.GetByteCount(isUnsigned: true) + LengthSize + key.Q.GetByteCount(isUnsigned: true);
    }

    /// <summary>Exports a private key as a <c>DCSK</c> blob.</summary>
    /// <param name="key">The private key.</param>
    /// <returns>A new array of <see cref="GetPrivateKeySize"/> bytes holding the secret primes; zero it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static byte[] ExportPrivateKey(PaillierPrivateKey key)
    {
        var blob = new byte[GetPrivateKeySize(key)];
        WritePrivateKeyCore(key, blob);
        return blob;
    }

    /// <summary>Exports a private key as a <c>DCSK</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The private key.</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetPrivateKeySize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static int ExportPrivateKey(PaillierPrivateKey key, Span<byte> destination)
    {
        int size = GetPrivateKeySize(key);
        BlobWriter.CheckDestination(destination, size);
        return WritePrivateKeyCore(key, destination);
    }

    /// <summary>Attempts to export a private key as a <c>DCSK</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The private key.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static bool TryExportPrivateKey(PaillierPrivateKey key, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < GetPrivateKeySize(key))
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WritePrivateKeyCore(key, destination);
        return true;
    }

    /// <summary>Imports a private key from a <c>DCSK</c> blob.</summary>
    /// <param name="source">Exactly one blob, nothing before or after it.</param>
    /// <returns>The private key.</returns>
    /// <exception cref="KeyFormatException">The blob is malformed, p or q is not prime, p = q, gcd(pq, (p−1)(q−1)) ≠ 1,
    /// or n = pq has fewer than <see cref="PaillierPublicKey.MinimumModulusBits"/> bits.</exception>
    public static PaillierPrivateKey ImportPrivateKey(ReadOnlySpan<byte> source) => ImportPrivateKey(source, allowInsecureTestSizes: false);

    /// <summary>Test-only: also accepts moduli below <see cref="PaillierPublicKey.MinimumModulusBits"/>.</summary>
    internal static PaillierPrivateKey ImportPrivateKey(ReadOnlySpan<byte> source, bool allowInsecureTestSizes)
    {
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(PrivateKeyMagic, "a Paillier private-key blob");
        BigInteger p = reader.ReadPositiveInteger("p", MaximumModulusBytes);
        BigInteger q = reader.ReadPositiveInteger("q", MaximumModulusBytes);
        reader.ReadEnd();
        return PaillierKeyValidator.PrivateKey(p, q, expectedN: null, "p", "q", "n", allowInsecureTestSizes);
    }

    /// <summary>Gets the size in bytes of a ciphertext blob under <paramref name="key"/>.</summary>
    /// <param name="key">The public key.</param>
    /// <returns>6 + 8 + 4 + the byte length of n².</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static int GetCiphertextSize(PaillierPublicKey key) => HeaderSize + FingerprintSize + LengthSize + CiphertextWidth(key);

    /// <summary>Exports a ciphertext as a <c>DCCT</c> blob that records <paramref name="key"/>'s fingerprint.</summary>
    /// <param name="key">The key the ciphertext belongs to.</param>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <returns>A new array of <see cref="GetCiphertextSize"/> bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in Z*<sub>n²</sub>.</exception>
    public static byte[] ExportCiphertext(PaillierPublicKey key, PaillierCiphertext ciphertext)
    {
        CheckCiphertext(key, ciphertext, nameof(ciphertext));
        var blob = new byte[GetCiphertextSize(key)];
        WriteCiphertextCore(key, ciphertext, blob);
        return blob;
    }

    /// <summary>Exports a ciphertext as a <c>DCCT</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The key the ciphertext belongs to.</param>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetCiphertextSize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in Z*<sub>n²</sub>.</exception>
    public static int ExportCiphertext(PaillierPublicKey key, PaillierCiphertext ciphertext, Span<byte> destination)
    {
        CheckCiphertext(key, ciphertext, nameof(ciphertext));
        BlobWriter.CheckDestination(destination, GetCiphertextSize(key));
        return WriteCiphertextCore(key, ciphertext, destination);
    }

    /// <summary>Attempts to export a ciphertext as a <c>DCCT</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The key the ciphertext belongs to.</param>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in Z*<sub>n²</sub>.</exception>
    public static bool TryExportCiphertext(PaillierPublicKey key, PaillierCiphertext ciphertext, Span<byte> destination, out int bytesWritten)
    {
        CheckCiphertext(key, ciphertext, nameof(ciphertext));
        if (destination.Length < GetCiphertextSize(key))
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WriteCiphertextCore(key, ciphertext, destination);
        return true;
    }

    /// <summary>Imports a ciphertext from a <c>DCCT</c> blob and binds it to <paramref name="key"/>.</summary>
    /// <param name="source">Exactly one blob, nothing before or after it.</param>
    /// <param name="key">The key the ciphertext is expected to belong to.</param>
    /// <returns>A ciphertext bound to <paramref name="key"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="CiphertextFormatException">The blob is malformed, or its width does not match the key.</exception>
    /// <exception cref="PaillierKeyMismatchException">The blob records another key's fingerprint.</exception>
    /// <exception cref="InvalidCiphertextException">The value is not in Z*<sub>n²</sub>.</exception>
    public static PaillierCiphertext ImportCiphertext(ReadOnlySpan<byte> source, PaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reader = new BlobReader(source, isCiphertext: true);
        reader.ReadHeader(CiphertextMagic, "a Paillier ciphertext blob");
        ReadOnlySpan<byte> fingerprint = reader.ReadFixed(FingerprintSize, "fingerprint");
        ReadOnlySpan<byte> value = reader.ReadLengthPrefixed("c", MaximumCiphertextBytes);
        reader.ReadEnd();

        CheckFingerprint(fingerprint, key);
        int width = CiphertextWidth(key);
        if (value.Length != width)
        {
            throw reader.Fail("c", $"the ciphertext has {value.Length} bytes; this key's ciphertexts have exactly {width}.");
        }

        return key.Import(new BigInteger(value, isUnsigned: true, isBigEndian: true));
    }

    /// <summary>Gets the size in bytes of a blob of <paramref name="count"/> ciphertexts under <paramref name="key"/>.</summary>
    /// <param name="key">The public key.</param>
    /// <param name="count">The number of ciphertexts.</param>
    /// <returns>6 + 8 + 4 + 4 + count × the byte length of n².</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or the blob would exceed
    /// <see cref="Array.MaxLength"/> bytes.</exception>
    public static int GetCiphertextsSize(PaillierPublicKey key, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long size = HeaderSize + FingerprintSize + LengthSize + LengthSize + ((long)count * CiphertextWidth(key));
        if (size > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The blob would be larger than the largest array.");
        }

        return (int)size;
    }

    /// <summary>Exports ciphertexts as one <c>DCCV</c> blob that records <paramref name="key"/>'s fingerprint.</summary>
    /// <param name="key">The key the ciphertexts belong to.</param>
    /// <param name="ciphertexts">The ciphertexts (possibly none).</param>
    /// <returns>A new array of <see cref="GetCiphertextsSize"/> bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The blob would be too large for an array.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in Z*<sub>n²</sub>.</exception>
    public static byte[] ExportCiphertexts(PaillierPublicKey key, ReadOnlySpan<PaillierCiphertext> ciphertexts)
    {
        CheckCiphertexts(key, ciphertexts);
        var blob = new byte[GetCiphertextsSize(key, ciphertexts.Length)];
        WriteCiphertextsCore(key, ciphertexts, blob);
        return blob;
    }

    /// <summary>Exports ciphertexts as one <c>DCCV</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The key the ciphertexts belong to.</param>
    /// <param name="ciphertexts">The ciphertexts (possibly none).</param>
    /// <param name="destination">Receives the blob; at least <see cref="GetCiphertextsSize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The blob would be too large for an array.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in Z*<sub>n²</sub>.</exception>
    public static int ExportCiphertexts(PaillierPublicKey key, ReadOnlySpan<PaillierCiphertext> ciphertexts, Span<byte> destination)
    {
        CheckCiphertexts(key, ciphertexts);
        BlobWriter.CheckDestination(destination, GetCiphertextsSize(key, ciphertexts.Length));
        return WriteCiphertextsCore(key, ciphertexts, destination);
    }

    /// <summary>Attempts to export ciphertexts as one <c>DCCV</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="key">The key the ciphertexts belong to.</param>
    /// <param name="ciphertexts">The ciphertexts (possibly none).</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The blob would be too large for an array.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in Z*<sub>n²</sub>.</exception>
    public static bool TryExportCiphertexts(PaillierPublicKey key, ReadOnlySpan<PaillierCiphertext> ciphertexts, Span<byte> destination, out int bytesWritten)
    {
        CheckCiphertexts(key, ciphertexts);
        if (destination.Length < GetCiphertextsSize(key, ciphertexts.Length))
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WriteCiphertextsCore(key, ciphertexts, destination);
        return true;
    }

    /// <summary>Imports ciphertexts from a <c>DCCV</c> blob and binds them to <paramref name="key"/>.</summary>
    /// <param name="source">Exactly one blob, nothing before or after it.</param>
    /// <param name="key">The key the ciphertexts are expected to belong to.</param>
    /// <returns>The ciphertexts, in order, bound to <paramref name="key"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="CiphertextFormatException">The blob is malformed (its count and width disagree with its length),
    /// or its width does not match the key.</exception>
    /// <exception cref="PaillierKeyMismatchException">The blob records another key's fingerprint.</exception>
    /// <exception cref="InvalidCiphertextException">A value is not in Z*<sub>n²</sub>; nothing is returned.</exception>
    public static PaillierCiphertext[] ImportCiphertexts(ReadOnlySpan<byte> source, PaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reader = new BlobReader(source, isCiphertext: true);
        reader.ReadHeader(CiphertextArrayMagic, "a Paillier ciphertext-array blob");
        ReadOnlySpan<byte> fingerprint = reader.ReadFixed(FingerprintSize, "fingerprint");
        uint count = reader.ReadUInt32("count");
        uint width = reader.ReadUInt32("width");
        if (width == 0 || width > MaximumCiphertextBytes)
        {
            throw reader.Fail("width", $"the element width {width} is outside 1..{MaximumCiphertextBytes} bytes.");
        }

        ulong declared = (ulong)count * width;
        if (declared != (ulong)reader.Remaining)
        {
            throw reader.Fail("count", $"{count} ciphertexts of {width} bytes need {declared} bytes, but {reader.Remaining} follow the header.");
        }

        ReadOnlySpan<byte> values = reader.ReadFixed((int)declared, "ciphertexts");
        reader.ReadEnd();

        CheckFingerprint(fingerprint, key);
        int expectedWidth = CiphertextWidth(key);
        if (width != (uint)expectedWidth)
        {
            throw reader.Fail("width", $"the ciphertexts have {width} bytes each; this key's ciphertexts have exactly {expectedWidth}.");
        }

        var result = new PaillierCiphertext[count];
        for (int i = 0; i < result.Length; i++)
        {
            var value = new BigInteger(values.Slice(i * expectedWidth, expectedWidth), isUnsigned: true, isBigEndian: true);
            try
            {
                result[i] = key.Import(value);
            }
            catch (InvalidCiphertextException ex)
            {
                throw new InvalidCiphertextException($"Ciphertext {i} of the array is not an element of Z*_{{n^2}} for this key.", ex);
            }
        }

        return result;
    }

    /// <summary>Writes the 8-byte key fingerprint: the first bytes of SHA-256 over n, big-endian and unsigned.</summary>
    internal static void WriteFingerprint(PaillierPublicKey key, Span<byte> destination)
    {
        byte[] modulus = key.N.ToByteArray(isUnsigned: true, isBigEndian: true);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(modulus, hash);
        hash[..FingerprintSize].CopyTo(destination);
    }

    private static int CiphertextWidth(PaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.NSquared.GetByteCount(isUnsigned: true);
    }

    private static void CheckCiphertext(PaillierPublicKey key, PaillierCiphertext ciphertext, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key);
        key.CheckCiphertextIsUnit(ciphertext, parameterName);
    }

    private static void CheckCiphertexts(PaillierPublicKey key, ReadOnlySpan<PaillierCiphertext> ciphertexts)
    {
        foreach (PaillierCiphertext c in ciphertexts)
        {
            CheckCiphertext(key, c, nameof(ciphertexts));
        }
    }

    private static void CheckFingerprint(ReadOnlySpan<byte> fingerprint, PaillierPublicKey key)
    {
        Span<byte> expected = stackalloc byte[FingerprintSize];
        WriteFingerprint(key, expected);
        if (!fingerprint.SequenceEqual(expected))
        {
            throw new PaillierKeyMismatchException(
                $"The ciphertext data was produced under the key with fingerprint {Convert.ToHexStringLower(fingerprint)}, not under {key.GetFingerprint()}.");
        }
    }

    private static int WritePublicKeyCore(PaillierPublicKey key, Span<byte> destination)
    {
        int offset = BlobWriter.WriteHeader(PublicKeyMagic, PaillierScheme, destination);
        offset += BlobWriter.WriteInteger(key.N, destination[offset..]);
        return offset;
    }

    private static int WritePrivateKeyCore(PaillierPrivateKey key, Span<byte> destination)
    {
        int offset = BlobWriter.WriteHeader(PrivateKeyMagic, PaillierScheme, destination);
        offset += BlobWriter.WriteInteger(key.P, destination[offset..]);
        offset += BlobWriter.WriteInteger(key.Q, destination[offset..]);
        return offset;
    }

    private static int WriteCiphertextCore(PaillierPublicKey key, PaillierCiphertext ciphertext, Span<byte> destination)
    {
        int width = CiphertextWidth(key);
        int offset = BlobWriter.WriteHeader(CiphertextMagic, PaillierScheme, destination);
        WriteFingerprint(key, destination.Slice(offset, FingerprintSize));
        offset += FingerprintSize;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], (uint)width);
        offset += LengthSize;
        BlobWriter.WriteFixedWidth(ciphertext.Value, destination.Slice(offset, width));
        return offset + width;
    }

    private static int WriteCiphertextsCore(PaillierPublicKey key, ReadOnlySpan<PaillierCiphertext> ciphertexts, Span<byte> destination)
    {
        int width = CiphertextWidth(key);
        int offset = BlobWriter.WriteHeader(CiphertextArrayMagic, PaillierScheme, destination);
        WriteFingerprint(key, destination.Slice(offset, FingerprintSize));
        offset += FingerprintSize;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], (uint)ciphertexts.Length);
        offset += LengthSize;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], (uint)width);
        offset += LengthSize;
        foreach (PaillierCiphertext c in ciphertexts)
        {
            BlobWriter.WriteFixedWidth(c.Value, destination.Slice(offset, width));
            offset += width;
        }

        return offset;
    }
}
