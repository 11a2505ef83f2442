namespace DeepChain.Crypto.Ckks;

/// <summary>
/// A CKKS ciphertext: two (or, after a multiplication before relinearization, three) RNS polynomials in the NTT domain,
/// with its level and scale. Every operation checks that its operands share context, level and scale.
/// </summary>
public sealed class CkksCiphertext
{
    internal CkksCiphertext(CkksContext context, ulong[] data, int size, int limbCount, double scale)
    {
        Context = context;
        Data = data;
        Size = size;
        LimbCount = limbCount;
        Scale = scale;
    }

    /// <summary>Gets the context the ciphertext belongs to.</summary>
    public CkksContext Context { get; }

    /// <summary>Gets the number of polynomials (2 for a fresh or relinearized ciphertext).</summary>
    public int Size { get; }

    /// <summary>Gets the number of RNS limbs.</summary>
    public int LimbCount { get; }

    /// <summary>Gets the level: the number of rescales still possible (<see cref="LimbCount"/> − 1).</summary>
    public int Level => LimbCount - 1;

    /// <summary>Gets the scale of the encrypted values.</summary>
    public double Scale { get; }

    /// <summary>The 32-byte seed of c₁ for a fresh secret-key encryption (so it can be serialized seeded); otherwise null.</summary>
    internal byte[]? Seed { get; set; }

    /// <summary>Gets whether this ciphertext can be serialized in seeded form (a fresh secret-key encryption).</summary>
    public bool IsSeeded => Seed is not null;

    /// <summary>Component-major, then limb-major residues: component c, limb i at [(c·L + i)·N, …).</summary>
    internal ulong[] Data { get; }

    internal Span<ulong> Component(int index) => Data.AsSpan(index * LimbCount * Context.Degree, LimbCount * Context.Degree);

    internal Span<ulong> Limb(int component, int limb) => Data.AsSpan(((component * LimbCount) + limb) * Context.Degree, Context.Degree);

    /// <summary>Describes the ciphertext.</summary>
    /// <returns>A string such as <c>CkksCiphertext(size 2, level 2, scale 2^40)</c>.</returns>
    public override string ToString() => $"CkksCiphertext(size {Size}, level {Level}, scale 2^{Math.Log2(Scale):0.##})";
}
