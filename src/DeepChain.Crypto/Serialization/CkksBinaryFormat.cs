using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Crypto.Serialization;

/// <summary>
/// A versioned, length-checked binary format for CKKS parameters, keys and ciphertexts, with residues bit-packed at
/// the width of their prime and fresh secret-key ciphertexts stored seeded (c₁ replaced by its 32-byte seed).
/// </summary>
/// <remarks>
/// <para>Blobs start with a 4-byte magic, the version byte (<see cref="PaillierBinaryFormat.CurrentVersion"/>) and the
/// scheme byte 3 (CKKS). Keys and ciphertexts then carry the 8-byte fingerprint of their parameters (the first bytes of
/// SHA-256 over the parameters blob) and are refused under other parameters.</para>
/// <list type="table">
/// <listheader><term>blob</term><description>layout after magic, version, scheme</description></listheader>
/// <item><term><c>DCKP</c> parameters</term><description>N (uint32), prime count k (uint32), k bit sizes (bytes), scale (float64)</description></item>
/// <item><term><c>DCKC</c> ciphertext</term><description>fingerprint, size (byte), limbs (byte), scale (float64), flags (byte:
/// 1 = seeded), then the residues of every component and limb (only c₀ when seeded) packed at ⌈log₂ qᵢ⌉ bits each,
/// then the 32-byte seed when seeded</description></item>
/// <item><term><c>DCKK</c> public key</term><description>fingerprint, b and a over all primes (special included), packed</description></item>
/// <item><term><c>DCKS</c> secret key</term><description>fingerprint, the N ternary coefficients at 2 bits each</description></item>
/// <item><term><c>DCKR</c> relinearization key</term><description>fingerprint, (bⱼ, aⱼ) for each data prime j, packed over all primes</description></item>
/// <item><term><c>DCKG</c> Galois keys</term><description>fingerprint, count, then per key its element (uint64) and (bⱼ, aⱼ) as in <c>DCKR</c></description></item>
/// </list>
/// <para>Bit-packing alone makes a ciphertext at N = 8192 with primes [60, 40, 40] 140/192 of its 64-bit size; seeding
/// halves that again. Every residue read is checked to be below its prime, so a malformed blob raises
/// <see cref="CiphertextFormatException"/> (ciphertexts) or <see cref="KeyFormatException"/> (parameters and keys) naming
/// the field, never an out-of-range polynomial.</para>
/// </remarks>
public static class CkksBinaryFormat
{
    internal const byte CkksScheme = 3;
    private const int HeaderSize = BlobWriter.HeaderSize;
    private const int FingerprintSize = 8;
    private const int CiphertextFixedSize = HeaderSize + FingerprintSize + 1 + 1 + 8 + 1;

    private static ReadOnlySpan<byte> ParametersMagic => "DCKP"u8;

    private static ReadOnlySpan<byte> CiphertextMagic => "DCKC"u8;

    private static ReadOnlySpan<byte> PublicKeyMagic => "DCKK"u8;

    private static ReadOnlySpan<byte> SecretKeyMagic => "DCKS"u8;

    private static ReadOnlySpan<byte> RelinearizationKeyMagic => "DCKR"u8;

    private static ReadOnlySpan<byte> GaloisKeysMagic => "DCKG"u8;

