using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DeepChain.Crypto.Encoding;

namespace DeepChain.Core.Aggregation;

/// <summary>The one driver loop of the aggregation kernels, specialised by the JIT for every operator struct.</summary>
/// <remarks>
/// Whole vectors of the widest rung <see cref="SimdPath"/> allows, then at most one vector of each narrower rung, then
/// scalars (ImageSharp's "vector prefix, then tail"). Callers validate lengths and overlap; the driver trusts its
/// arguments. The destination may be the very same memory as an input because each block is loaded before it is stored.
/// </remarks>
internal static class VectorLoop
{
    /// <summary>Writes <c>op(x[i], y[i])</c> to <c>destination[i]</c> for every i below <c>x.Length</c>.</summary>
    public static void Transform<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, SimdPath path)
        where TOperator : struct, IBinaryVectorOperator
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        nuint i = 0;

        if (path >= SimdPath.Vector512)
        {
            nuint width = (nuint)Vector512<float>.Count;
            for (; length - i >= width; i += width)
            {
                TOperator.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }

        if (path >= SimdPath.Vector256)
        {
            nuint width = (nuint)Vector256<float>.Count;
            for (; length - i >= width; i += width)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }

        if (path >= SimdPath.Vector128)
        {
            nuint width = (nuint)Vector128<float>.Count;
            for (; length - i >= width; i += width)
            {
                TOperator.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dr, i) = TOperator.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    /// <summary>Writes <c>op(x[i], y)</c> to <c>destination[i]</c> for every i below <c>x.Length</c> (y broadcast).</summary>
    public static void Transform<TOperator>(ReadOnlySpan<float> x, float y, Span<float> destination, SimdPath path)
        where TOperator : struct, IBinaryVectorOperator
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        nuint i = 0;

        if (path >= SimdPath.Vector512)
        {
            nuint width = (nuint)Vector512<float>.Count;
            Vector512<float> yv = Vector512.Create(y);
            for (; length - i >= width; i += width)
            {
                TOperator.Invoke(Vector512.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
            }
        }

        if (path >= SimdPath.Vector256)
        {
            nuint width = (nuint)Vector256<float>.Count;
            Vector256<float> yv = Vector256.Create(y);
            for (; length - i >= width; i += width)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
            }
        }

        if (path >= SimdPath.Vector128)
        {
            nuint width = (nuint)Vector128<float>.Count;
            Vector128<float> yv = Vector128.Create(y);
            for (; length - i >= width; i += width)
            {
                TOperator.Invoke(Vector128.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dr, i) = TOperator.Invoke(Unsafe.Add(ref xr, i), y);
        }
    }
}
