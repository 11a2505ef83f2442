using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Branch-free helpers for code that handles secret values: table lookups whose memory access pattern does not
/// depend on the (secret) index.
/// </summary>
internal static class ConstantTime
{
    /// <summary>All ones when <paramref name="a"/> equals <paramref name="b"/>, zero otherwise, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualMask(int a, int b) => (ulong)(((long)(uint)(a ^ b) - 1) >> 63);

    /// <summary>
    /// Copies entry <paramref name="index"/> of a table of <paramref name="entryCount"/> entries, each
    /// <paramref name="destination"/>.Length limbs long, into <paramref name="destination"/> by reading every entry
    /// and masking, so that the memory access pattern is independent of <paramref name="index"/>.
    /// </summary>
    public static void Select(ReadOnlySpan<ulong> table, int entryCount, int index, Span<ulong> destination)
    {
        int width = destination.Length;
        destination.Clear();
        ref ulong dst = ref MemoryMarshal.GetReference(destination);
        ref ulong src = ref MemoryMarshal.GetReference(table);
        for (int k = 0; k < entryCount; k++)
        {
            ulong mask = EqualMask(k, index);
            ref ulong entry = ref Unsafe.Add(ref src, k * width);
            int l = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var m = Vector512.Create(mask);
                for (; l <= width - Vector512<ulong>.Count; l += Vector512<ulong>.Count)
                {
                    var v = Vector512.LoadUnsafe(ref entry, (nuint)l) & m;
                    (Vector512.LoadUnsafe(ref dst, (nuint)l) | v).StoreUnsafe(ref dst, (nuint)l);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                var m = Vector256.Create(mask);
                for (; l <= width - Vector256<ulong>.Count; l += Vector256<ulong>.Count)
                {
                    var v = Vector256.LoadUnsafe(ref entry, (nuint)l) & m;
                    (Vector256.LoadUnsafe(ref dst, (nuint)l) | v).StoreUnsafe(ref dst, (nuint)l);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                var m = Vector128.Create(mask);
                for (; l <= width - Vector128<ulong>.Count; l += Vector128<ulong>.Count)
                {
                    var v = Vector128.LoadUnsafe(ref entry, (nuint)l) & m;
                    (Vector128.LoadUnsafe(ref dst, (nuint)l) | v).StoreUnsafe(ref dst, (nuint)l);
                }
            }

            for (; l < width; l++)
            {
                Unsafe.Add(ref dst, l) |= Unsafe.Add(ref entry, l) & mask;
            }
        }
    }
}
