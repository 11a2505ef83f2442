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
        int done = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Sixteen limbs at a time held in registers across all entries: one load, AND and OR per entry and vector.
            for (; done <= width - 16; done += 16)
            {
                Vector256<ulong> r0 = Vector256<ulong>.Zero, r1 = r0, r2 = r0, r3 = r0;
                for (int k = 0; k < entryCount; k++)
                {
                    var m = Vector256.Create(EqualMask(k, index));
                    ref ulong entry = ref Unsafe.Add(ref src, (k * width) + done);
                    r0 |= Vector256.LoadUnsafe(ref entry) & m;
                    r1 |= Vector256.LoadUnsafe(ref entry, 4) & m;
                    r2 |= Vector256.LoadUnsafe(ref entry, 8) & m;
                    r3 |= Vector256.LoadUnsafe(ref entry, 12) & m;
                }

                r0.StoreUnsafe(ref dst, (nuint)done);
                r1.StoreUnsafe(ref dst, (nuint)done + 4);
                r2.StoreUnsafe(ref dst, (nuint)done + 8);
                r3.StoreUnsafe(ref dst, (nuint)done + 12);
            }

            if (done == width)
            {
                return;
            }

            dst = ref Unsafe.Add(ref dst, done);
            src = ref Unsafe.Add(ref src, done);
        }

        // The remaining columns of every entry (all of them without 256-bit vectors); entries stay width apart.
        int rest = width - done;
        for (int k = 0; k < entryCount; k++)
        {
            ulong mask = EqualMask(k, index);
            ref ulong entry = ref Unsafe.Add(ref src, k * width);
            int l = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var m = Vector512.Create(mask);
                for (; l <= rest - Vector512<ulong>.Count; l += Vector512<ulong>.Count)
                {
                    var v = Vector512.LoadUnsafe(ref entry, (nuint)l) & m;
                    (Vector512.LoadUnsafe(ref dst, (nuint)l) | v).StoreUnsafe(ref dst, (nuint)l);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                var m = Vector256.Create(mask);
                for (; l <= rest - Vector256<ulong>.Count; l += Vector256<ulong>.Count)
                {
                    var v = Vector256.LoadUnsafe(ref entry, (nuint)l) & m;
                    (Vector256.LoadUnsafe(ref dst, (nuint)l) | v).StoreUnsafe(ref dst, (nuint)l);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                var m = Vector128.Create(mask);
                for (; l <= rest - Vector128<ulong>.Count; l += Vector128<ulong>.Count)
                {
                    var v = Vector128.LoadUnsafe(ref entry, (nuint)l) & m;
                    (Vector128.LoadUnsafe(ref dst, (nuint)l) | v).StoreUnsafe(ref dst, (nuint)l);
                }
            }

            for (; l < rest; l++)
            {
                Unsafe.Add(ref dst, l) |= Unsafe.Add(ref entry, l) & mask;
            }
        }
    }
}
