using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

/// <summary>
/// A per-element test driven by <see cref="SimdLoop.IndexOfFirst{T, TPredicate}"/>, which finds the first element
/// that satisfies it (a bad input to report by index).
/// </summary>
internal interface IVectorPredicate<T>
    where T : unmanaged
{
    /// <summary>Tests one element.</summary>
    bool Invoke(T x);

    /// <summary>Tests a 16-byte vector; a lane is all ones where the test holds, zero elsewhere.</summary>
    Vector128<T> Invoke(Vector128<T> x);

    /// <summary>Tests a 32-byte vector; a lane is all ones where the test holds, zero elsewhere.</summary>
    Vector256<T> Invoke(Vector256<T> x);

    /// <summary>Tests a 64-byte vector; a lane is all ones where the test holds, zero elsewhere.</summary>
    Vector512<T> Invoke(Vector512<T> x);
}