    /// <summary>Exports parameters as a <c>DCKP</c> blob.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is <see langword="null"/>.</exception>
    public static byte[] ExportParameters(CkksParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var blob = new byte[HeaderSize + 8 + parameters.PrimeBits.Count + 8];
        int position = BlobWriter.WriteHeader(ParametersMagic, CkksScheme, blob);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(position), (uint)parameters.PolyModulusDegree);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(position + 4), (uint)parameters.PrimeBits.Count);
        position += 8;
        foreach (int bits in parameters.PrimeBits)
        {
            blob[position++] = (byte)bits;
        }

        BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(position), parameters.DefaultScale);
        return blob;
    }

    /// <summary>Imports parameters from a <c>DCKP</c> blob (the 128-bit security bounds apply).</summary>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="KeyFormatException">The blob is malformed or describes parameters this library refuses.</exception>
    public static CkksParameters ImportParameters(ReadOnlySpan<byte> source)
    {
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(ParametersMagic, "a CKKS parameters blob", CkksScheme);
        uint degree = reader.ReadUInt32("degree");
        uint count = reader.ReadUInt32("primeCount");
        if (count < 2 || count > 64)
        {
            throw reader.Fail("primeCount", "must be from 2 to 64.");
        }

        var bits = new int[count];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = reader.ReadByte("primeBits");
        }

        double scale = BinaryPrimitives.ReadDoubleLittleEndian(reader.ReadFixed(8, "scale"));
        reader.ReadEnd();
        try
        {
            return new CkksParameters((int)Math.Min(degree, int.MaxValue), bits, scale);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new KeyFormatException(ex.ParamName ?? "parameters", "the parameters are not acceptable: " + ex.Message, ex);
        }
    }

    /// <summary>Gets the size in bytes of <paramref name="ciphertext"/>'s blob (seeded when it can be).</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <returns>The blob size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is <see langword="null"/>.</exception>
    public static int GetCiphertextSize(CkksCiphertext ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        int components = ciphertext.IsSeeded ? 1 : ciphertext.Size;
        long bits = (long)components * PackedLimbBits(ciphertext.Context, ciphertext.LimbCount);
        return CiphertextFixedSize + (int)((bits + 7) / 8) + (ciphertext.IsSeeded ? AesCtrStream.SeedSize : 0);
    }

    /// <summary>Exports a ciphertext as a <c>DCKC</c> blob; a fresh secret-key encryption is written seeded.</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <returns>A new array of <see cref="GetCiphertextSize"/> bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is <see langword="null"/>.</exception>
    public static byte[] ExportCiphertext(CkksCiphertext ciphertext)
    {
        var blob = new byte[GetCiphertextSize(ciphertext)];
        WriteCiphertextCore(ciphertext, blob);
        return blob;
    }

    /// <summary>Exports a ciphertext as a <c>DCKC</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="destination">At least <see cref="GetCiphertextSize"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int ExportCiphertext(CkksCiphertext ciphertext, Span<byte> destination)
    {
        int size = GetCiphertextSize(ciphertext);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination has {destination.Length} bytes; {size} are needed.", nameof(destination));
        }

        return WriteCiphertextCore(ciphertext, destination);
    }

    /// <summary>Attempts to export a ciphertext as a <c>DCKC</c> blob into <paramref name="destination"/>.</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="destination">Receives the blob.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small; nothing is written then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is <see langword="null"/>.</exception>
    public static bool TryExportCiphertext(CkksCiphertext ciphertext, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = destination.Length < GetCiphertextSize(ciphertext) ? 0 : WriteCiphertextCore(ciphertext, destination);
        return bytesWritten > 0;
    }

    /// <summary>Imports a ciphertext (re-expanding c₁ from its seed when seeded).</summary>
    /// <param name="context">The context the ciphertext must belong to.</param>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The ciphertext.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="CiphertextFormatException">The blob is malformed or was made under other parameters.</exception>
    public static CkksCiphertext ImportCiphertext(CkksContext context, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new BlobReader(source, isCiphertext: true);
        reader.ReadHeader(CiphertextMagic, "a CKKS ciphertext blob", CkksScheme);
        ReadFingerprint(ref reader, context);
        int size = reader.ReadByte("size");
        int limbs = reader.ReadByte("limbs");
        double scale = BinaryPrimitives.ReadDoubleLittleEndian(reader.ReadFixed(8, "scale"));
        byte flags = reader.ReadByte("flags");
        if (size is < 2 or > 3)
        {
            throw reader.Fail("size", "a ciphertext has 2 or 3 components.");
        }

        if (limbs < 1 || limbs > context.DataPrimeCount)
        {
            throw reader.Fail("limbs", $"must be from 1 to {context.DataPrimeCount}.");
        }

        if (!(scale >= 1) || double.IsInfinity(scale))
        {
            throw reader.Fail("scale", "must be a finite number of at least 1.");
        }

        if (flags > 1 || (flags == 1 && size != 2))
        {
            throw reader.Fail("flags", "unknown flags, or a seeded ciphertext that is not of size 2.");
        }

        bool seeded = flags == 1;
        int n = context.Degree;
        var data = new ulong[size * limbs * n];
        int stored = seeded ? 1 : size;
        long packedBits = (long)stored * PackedLimbBits(context, limbs);
        ReadOnlySpan<byte> packed = reader.ReadFixed((int)((packedBits + 7) / 8), "residues");
        Unpack(ref reader, context, packed, data.AsSpan(0, stored * limbs * n), limbs);
        byte[]? seed = null;
        if (seeded)
        {
            seed = reader.ReadFixed(AesCtrStream.SeedSize, "seed").ToArray();
            CkksSampling.UniformNtt(context, seed, limbs).CopyTo(data.AsSpan(limbs * n));
        }

        reader.ReadEnd();
        return new CkksCiphertext(context, data, size, limbs, scale) { Seed = seed };
    }

    /// <summary>Exports a public key as a <c>DCKK</c> blob.</summary>
    /// <param name="key">The public key.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static byte[] ExportPublicKey(CkksPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CkksContext context = key.Context;
        int all = context.Moduli.Count;
        long bits = 2L * PackedLimbBits(context, all);
        var blob = new byte[HeaderSize + FingerprintSize + (int)((bits + 7) / 8)];
        int position = BlobWriter.WriteHeader(PublicKeyMagic, CkksScheme, blob);
        Fingerprint(context).CopyTo(blob.AsSpan(position));
        position += FingerprintSize;
        var both = new ulong[key.B.Length + key.A.Length];
        key.B.CopyTo(both, 0);
        key.A.CopyTo(both, key.B.Length);
        Pack(context, both, all, blob.AsSpan(position));
        return blob;
    }

    /// <summary>Imports a public key from a <c>DCKK</c> blob.</summary>
    /// <param name="context">The context the key must belong to.</param>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The public key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The blob is malformed or was made under other parameters.</exception>
    public static CkksPublicKey ImportPublicKey(CkksContext context, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(PublicKeyMagic, "a CKKS public-key blob", CkksScheme);
        ReadFingerprint(ref reader, context);
        int limbs = context.Moduli.Count, n = context.Degree;
        long bits = 2L * PackedLimbBits(context, limbs);
        ReadOnlySpan<byte> packed = reader.ReadFixed((int)((bits + 7) / 8), "residues");
        var both = new ulong[2 * limbs * n];
        Unpack(ref reader, context, packed, both, limbs);
        reader.ReadEnd();
        return new CkksPublicKey(context, both[..(limbs * n)], both[(limbs * n)..]);
    }

    /// <summary>Exports a secret key as a <c>DCKS</c> blob (its N ternary coefficients, 2 bits each).</summary>
    /// <param name="key">The secret key.</param>
    /// <returns>The blob, which holds the secret: zero it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public static byte[] ExportSecretKey(CkksSecretKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CkksContext context = key.Context;
        int n = context.Degree;
        ulong[] coefficients = key.Ntt.AsSpan(0, n).ToArray();
        context.Ntt(0).Inverse(coefficients);
        var blob = new byte[HeaderSize + FingerprintSize + (n / 4)];
        int position = BlobWriter.WriteHeader(SecretKeyMagic, CkksScheme, blob);
        Fingerprint(context).CopyTo(blob.AsSpan(position));
        position += FingerprintSize;
        for (int k = 0; k < n; k++)
        {
            // 0 → 0, 1 → 1, −1 (q − 1) → 2.
            byte code = coefficients[k] == 0 ? (byte)0 : coefficients[k] == 1 ? (byte)1 : (byte)2;
            blob[position + (k / 4)] |= (byte)(code << (2 * (k % 4)));
        }

        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(coefficients.AsSpan()));
        return blob;
    }

    /// <summary>Imports a secret key from a <c>DCKS</c> blob.</summary>
    /// <param name="context">The context the key must belong to.</param>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The secret key; dispose it when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The blob is malformed or was made under other parameters.</exception>
    public static CkksSecretKey ImportSecretKey(CkksContext context, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(SecretKeyMagic, "a CKKS secret-key blob", CkksScheme);
        ReadFingerprint(ref reader, context);
        int n = context.Degree;
        ReadOnlySpan<byte> packed = reader.ReadFixed(n / 4, "coefficients");
        reader.ReadEnd();
        var coefficients = new long[n];
        for (int k = 0; k < n; k++)
        {
            int code = (packed[k / 4] >> (2 * (k % 4))) & 3;
            if (code == 3)
            {
                throw new KeyFormatException("coefficients", "a secret-key coefficient code must be 0, 1 or 2.");
            }

            coefficients[k] = code == 2 ? -1 : code;
        }

        int all = context.Moduli.Count;
        var ntt = new ulong[all * n];
        context.ToRns(coefficients, ntt, all);
        Array.Clear(coefficients);
        context.ForwardNtt(ntt, all);
        return new CkksSecretKey(context, ntt);
    }

    /// <summary>Exports a relinearization key as a <c>DCKR</c> blob: fingerprint, then (bⱼ, aⱼ) for every data prime, packed over all primes.</summary>
    /// <param name="key">The relinearization key.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static byte[] ExportRelinearizationKey(CkksRelinearizationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CkksContext context = key.Context;
        byte[] blob = new byte[HeaderSize + FingerprintSize + SwitchingKeySize(context)];
        int position = BlobWriter.WriteHeader(RelinearizationKeyMagic, CkksScheme, blob);
        Fingerprint(context).CopyTo(blob.AsSpan(position));
        WriteSwitchingKey(key, blob.AsSpan(position + FingerprintSize));
        return blob;
    }

    /// <summary>Imports a relinearization key from a <c>DCKR</c> blob.</summary>
    /// <param name="context">The context the key must belong to.</param>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The relinearization key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The blob is malformed or was made under other parameters.</exception>
    public static CkksRelinearizationKey ImportRelinearizationKey(CkksContext context, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(RelinearizationKeyMagic, "a CKKS relinearization-key blob", CkksScheme);
        ReadFingerprint(ref reader, context);
        (ulong[][] b, ulong[][] a) = ReadSwitchingKey(ref reader, context);
        reader.ReadEnd();
        return new CkksRelinearizationKey(context, b, a);
    }

    /// <summary>Exports Galois keys as a <c>DCKG</c> blob: fingerprint, count (uint32), then per key its Galois element (uint64 LE) and (bⱼ, aⱼ) as in <c>DCKR</c>.</summary>
    /// <param name="keys">The Galois keys.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    public static byte[] ExportGaloisKeys(CkksGaloisKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        CkksContext context = keys.Context;
        int keySize = SwitchingKeySize(context);
        byte[] blob = new byte[HeaderSize + FingerprintSize + 4 + (keys.GaloisElements.Count * (8 + keySize))];
        int position = BlobWriter.WriteHeader(GaloisKeysMagic, CkksScheme, blob);
        Fingerprint(context).CopyTo(blob.AsSpan(position));
        position += FingerprintSize;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(position), (uint)keys.GaloisElements.Count);
        position += 4;
        foreach (ulong element in keys.GaloisElements)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(position), element);
            keys.TryGet(element, out CkksSwitchingKey key);
            WriteSwitchingKey(key, blob.AsSpan(position + 8, keySize));
            position += 8 + keySize;
        }

        return blob;
    }

    /// <summary>Imports Galois keys from a <c>DCKG</c> blob.</summary>
    /// <param name="context">The context the keys must belong to.</param>
    /// <param name="source">Exactly one blob.</param>
    /// <returns>The Galois keys.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The blob is malformed (including an element that is not odd and below 2N, or
    /// repeated), or was made under other parameters.</exception>
    public static CkksGaloisKeys ImportGaloisKeys(CkksContext context, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new BlobReader(source, isCiphertext: false);
        reader.ReadHeader(GaloisKeysMagic, "a CKKS Galois-keys blob", CkksScheme);
        ReadFingerprint(ref reader, context);
        uint count = reader.ReadUInt32("count");
        int keySize = SwitchingKeySize(context);
        if (count > (uint)(reader.Remaining / (8 + keySize)))
        {
            throw reader.Fail("count", $"the declared count {count} is more than the data can hold.");
        }

        var keys = new Dictionary<ulong, CkksSwitchingKey>();
        ulong twoN = 2UL * (ulong)context.Degree;
        for (int k = 0; k < count; k++)
        {
            ulong element = BinaryPrimitives.ReadUInt64LittleEndian(reader.ReadFixed(8, "element"));
            if (element % 2 == 0 || element >= twoN || element == 1 || keys.ContainsKey(element))
            {
                throw reader.Fail("element", "a Galois element must be odd, above 1, below 2N and not repeated.");
            }

            (ulong[][] b, ulong[][] a) = ReadSwitchingKey(ref reader, context);
            keys[element] = new CkksSwitchingKey(context, b, a);
        }

        reader.ReadEnd();
        return new CkksGaloisKeys(context, keys);
    }

    private static int SwitchingKeySize(CkksContext context) =>
        context.DataPrimeCount * 2 * (int)((PackedLimbBits(context, context.Moduli.Count) + 7) / 8);

    private static void WriteSwitchingKey(CkksSwitchingKey key, Span<byte> destination)
    {
        CkksContext context = key.Context;
        int all = context.Moduli.Count;
        int polynomialSize = (int)((PackedLimbBits(context, all) + 7) / 8);
        int position = 0;
        for (int j = 0; j < context.DataPrimeCount; j++)
        {
            position += Pack(context, key.B[j], all, destination.Slice(position, polynomialSize));
            position += Pack(context, key.A[j], all, destination.Slice(position, polynomialSize));
        }
    }

    private static (ulong[][] B, ulong[][] A) ReadSwitchingKey(ref BlobReader reader, CkksContext context)
    {
        int all = context.Moduli.Count, n = context.Degree;
        int polynomialSize = (int)((PackedLimbBits(context, all) + 7) / 8);
        var b = new ulong[context.DataPrimeCount][];
        var a = new ulong[context.DataPrimeCount][];
        for (int j = 0; j < b.Length; j++)
        {
            b[j] = new ulong[all * n];
            a[j] = new ulong[all * n];
            Unpack(ref reader, context, reader.ReadFixed(polynomialSize, "residues"), b[j], all);
            Unpack(ref reader, context, reader.ReadFixed(polynomialSize, "residues"), a[j], all);
        }

        return (b, a);
    }

    /// <summary>The first 8 bytes of SHA-256 over the parameters blob.</summary>
    internal static byte[] Fingerprint(CkksContext context) => SHA256.HashData(ExportParameters(context.Parameters))[..FingerprintSize];

    private static int WriteCiphertextCore(CkksCiphertext ciphertext, Span<byte> destination)
    {
        CkksContext context = ciphertext.Context;
        int size = GetCiphertextSize(ciphertext);
        destination[..size].Clear();
        int position = BlobWriter.WriteHeader(CiphertextMagic, CkksScheme, destination);
        Fingerprint(context).CopyTo(destination[position..]);
        position += FingerprintSize;
        destination[position++] = (byte)ciphertext.Size;
        destination[position++] = (byte)ciphertext.LimbCount;
        BinaryPrimitives.WriteDoubleLittleEndian(destination[position..], ciphertext.Scale);
        position += 8;
        destination[position++] = ciphertext.IsSeeded ? (byte)1 : (byte)0;
        int n = context.Degree;
        int stored = ciphertext.IsSeeded ? 1 : ciphertext.Size;
        position += Pack(context, ciphertext.Data.AsSpan(0, stored * ciphertext.LimbCount * n), ciphertext.LimbCount, destination[position..]);
        if (ciphertext.IsSeeded)
        {
            ciphertext.Seed!.CopyTo(destination[position..]);
            position += AesCtrStream.SeedSize;
        }

        return position;
    }

    private static long PackedLimbBits(CkksContext context, int limbs)
    {
        long bits = 0;
        for (int i = 0; i < limbs; i++)
        {
            bits += (long)ResidueBits(context, i) * context.Degree;
        }

        return bits;
    }

    private static int ResidueBits(CkksContext context, int limb) => 64 - BitOperations.LeadingZeroCount(context.Modulus(limb));

    /// <summary>Packs polynomials (each <paramref name="limbs"/> limbs of N residues) at ⌈log₂ qᵢ⌉ bits per residue; returns bytes written.</summary>
    private static int Pack(CkksContext context, ReadOnlySpan<ulong> polynomials, int limbs, Span<byte> destination)
    {
        int n = context.Degree;
        UInt128 accumulator = 0;
        int pending = 0, position = 0;
        for (int block = 0; block < polynomials.Length / n; block++)
        {
            int width = ResidueBits(context, block % limbs);
            foreach (ulong residue in polynomials.Slice(block * n, n))
            {
                accumulator |= (UInt128)residue << pending;
                pending += width;
                if (pending >= 64)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(destination[position..], (ulong)accumulator);
                    position += 8;
                    accumulator >>= 64;
                    pending -= 64;
                }
            }
        }

        while (pending > 0)
        {
            destination[position++] = (byte)accumulator;
            accumulator >>= 8;
            pending -= 8;
        }

        return position;
    }

    private static void Unpack(ref BlobReader reader, CkksContext context, ReadOnlySpan<byte> packed, Span<ulong> polynomials, int limbs)
    {
        int n = context.Degree;
        UInt128 accumulator = 0;
        int available = 0, position = 0;
        for (int block = 0; block < polynomials.Length / n; block++)
        {
            int limb = block % limbs;
            int width = ResidueBits(context, limb);
            ulong q = context.Modulus(limb), mask = (1UL << width) - 1;
            Span<ulong> target = polynomials.Slice(block * n, n);
            for (int k = 0; k < n; k++)
            {
                while (available < width)
                {
                    accumulator |= (UInt128)packed[position++] << available;
                    available += 8;
                }

                ulong residue = (ulong)accumulator & mask;
                accumulator >>= width;
                available -= width;
                if (residue >= q)
                {
                    throw reader.Fail("residues", $"a residue of limb {limb} is not below its prime.");
                }

                target[k] = residue;
            }
        }

        // The bits after the last residue pad the final byte; they must be zero so every value has one encoding.
        if (accumulator != 0 || position != packed.Length)
        {
            throw reader.Fail("residues", "the padding bits after the last residue are not zero.");
        }
    }

    private static void ReadFingerprint(ref BlobReader reader, CkksContext context)
    {
        if (!reader.ReadFixed(FingerprintSize, "fingerprint").SequenceEqual(Fingerprint(context)))
        {
            throw reader.Fail("fingerprint", $"the blob was made under other CKKS parameters than {context.Parameters}.");
        }
    }
}
