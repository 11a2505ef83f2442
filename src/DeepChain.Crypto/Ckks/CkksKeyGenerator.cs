using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Crypto.Ckks;

/// <summary>Generates CKKS secret and public keys.</summary>
/// <remarks>All randomness comes from <see cref="RandomNumberGenerator"/> (directly, or as the seed of an AES-256-CTR
/// stream for bulk sampling).</remarks>
public sealed class CkksKeyGenerator
{
    private readonly CkksContext _context;

    /// <summary>Creates a key generator.</summary>
    /// <param name="context">The CKKS context.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public CkksKeyGenerator(CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>Draws a fresh uniform ternary secret key.</summary>
    /// <returns>The secret key; dispose it when done.</returns>
    public CkksSecretKey CreateSecretKey()
    {
        using AesCtrStream stream = AesCtrStream.CreateRandom();
        return new CkksSecretKey(_context, CkksSampling.TernaryNtt(_context, stream, _context.Moduli.Count));
    }

    /// <summary>Makes a public key (−a·s + e, a) for a secret key, with a fresh uniform a.</summary>
    /// <param name="secretKey">The secret key.</param>
    /// <returns>The public key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secretKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The key belongs to other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The secret key was disposed.</exception>
    public CkksPublicKey CreatePublicKey(CkksSecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        CkksMismatchException.ThrowIfOtherContext(_context, secretKey.Context, nameof(secretKey));
        // Over every prime, the special one included: public-key encryption runs in that extended basis and then divides
        // by P, which leaves almost no encryption noise (as SEAL does).
        int all = _context.Moduli.Count;
        Span<byte> seed = stackalloc byte[AesCtrStream.SeedSize];
        RandomNumberGenerator.Fill(seed);
        ulong[] a = CkksSampling.UniformNtt(_context, seed, all);
        return new CkksPublicKey(_context, CkksSampling.NegatedProductPlusError(_context, a, secretKey.Ntt), a);
    }

    /// <summary>Makes the relinearization key of a secret key (switches s² to s).</summary>
    /// <param name="secretKey">The secret key.</param>
    /// <returns>The relinearization key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secretKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The key belongs to other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The secret key was disposed.</exception>
    public CkksRelinearizationKey CreateRelinearizationKey(CkksSecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        CkksMismatchException.ThrowIfOtherContext(_context, secretKey.Context, nameof(secretKey));
        int n = _context.Degree;
        ulong[] s = secretKey.Ntt;
        var square = new ulong[s.Length];
        for (int i = 0; i < _context.Moduli.Count; i++)
        {
            PolynomialKernels.MultiplyMod(s.AsSpan(i * n, n), s.AsSpan(i * n, n), _context.Modulus(i), square.AsSpan(i * n, n));
        }

        (ulong[][] b, ulong[][] a) = SwitchingKey(square, s);
        Array.Clear(square);
        return new CkksRelinearizationKey(_context, b, a);
    }

    /// <summary>Makes Galois keys for slot rotations by the given steps (and, optionally, complex conjugation).</summary>
    /// <param name="secretKey">The secret key.</param>
    /// <param name="steps">The rotation steps to support (left for positive); when <see langword="null"/>, ±1, ±2, ±4, … up to
    /// N/4, from which any rotation can be composed.</param>
    /// <param name="includeConjugation">Whether to include the key for complex conjugation.</param>
    /// <returns>The Galois keys.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secretKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The key belongs to other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The secret key was disposed.</exception>
    public CkksGaloisKeys CreateGaloisKeys(CkksSecretKey secretKey, IEnumerable<int>? steps = null, bool includeConjugation = false)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        CkksMismatchException.ThrowIfOtherContext(_context, secretKey.Context, nameof(secretKey));
        var elements = new SortedSet<ulong>();
        IEnumerable<int> wanted = steps ?? DefaultSteps();
        foreach (int step in wanted)
        {
            ulong g = _context.GaloisElementForRotation(step);
            if (g != 1)
            {
                elements.Add(g);
            }
        }

        if (includeConjugation)
        {
            elements.Add((2UL * (ulong)_context.Degree) - 1);
        }

        int n = _context.Degree;
        ulong[] s = secretKey.Ntt;
        var keys = new Dictionary<ulong, CkksSwitchingKey>();
        foreach (ulong g in elements)
        {
            // σ_g(s) in NTT form: to coefficients, permute, back.
            var rotated = new ulong[s.Length];
            var coefficients = new ulong[n];
            for (int i = 0; i < _context.Moduli.Count; i++)
            {
                s.AsSpan(i * n, n).CopyTo(coefficients);
                _context.Ntt(i).Inverse(coefficients);
                _context.ApplyGalois(coefficients, g, _context.Modulus(i), rotated.AsSpan(i * n, n));
                _context.Ntt(i).Forward(rotated.AsSpan(i * n, n));
            }

            Array.Clear(coefficients);
            (ulong[][] b, ulong[][] a) = SwitchingKey(rotated, s);
            Array.Clear(rotated);
            keys[g] = new CkksSwitchingKey(_context, b, a);
        }

        return new CkksGaloisKeys(_context, keys);
    }

    private IEnumerable<int> DefaultSteps()
    {
        for (int step = 1; step < _context.Degree / 2; step <<= 1)
        {
            yield return step;
            yield return -step;
        }
    }

    /// <summary>kⱼ = (bⱼ, aⱼ), bⱼ = −aⱼ·s + eⱼ + [limb j] P·s′, over the data primes and P, for every data prime j.</summary>
    private (ulong[][] B, ulong[][] A) SwitchingKey(ulong[] from, ulong[] to)
    {
        int n = _context.Degree, dataPrimes = _context.DataPrimeCount, all = _context.Moduli.Count;
        var b = new ulong[dataPrimes][];
        var a = new ulong[dataPrimes][];
        Parallel.For(0, dataPrimes, j =>
        {
            Span<byte> seed = stackalloc byte[AesCtrStream.SeedSize];
            RandomNumberGenerator.Fill(seed);
            a[j] = CkksSampling.UniformNtt(_context, seed, all);
            b[j] = CkksSampling.NegatedProductPlusError(_context, a[j], to);

            // The gadget term P·s′ sits in limb j only.
            Span<ulong> bLimb = b[j].AsSpan(j * n, n);
            ulong q = _context.Modulus(j);
            var term = new ulong[n];
            PolynomialKernels.MultiplyScalarMod(from.AsSpan(j * n, n), _context.SpecialModData(j), q, term);
            PolynomialKernels.AddMod(bLimb, term, q, bLimb);
        });
        return (b, a);
    }
}
