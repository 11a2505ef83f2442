namespace DeepChain.Crypto.Arithmetic;

/// <summary>The implementation a <see cref="MontgomeryContext"/> multiplies with.</summary>
public enum MontgomeryKernel
{
    /// <summary>64-bit limbs, interleaved product and reduction (FIOS) with <see cref="Math.BigMul(ulong, ulong, out ulong)"/>.</summary>
    Scalar64,

    /// <summary>32-bit digits, product scanning 2 adjacent columns at a time (one per lane) with deferred carries (<see cref="System.Runtime.Intrinsics.Vector128{T}"/>).</summary>
    Vector128,

    /// <summary>32-bit digits, product scanning 4 adjacent columns at a time (one per lane) with deferred carries (<see cref="System.Runtime.Intrinsics.Vector256{T}"/>).</summary>
    Vector256,

    /// <summary>32-bit digits, product scanning 8 adjacent columns at a time (one per lane) with deferred carries (<see cref="System.Runtime.Intrinsics.Vector512{T}"/>).</summary>
    Vector512,
}
