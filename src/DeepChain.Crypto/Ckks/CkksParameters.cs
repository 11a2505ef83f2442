using System.Collections.ObjectModel;
using System.Numerics;

namespace DeepChain.Crypto.Ckks;

/// <summary>
/// The parameters of RNS-CKKS: the ring degree N, the bit sizes of the coefficient-modulus primes (the last one is the
/// special prime used only for key switching) and the default scale Δ. Immutable; validated once.
/// </summary>
/// <remarks>
/// <para>The primes are generated deterministically from the bit sizes (the largest primes of each size congruent to
/// 1 modulo 2N, as Microsoft SEAL's <c>CoeffModulus.Create</c> does), so parameters are fully described by N, the bit
/// sizes and the scale. A fresh ciphertext lives modulo the product Q of all primes but the last; each rescale drops one
/// prime, so the number of data primes minus one is the multiplicative depth.</para>
/// <para>Security: with a uniform ternary secret and error of standard deviation ≈ 3.2, the Homomorphic Encryption
/// Standard (Albrecht et al. 2018, Table 1, 128-bit classical security) allows at most 109, 218, 438 and 881 bits of
/// total modulus (all primes, special included) for N = 4096, 8192, 16384 and 32768. Larger totals are refused.</para>
/// </remarks>
public sealed class CkksParameters : IEquatable<CkksParameters>
{
    /// <summary>The largest bit size of one prime.</summary>
    public const int MaximumPrimeBits = 60;

    /// <summary>The smallest bit size of one prime.</summary>
    public const int MinimumPrimeBits = 17;

    private readonly int[] _primeBits;

    /// <summary>Creates CKKS parameters.</summary>
    /// <param name="polyModulusDegree">N ∈ {4096, 8192, 16384, 32768}.</param>
    /// <param name="primeBits">The bit sizes of the primes, at least two (one data prime and the special prime), each from
    /// <see cref="MinimumPrimeBits"/> to <see cref="MaximumPrimeBits"/>.</param>
    /// <param name="defaultScale">Δ, the scale the encoder uses by default; between 1 and the first prime.</param>
    /// <exception cref="ArgumentNullException"><paramref name="primeBits"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, or the total modulus exceeds the 128-bit
    /// security bound for N.</exception>
    public CkksParameters(int polyModulusDegree, IReadOnlyList<int> primeBits, double defaultScale)
        : this(polyModulusDegree, primeBits, defaultScale, allowInsecure: false)
    {
    }

    /// <summary>Test-only: <paramref name="allowInsecure"/> also admits small N (from 8) and over-large moduli.</summary>
    internal CkksParameters(int polyModulusDegree, IReadOnlyList<int> primeBits, double defaultScale, bool allowInsecure)
    {
        ArgumentNullException.ThrowIfNull(primeBits);
        bool standardDegree = polyModulusDegree is 4096 or 8192 or 16384 or 32768;
        if (!standardDegree && !(allowInsecure && polyModulusDegree >= 8 && polyModulusDegree <= 32768 && BitOperations.IsPow2(polyModulusDegree)))
        {
            throw new ArgumentOutOfRangeException(nameof(polyModulusDegree), "N must be 4096, 8192, 16384 or 32768.");
        }

        if (primeBits.Count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(primeBits), "At least two primes are needed: one data prime and the special prime.");
        }

        foreach (int bits in primeBits)
        {
            if (bits < MinimumPrimeBits || bits > MaximumPrimeBits)
            {
                throw new ArgumentOutOfRangeException(nameof(primeBits), $"Each prime must have {MinimumPrimeBits} to {MaximumPrimeBits} bits.");
            }
        }

        int total = primeBits.Sum();
        int limit = MaximumModulusBits(polyModulusDegree);
        if (!allowInsecure && total > limit)
        {
            throw new ArgumentOutOfRangeException(nameof(primeBits),
                $"The primes total {total} bits; N = {polyModulusDegree} allows at most {limit} for 128-bit security (HE Standard).");
        }

