namespace DeepChain.Crypto.Encoding;

/// <summary>The widest vector width a <see cref="SimdLoop"/> driver may use, widest rung last.</summary>
/// <remarks>
/// A driver given a path runs every rung from that width down: <see cref="Vector512"/> processes whole
/// 64-byte blocks, then at most one 32-byte block, one 16-byte block and a scalar tail. Forcing a rung that
/// the hardware does not accelerate is allowed and still exact, because the <c>Vector128/256/512</c> APIs
/// fall back to a software implementation with the same per-element semantics; it is only slower.
/// </remarks>
internal enum SimdPath
{
    /// <summary>One element at a time.</summary>
    Scalar = 0,

    /// <summary>16-byte vectors, then the scalar tail.</summary>
    Vector128 = 1,

    /// <summary>32-byte vectors, then the narrower rungs.</summary>
    Vector256 = 2,

    /// <summary>64-byte vectors, then the narrower rungs.</summary>
    Vector512 = 3,
}
