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
        Span<byte> seed = stackalloc byte[AesCtrStream.SeedSize];
        RandomNumberGenerator.Fill(seed);
        ulong[] a = CkksSampling.UniformNtt(_context, seed, _context.DataPrimeCount);
        using AesCtrStream noise = AesCtrStream.CreateRandom();
        ulong[] b = CkksSampling.ErrorNtt(_context, noise, _context.DataPrimeCount);

        // b = e − a·s
        int n = _context.Degree;
        ulong[] s = secretKey.Ntt;
        for (int i = 0; i < _context.DataPrimeCount; i++)
        {
            ulong q = _context.Modulus(i);
            Span<ulong> bLimb = b.AsSpan(i * n, n);
            var product = new ulong[n];
            PolynomialKernels.MultiplyMod(a.AsSpan(i * n, n), s.AsSpan(i * n, n), q, product);
            PolynomialKernels.SubtractMod(bLimb, product, q, bLimb);
        }

        return new CkksPublicKey(_context, b, a);
    }
}
