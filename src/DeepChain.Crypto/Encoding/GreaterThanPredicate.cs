using System.Numerics;
using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

/// <summary>Holds for an element strictly greater than an inclusive upper bound.</summary>
internal readonly struct GreaterThanPredicate<T> : IVectorPredicate<T>
    where T : unmanaged, IComparisonOperators<T, T, bool>
{
    private readonly T _bound;

    public GreaterThanPredicate(T bound) => _bound = bound;

    public bool Invoke(T x) => x > _bound;

    public Vector128<T> Invoke(Vector128<T> x) => Vector128.GreaterThan(x, Vector128.Create(_bound));

    public Vector256<T> Invoke(Vector256<T> x) => Vector256.GreaterThan(x, Vector256.Create(_bound));

    public Vector512<T> Invoke(Vector512<T> x) => Vector512.GreaterThan(x, Vector512.Create(_bound));
}
