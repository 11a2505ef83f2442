using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;

namespace DeepChain.Core.Ledger;

/// <summary>
/// An ECDSA P-256 public key as the ledger stores it: the 65-byte uncompressed SEC1 point <c>04 ‖ X ‖ Y</c>.
/// </summary>
/// <remarks>
/// A key is only constructed from a point that lies on the curve. Signatures are the 64-byte IEEE P1363 form
/// <c>r ‖ s</c> with the "low-S" rule (s ≤ n/2) enforced on both signing and verification, so a signature has one
/// valid encoding and cannot be altered into a second valid one.
/// </remarks>
public sealed class LedgerPublicKey : IEquatable<LedgerPublicKey>
{
    /// <summary>The size of an encoded key in bytes.</summary>
    public const int EncodedSize = 65;

    /// <summary>The size of a signature in bytes.</summary>
    public const int SignatureSize = 64;

    private const int CoordinateSize = 32;

    // The order n of the P-256 group, and n / 2 (the largest "low" s).
    private static readonly BigInteger s_order = BigInteger.Parse(
        "0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber,
        System.Globalization.CultureInfo.InvariantCulture);

    private static readonly BigInteger s_halfOrder = s_order >> 1;

    // Keys already checked to be on the curve, by address: a chain names few distinct senders, and importing (which
    // validates the point) costs more than verifying a signature. Bounded, so unknown keys cannot grow it forever.
    private const int KnownKeysLimit = 4096;
    private static readonly ConcurrentDictionary<AccountAddress, LedgerPublicKey> s_knownKeys = new();

    private readonly byte[] _encoded;

    // Imported ECDsa objects ready to verify; one is taken per verification, so threads never share one.
    private readonly ConcurrentBag<ECDsa> _verifiers = [];

    private LedgerPublicKey(byte[] encoded, AccountAddress address)
    {
        _encoded = encoded;
        Address = address;
    }

    /// <summary>Gets the account address of the key: the SHA-256 of its encoding.</summary>
    public AccountAddress Address { get; }

    /// <summary>Gets the 65-byte encoding of the key.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Reads a key from its 65-byte uncompressed SEC1 encoding.</summary>
    /// <param name="encoded">The encoding.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The bytes are not an uncompressed P-256 point on the curve.</exception>
    public static LedgerPublicKey FromEncoded(ReadOnlySpan<byte> encoded)
    {
        if (!TryFromEncoded(encoded, out LedgerPublicKey? key, out string? reason))
        {
            throw new FormatException(reason);
        }

        return key;
    }

    /// <summary>Tries to read a key from its 65-byte uncompressed SEC1 encoding.</summary>
    /// <param name="encoded">The encoding.</param>
    /// <param name="key">The key, when the encoding is valid.</param>
    /// <param name="reason">Why the encoding is not a key, when it is not.</param>
    /// <returns><see langword="true"/> when the bytes are an uncompressed P-256 point on the curve.</returns>
    public static bool TryFromEncoded(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out LedgerPublicKey? key, [NotNullWhen(false)] out string? reason)
    {
        key = null;
        if (encoded.Length != EncodedSize)
        {
            reason = $"a public key has {EncodedSize} bytes; {encoded.Length} were given";
            return false;
        }

        if (encoded[0] != 0x04)
        {
            reason = $"a public key must be an uncompressed point (first byte 0x04); it starts with 0x{encoded[0]:x2}";
            return false;
        }

        var address = new AccountAddress(Digest32.Sha256(encoded));
        if (s_knownKeys.TryGetValue(address, out LedgerPublicKey? known) && encoded.SequenceEqual(known._encoded))
        {
            key = known;
            reason = null;
            return true;
        }

        ECDsa ecdsa;
        try
        {
            ecdsa = ECDsa.Create(ToParameters(encoded));
        }
        catch (CryptographicException)
        {
            reason = "the public key is not a point on the P-256 curve";
            return false;
        }

        key = new LedgerPublicKey(encoded.ToArray(), address);
        key._verifiers.Add(ecdsa);
        if (s_knownKeys.Count < KnownKeysLimit)
        {
            s_knownKeys.TryAdd(address, key);
        }

        reason = null;
        return true;
    }

    /// <summary>Verifies a signature over a 32-byte hash.</summary>
    /// <param name="hash">The hash that was signed.</param>
    /// <param name="signature">The 64-byte P1363 signature.</param>
    /// <returns><see langword="true"/> when the signature is a valid low-S signature by this key.</returns>
    public bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize || !IsLowS(signature))
        {
            return false;
        }

        // Verification runs on many threads at once when a store is opened: each call takes its own ECDsa object.
        if (!_verifiers.TryTake(out ECDsa? ecdsa))
        {
            ecdsa = ECDsa.Create(ToParameters(_encoded));
        }

        try
        {
            return ecdsa.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            _verifiers.Add(ecdsa);
        }
    }

    /// <summary>Tells whether a P1363 signature has s ≤ n/2.</summary>
    internal static bool IsLowS(ReadOnlySpan<byte> signature) =>
        new BigInteger(signature[CoordinateSize..], isUnsigned: true, isBigEndian: true) <= s_halfOrder;

    /// <summary>Rewrites s as n − s when s &gt; n/2 (both verify; only the low one is accepted).</summary>
    internal static void NormalizeToLowS(Span<byte> signature)
    {
        var s = new BigInteger(signature[CoordinateSize..], isUnsigned: true, isBigEndian: true);
        if (s > s_halfOrder)
        {
            Span<byte> field = signature[CoordinateSize..];
            field.Clear();
            BigInteger low = s_order - s;
            int length = low.GetByteCount(isUnsigned: true);
            low.TryWriteBytes(field[(CoordinateSize - length)..], out _, isUnsigned: true, isBigEndian: true);
        }
    }

    internal static ECParameters ToParameters(ReadOnlySpan<byte> encoded) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = encoded.Slice(1, CoordinateSize).ToArray(), Y = encoded.Slice(1 + CoordinateSize, CoordinateSize).ToArray() },
    };

    /// <inheritdoc/>
    public bool Equals(LedgerPublicKey? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LedgerPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => Address.GetHashCode();

    /// <summary>Returns the key's account address in hex.</summary>
    /// <returns>A short description naming the address.</returns>
    public override string ToString() => $"P-256 key of {Address}";
}
