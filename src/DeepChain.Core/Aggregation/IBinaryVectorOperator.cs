using System.Runtime.Intrinsics;

namespace DeepChain.Core.Aggregation;

/// <summary>
/// An element-wise map of two <see cref="float"/> inputs to one, written once per width and driven by
/// <c>VectorLoop.Transform</c>, as <c>TensorPrimitives</c>' binary operators are.
/// </summary>
/// <remarks>Every overload must compute exactly what the scalar one computes, lane by lane, so every rung of the
/// width ladder gives bit-identical results.</remarks>
internal interface IBinaryVectorOperator
{
    /// <summary>Maps one pair of elements.</summary>
    static abstract float Invoke(float x, float y);

    /// <summary>Maps a pair of 16-byte vectors.</summary>
    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    /// <summary>Maps a pair of 32-byte vectors.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    /// <summary>Maps a pair of 64-byte vectors.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator : IBinaryVectorOperator
{
    public static float Invoke(float x, float y) => x + y;

    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y;

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

/// <summary>x·y: with y a broadcast scalar it turns a sum into a mean.</summary>
internal readonly struct MultiplyOperator : IBinaryVectorOperator
{
    public static float Invoke(float x, float y) => x * y;

    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x * y;

    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * y;

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * y;
}
