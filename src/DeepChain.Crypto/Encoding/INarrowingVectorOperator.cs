using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

/// <summary>
/// An element-wise map from <typeparamref name="TFrom"/> to a <typeparamref name="TTo"/> half its size, driven by
/// <see cref="SimdLoop.TransformNarrowing{TFrom, TTo, TOperator}"/>: two input vectors make one output vector.
/// </summary>
/// <remarks>Every overload must compute exactly what the scalar one computes, lane by lane.</remarks>
internal interface INarrowingVectorOperator<TFrom, TTo>
    where TFrom : unmanaged
    where TTo : unmanaged
{
    /// <summary>Maps one element.</summary>
    TTo Invoke(TFrom x);

    /// <summary>Maps two 16-byte vectors (lower lanes first) to one.</summary>
    Vector128<TTo> Invoke(Vector128<TFrom> lower, Vector128<TFrom> upper);

    /// <summary>Maps two 32-byte vectors (lower lanes first) to one.</summary>
    Vector256<TTo> Invoke(Vector256<TFrom> lower, Vector256<TFrom> upper);

    /// <summary>Maps two 64-byte vectors (lower lanes first) to one.</summary>
    Vector512<TTo> Invoke(Vector512<TFrom> lower, Vector512<TFrom> upper);
}
