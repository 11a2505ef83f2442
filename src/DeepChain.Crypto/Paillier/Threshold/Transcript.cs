using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// Unambiguous encoding of the values hashed into Fiat–Shamir transcripts and key digests: every integer is its
/// 4-byte big-endian length followed by its minimal unsigned big-endian bytes, so no two sequences of values hash alike.
/// </summary>
internal static class Transcript
{
    public static void AppendInteger(IncrementalHash hash, BigInteger value)
    {
        int length = value.IsZero ? 0 : value.GetByteCount(isUnsigned: true);
        byte[] buffer = new byte[4 + length];
        BinaryPrimitives.WriteInt32BigEndian(buffer, length);
        if (length > 0)
        {
            value.TryWriteBytes(buffer.AsSpan(4), out _, isUnsigned: true, isBigEndian: true);
        }

        hash.AppendData(buffer);
    }

    public static void AppendInt32(IncrementalHash hash, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        hash.AppendData(buffer);
    }
}
