using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

/// <summary>
/// The generic driver loops of the encoding kernels: each is written once and specialised by the JIT for every
/// operator struct, as <c>TensorPrimitives</c> does.
/// </summary>
/// <remarks>
/// Shape of every loop (ImageSharp's "vector prefix, then tail"): whole vectors of the widest rung that
/// <see cref="SimdPath"/> allows, then at most one vector of each narrower rung, then scalars. Callers validate
/// lengths and overlap; the drivers trust their arguments. A destination may be the very same memory as the
/// source (in place) because every block is loaded before the block at the same or a lower address is stored.
/// </remarks>
internal static class SimdLoop
{
    /// <summary>Writes <c>op(source[i])</c> to <c>destination[i]</c> for every i below <c>source.Length</c>.</summary>
    public static void Transform<TFrom, TTo, TOperator>(
        ReadOnlySpan<TFrom> source, Span<TTo> destination, TOperator op, SimdPath path)
        where TFrom : unmanaged
        where TTo : unmanaged
        where TOperator : struct, IUnaryVectorOperator<TFrom, TTo>
    {
        Debug.Assert(Unsafe.SizeOf<TFrom>() == Unsafe.SizeOf<TTo>());
        Debug.Assert(destination.Length >= source.Length);

        ref TFrom src = ref MemoryMarshal.GetReference(source);
        ref TTo dst = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)source.Length;
        nuint i = 0;

        if (path >= SimdPath.Vector512)
        {
            nuint width = (nuint)Vector512<TFrom>.Count;
            for (; length - i >= width; i += width)
            {
                op.Invoke(Vector512.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
            }
        }

        if (path >= SimdPath.Vector256)
        {
            nuint width = (nuint)Vector256<TFrom>.Count;
            for (; length - i >= width; i += width)
            {
                op.Invoke(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
            }
        }

        if (path >= SimdPath.Vector128)
        {
            nuint width = (nuint)Vector128<TFrom>.Count;
            for (; length - i >= width; i += width)
            {
                op.Invoke(Vector128.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) = op.Invoke(Unsafe.Add(ref src, i));
        }
    }

    /// <summary>
    /// Writes <c>op(source[i])</c> to <c>destination[i]</c> for every i below <c>source.Length</c>, where a
    /// destination element is half the size of a source element.
    /// </summary>
    public static void TransformNarrowing<TFrom, TTo, TOperator>(
        ReadOnlySpan<TFrom> source, Span<TTo> destination, TOperator op, SimdPath path)
        where TFrom : unmanaged
        where TTo : unmanaged
        where TOperator : struct, INarrowingVectorOperator<TFrom, TTo>
    {
        Debug.Assert(Unsafe.SizeOf<TFrom>() == 2 * Unsafe.SizeOf<TTo>());
        Debug.Assert(destination.Length >= source.Length);

        ref TFrom src = ref MemoryMarshal.GetReference(source);
        ref TTo dst = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)source.Length;
        nuint i = 0;

        if (path >= SimdPath.Vector512)
        {
            nuint half = (nuint)Vector512<TFrom>.Count;
            for (; length - i >= 2 * half; i += 2 * half)
            {
                op.Invoke(Vector512.LoadUnsafe(ref src, i), Vector512.LoadUnsafe(ref src, i + half))
                    .StoreUnsafe(ref dst, i);
            }
        }

        if (path >= SimdPath.Vector256)
        {
            nuint half = (nuint)Vector256<TFrom>.Count;
            for (; length - i >= 2 * half; i += 2 * half)
            {
                op.Invoke(Vector256.LoadUnsafe(ref src, i), Vector256.LoadUnsafe(ref src, i + half))
                    .StoreUnsafe(ref dst, i);
            }
        }

        if (path >= SimdPath.Vector128)
        {
            nuint half = (nuint)Vector128<TFrom>.Count;
            for (; length - i >= 2 * half; i += 2 * half)
            {
                op.Invoke(Vector128.LoadUnsafe(ref src, i), Vector128.LoadUnsafe(ref src, i + half))
                    .StoreUnsafe(ref dst, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) = op.Invoke(Unsafe.Add(ref src, i));
        }
    }

    /// <summary>Returns the index of the first element that satisfies <paramref name="predicate"/>, or -1.</summary>
    public static int IndexOfFirst<T, TPredicate>(ReadOnlySpan<T> values, TPredicate predicate, SimdPath path)
        where T : unmanaged
        where TPredicate : struct, IVectorPredicate<T>
    {
        ref T src = ref MemoryMarshal.GetReference(values);
        nuint length = (nuint)values.Length;
        nuint i = 0;

        if (path >= SimdPath.Vector512)
        {
            nuint width = (nuint)Vector512<T>.Count;
            for (; length - i >= width; i += width)
            {
                ulong hits = predicate.Invoke(Vector512.LoadUnsafe(ref src, i)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return (int)i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }

        if (path >= SimdPath.Vector256)
        {
            nuint width = (nuint)Vector256<T>.Count;
            for (; length - i >= width; i += width)
            {
                uint hits = predicate.Invoke(Vector256.LoadUnsafe(ref src, i)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return (int)i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }

        if (path >= SimdPath.Vector128)
        {
            nuint width = (nuint)Vector128<T>.Count;
            for (; length - i >= width; i += width)
            {
                uint hits = predicate.Invoke(Vector128.LoadUnsafe(ref src, i)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return (int)i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }

        for (; i < length; i++)
        {
            if (predicate.Invoke(Unsafe.Add(ref src, i)))
            {
                return (int)i;
            }
        }

        return -1;
    }
}
