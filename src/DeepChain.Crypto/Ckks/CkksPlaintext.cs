namespace DeepChain.Crypto.Ckks;

/// <summary>
/// An encoded CKKS plaintext: a polynomial in RNS form (one residue polynomial per limb), in the NTT domain, with the
/// scale it was encoded at.
/// </summary>
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
    public double Scale { get; }

    /// <summary>Limb-major residues in NTT form: limb i occupies [i·N, (i + 1)·N).</summary>
    internal ulong[] Data { get; }

    /// <summary>Describes the plaintext.</summary>
    /// <returns>A string such as <c>CkksPlaintext(level 2, scale 2^40)</c>.</returns>
    public override string ToString() => $"CkksPlaintext(level {Level}, scale 2^{Math.Log2(Scale):0.##})";
}