        if (!(defaultScale >= 1) || double.IsInfinity(defaultScale) || Math.Log2(defaultScale) >= primeBits[0])
        {
            throw new ArgumentOutOfRangeException(nameof(defaultScale), "The scale must be at least 1 and below the first prime.");
        }

        PolyModulusDegree = polyModulusDegree;
        _primeBits = [.. primeBits];
        PrimeBits = new ReadOnlyCollection<int>(_primeBits);
        DefaultScale = defaultScale;
        IsInsecure = allowInsecure && (!standardDegree || total > limit);
    }

    /// <summary>Gets N, the ring degree; there are N/2 complex slots.</summary>
    public int PolyModulusDegree { get; }

    /// <summary>Gets the number of complex slots, N/2.</summary>
    public int SlotCount => PolyModulusDegree / 2;

    /// <summary>Gets the bit sizes of the primes; the last is the special (key-switching) prime.</summary>
    public IReadOnlyList<int> PrimeBits { get; }

    /// <summary>Gets the number of data primes (all but the special prime); a fresh ciphertext has this many limbs.</summary>
    public int DataPrimeCount => _primeBits.Length - 1;

    /// <summary>Gets the default scale Δ.</summary>
    public double DefaultScale { get; }

    /// <summary>Gets whether these parameters were admitted only through the test path.</summary>
    internal bool IsInsecure { get; }

    /// <summary>The 128-bit-security bound on the total modulus bits for ring degree <paramref name="polyModulusDegree"/>
    /// (HE Standard, ternary secret); 0 for other degrees.</summary>
    /// <param name="polyModulusDegree">N.</param>
    /// <returns>109, 218, 438 or 881.</returns>
    public static int MaximumModulusBits(int polyModulusDegree) => polyModulusDegree switch
    {
        4096 => 109,
        8192 => 218,
        16384 => 438,
        32768 => 881,
        _ => 0,
    };

    /// <summary>A preset at 128-bit security for ring degree <paramref name="polyModulusDegree"/>.</summary>
    /// <param name="polyModulusDegree">N ∈ {4096, 8192, 16384, 32768}.</param>
    /// <returns>N = 4096: primes [40, 29, 40], Δ = 2²⁹ (depth 1); 8192: [60, 40, 40, 60], Δ = 2⁴⁰ (depth 2, SEAL's example);
    /// 16384: [60, 40 ×7, 60], Δ = 2⁴⁰ (depth 7); 32768: [60, 40 ×19, 60], Δ = 2⁴⁰ (depth 19).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="polyModulusDegree"/> has no preset.</exception>
    public static CkksParameters Preset(int polyModulusDegree) => polyModulusDegree switch
    {
        4096 => new CkksParameters(4096, [40, 29, 40], Math.Pow(2, 29)),
        8192 => new CkksParameters(8192, [60, 40, 40, 60], Math.Pow(2, 40)),
        16384 => new CkksParameters(16384, [60, .. Enumerable.Repeat(40, 7), 60], Math.Pow(2, 40)),
        32768 => new CkksParameters(32768, [60, .. Enumerable.Repeat(40, 19), 60], Math.Pow(2, 40)),
        _ => throw new ArgumentOutOfRangeException(nameof(polyModulusDegree), "Presets exist for N = 4096, 8192, 16384 and 32768."),
    };

    /// <inheritdoc/>
    public bool Equals(CkksParameters? other) =>
        other is not null && PolyModulusDegree == other.PolyModulusDegree && DefaultScale.Equals(other.DefaultScale)
        && _primeBits.AsSpan().SequenceEqual(other._primeBits);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CkksParameters);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(PolyModulusDegree, _primeBits.Length, _primeBits.Sum(), DefaultScale);

    /// <summary>Describes the parameters.</summary>
    /// <returns>A string such as <c>CkksParameters(N = 8192, primes [60, 40, 40, 60], scale 2^40)</c>.</returns>
    public override string ToString() =>
        $"CkksParameters(N = {PolyModulusDegree}, primes [{string.Join(", ", _primeBits)}], scale 2^{Math.Log2(DefaultScale):0.##})";
}
