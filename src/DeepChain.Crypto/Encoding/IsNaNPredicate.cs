using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

/// <summary>Holds for a NaN; infinities do not match.</summary>
internal readonly struct IsNaNPredicate : IVectorPredicate<float>
{
    public bool Invoke(float x) => float.IsNaN(x);

    public Vector128<float> Invoke(Vector128<float> x) => Vector128.IsNaN(x);

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.IsNaN(x);

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.IsNaN(x);
}
