namespace DeepChain.Crypto.Ckks;

/// <summary>
/// An encoded CKKS plaintext: a polynomial in RNS form (one residue polynomial per limb), in the NTT domain, with the
/// scale it was encoded at.
/// </summary>
/// <remarks>
/// A plaintext's level is fixed when it is made; <see cref="CkksEncoder"/> and <see cref="CkksDecryptor"/> can write into
/// one made with <see cref="Create"/> again and again without allocating.
/// </remarks>
public sealed class CkksPlaintext
{
    internal CkksPlaintext(CkksContext context, ulong[] data, int limbCount, double scale)
    {
        Context = context;
        Data = data;
        LimbCount = limbCount;
        Scale = scale;
    }

    /// <summary>Gets the context the plaintext belongs to.</summary>
    public CkksContext Context { get; }

    /// <summary>Gets the number of RNS limbs (data primes) the plaintext is defined over.</summary>
    public int LimbCount { get; }

    /// <summary>Gets the level: the number of rescales still possible (<see cref="LimbCount"/> − 1).</summary>
    public int Level => LimbCount - 1;

    /// <summary>Gets the scale Δ the values were multiplied by.</summary>
    public double Scale { get; internal set; }

    /// <summary>Limb-major residues in NTT form: limb i occupies [i·N, (i + 1)·N).</summary>
    internal ulong[] Data { get; }

    /// <summary>Creates a plaintext to be used as the destination of encoding or decryption: zero, at the default scale and the given level.</summary>
    /// <param name="context">The context.</param>
    /// <param name="level">The level (limb count − 1); the top level (all data primes) when <see langword="null"/>.</param>
    /// <returns>A new plaintext, all zero.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is negative or above the top level.</exception>
    public static CkksPlaintext Create(CkksContext context, int? level = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        int limbs = CheckLevel(context, level, nameof(level));
        return new CkksPlaintext(context, new ulong[limbs * context.Degree], limbs, context.Parameters.DefaultScale);
    }

    /// <summary>The limb count of <paramref name="level"/> (the top level when null), checked against the context.</summary>
    internal static int CheckLevel(CkksContext context, int? level, string parameterName)
    {
        int top = context.DataPrimeCount - 1;
        int value = level ?? top;
        ArgumentOutOfRangeException.ThrowIfNegative(value, parameterName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, top, parameterName);
        return value + 1;
    }

    /// <summary>Describes the plaintext.</summary>
    /// <returns>A string such as <c>CkksPlaintext(level 2, scale 2^40)</c>.</returns>
    public override string ToString() => $"CkksPlaintext(level {Level}, scale 2^{Math.Log2(Scale):0.##})";
}
