using System.Numerics;
using System.Runtime.InteropServices;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Conversions between <see cref="BigInteger"/> and little-endian arrays of 64-bit limbs, the representation every
/// kernel in <see cref="Arithmetic"/> works on.
/// </summary>
internal static class Limbs
{
    /// <summary>Number of 64-bit limbs needed to hold a non-negative integer of <paramref name="bits"/> bits.</summary>
    public static int CountForBits(long bits) => (int)((bits + 63) / 64);

    /// <summary>Writes a non-negative integer into <paramref name="destination"/> (little-endian limbs), zero-filling the rest.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or does not fit.</exception>
    public static void Write(BigInteger value, Span<ulong> destination)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only non-negative integers have a limb representation.");
        }

        destination.Clear();
        if (!value.TryWriteBytes(MemoryMarshal.AsBytes(destination), out _, isUnsigned: true, isBigEndian: !BitConverter.IsLittleEndian))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The integer does not fit in the destination limbs.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            // Big-endian hosts: the bytes above are a big-endian number; limbs must still be least significant first.
            throw new PlatformNotSupportedException("DeepChain's limb arithmetic requires a little-endian processor.");
        }
    }

    /// <summary>Returns a fresh limb array of length <paramref name="limbCount"/> holding <paramref name="value"/>.</summary>
    public static ulong[] From(BigInteger value, int limbCount)
    {
        var limbs = new ulong[limbCount];
        Write(value, limbs);
        return limbs;
    }

    /// <summary>Reads little-endian limbs as a non-negative integer.</summary>
    public static BigInteger Read(ReadOnlySpan<ulong> limbs) =>
        new(MemoryMarshal.AsBytes(limbs), isUnsigned: true, isBigEndian: false);
}
