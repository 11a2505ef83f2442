using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

/// <summary>
/// An element-wise map from <typeparamref name="TFrom"/> to <typeparamref name="TTo"/> of the same size, written
/// once per width and driven by <see cref="SimdLoop.Transform{TFrom, TTo, TOperator}"/>.
/// </summary>
/// <remarks>
/// Stateful (clip range, scale, offset live in the struct), like <c>TensorPrimitives</c>' stateful operators;
/// implementations are <see langword="readonly"/> structs so the JIT specialises and inlines every call.
/// Every overload must compute exactly what the scalar one computes, lane by lane.
/// </remarks>
internal interface IUnaryVectorOperator<TFrom, TTo>
    where TFrom : unmanaged
    where TTo : unmanaged
{
    /// <summary>Maps one element.</summary>
    TTo Invoke(TFrom x);

    /// <summary>Maps a 16-byte vector.</summary>
    Vector128<TTo> Invoke(Vector128<TFrom> x);

    /// <summary>Maps a 32-byte vector.</summary>
    Vector256<TTo> Invoke(Vector256<TFrom> x);

    /// <summary>Maps a 64-byte vector.</summary>
    Vector512<TTo> Invoke(Vector512<TFrom> x);
}
