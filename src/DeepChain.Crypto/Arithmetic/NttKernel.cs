namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// The implementation <see cref="NttTables"/> and <see cref="PolynomialKernels"/> compute with: the scalar 64-bit path
/// or one SIMD width of 64-bit lanes. Every width gives the same results; a width the hardware does not accelerate still
/// runs (emulated, slowly), so tests and benchmarks can force each rung.
/// </summary>
internal enum NttKernel
{
    /// <summary>Scalar 64-bit arithmetic with <see cref="Math.BigMul(ulong, ulong, out ulong)"/> (<c>mulx</c>).</summary>
    Scalar,

    /// <summary>Two lanes (<see cref="System.Runtime.Intrinsics.Vector128{T}"/>).</summary>
    Vector128,

    /// <summary>Four lanes (<see cref="System.Runtime.Intrinsics.Vector256{T}"/>).</summary>
    Vector256,

    /// <summary>Eight lanes (<see cref="System.Runtime.Intrinsics.Vector512{T}"/>).</summary>
    Vector512,
}
