namespace DeepChain.Crypto.Ckks;

/// <summary>
/// A CKKS ciphertext: two (or, after a multiplication before relinearization, three) RNS polynomials in the NTT domain,
/// with its level and scale. Every operation checks that its operands share context, level and scale.
/// </summary>
/// <remarks>
/// A ciphertext's size and level are fixed when it is made; the operations that take a destination overwrite its
/// polynomials and scale, so one ciphertext made with <see cref="Create"/> can receive result after result without
/// allocating.
/// </remarks>
public sealed class CkksCiphertext
{
    private byte[]? _seed;
    private bool _seeded;

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
    public double Scale { get; internal set; }

    /// <summary>The 32-byte seed of c₁ for a fresh secret-key encryption (so it can be serialized seeded); otherwise null.</summary>
    internal byte[]? Seed
    {
        get => _seeded ? _seed : null;
        set
        {
            _seed = value ?? _seed;
            _seeded = value is not null;
        }
    }

    /// <summary>Gets whether this ciphertext can be serialized in seeded form (a fresh secret-key encryption).</summary>
    public bool IsSeeded => _seeded;

    /// <summary>Component-major, then limb-major residues: component c, limb i at [(c·L + i)·N, …).</summary>
    internal ulong[] Data { get; }

    /// <summary>
    /// Creates a ciphertext to be used as the destination of operations: the trivial encryption of zero at the default
    /// scale, of the given size and level.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="size">The number of polynomials: 2, or 3 for the destination of <see cref="CkksEvaluator.Multiply(CkksCiphertext, CkksCiphertext, CkksCiphertext)"/>.</param>
    /// <param name="level">The level (limb count − 1); the top level (all data primes) when <see langword="null"/>.</param>
    /// <returns>A new ciphertext, all zero.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not 2 or 3, or <paramref name="level"/> is
    /// negative or above the top level.</exception>
    /// <remarks>Its memory is zeroed (never left uninitialized), so a destination serialized before it is written shows
    /// nothing but zeros.</remarks>
    public static CkksCiphertext Create(CkksContext context, int size = 2, int? level = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 3);
        int limbs = CkksPlaintext.CheckLevel(context, level, nameof(level));
        return new CkksCiphertext(context, new ulong[size * limbs * context.Degree], size, limbs, context.Parameters.DefaultScale);
    }

    /// <summary>Marks the ciphertext as a fresh secret-key encryption and returns its 32-byte seed buffer to fill (allocated once).</summary>
    internal byte[] SeedBuffer()
    {
        _seed ??= new byte[Sampling.AesCtrStream.SeedSize];
        _seeded = true;
        return _seed;
    }

    /// <summary>Records a result just written to <see cref="Data"/>: its scale; it is no longer a fresh seeded encryption.</summary>
    internal void SetResult(double scale)
    {
        Scale = scale;
        _seeded = false;
    }

    internal Span<ulong> Component(int index) => Data.AsSpan(index * LimbCount * Context.Degree, LimbCount * Context.Degree);

    internal Span<ulong> Limb(int component, int limb) => Data.AsSpan(((component * LimbCount) + limb) * Context.Degree, Context.Degree);

    /// <summary>Describes the ciphertext.</summary>
    /// <returns>A string such as <c>CkksCiphertext(size 2, level 2, scale 2^40)</c>.</returns>
    public override string ToString() => $"CkksCiphertext(size {Size}, level {Level}, scale 2^{Math.Log2(Scale):0.##})";
}
