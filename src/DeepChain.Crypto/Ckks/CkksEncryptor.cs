using System.Buffers;
using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Crypto.Ckks;

/// <summary>
/// Encrypts CKKS plaintexts with a public key (anyone) or a secret key (the key holder; the result can be serialized
/// seeded, at about half the size).
/// </summary>
/// <remarks>
/// <para>Public key (b, a): draw a ternary u and errors e₀, e₁; c = (b·u + e₀ + m, a·u + e₁). Secret key s: draw a
/// 32-byte seed, expand it to a uniform a, draw e; c = (−a·s + e + m, a). Because a is a function of the seed, a
/// symmetric ciphertext can be stored as (c₀, seed) and a re-expanded on load (<c>CkksBinaryFormat</c>).</para>
/// <para>Noise is sampled from an AES-256-CTR stream seeded from <see cref="RandomNumberGenerator"/> for each
/// encryption.</para>
/// </remarks>
public sealed class CkksEncryptor
{
    private readonly CkksContext _context;
    private readonly CkksPublicKey? _publicKey;
    private readonly CkksSecretKey? _secretKey;

    /// <summary>Creates a public-key encryptor.</summary>
    /// <param name="publicKey">The public key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="publicKey"/> is <see langword="null"/>.</exception>
    public CkksEncryptor(CkksPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        _context = publicKey.Context;
        _publicKey = publicKey;
    }

    /// <summary>Creates a secret-key (symmetric) encryptor.</summary>
    /// <param name="secretKey">The secret key; it must stay undisposed while the encryptor is used.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secretKey"/> is <see langword="null"/>.</exception>
    public CkksEncryptor(CkksSecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        _context = secretKey.Context;
        _secretKey = secretKey;
    }

    /// <summary>Encrypts a plaintext at its level and scale.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns>A fresh ciphertext; from a secret-key encryptor it remembers its seed, so it can be serialized seeded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The plaintext belongs to other parameters.</exception>
    public CkksCiphertext Encrypt(CkksPlaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
        return _publicKey is not null ? EncryptPublic(plaintext, _publicKey) : EncryptSymmetric(plaintext, _secretKey!);
    }

    private CkksCiphertext EncryptPublic(CkksPlaintext plaintext, CkksPublicKey key)
    {
        // Encrypt zero in the basis {q₀ … q_{L−1}, P}, divide by P (rounding), then add m: the noise e·u + e₀ + e₁·s shrinks
        // by the factor P, leaving essentially the rounding error. Temporaries come from the array pool and are cleared.
        int n = _context.Degree, limbs = plaintext.LimbCount;
        int[] primes = _context.ExtendedPrimes(limbs);
        int length = primes.Length * n;
        ulong[] u = ArrayPool<ulong>.Shared.Rent(length);
        ulong[] extended0 = ArrayPool<ulong>.Shared.Rent(length);
        ulong[] extended1 = ArrayPool<ulong>.Shared.Rent(length);
        var data = new ulong[2 * limbs * n];
        try
        {
            using (AesCtrStream noise = AesCtrStream.CreateRandom())
            {
                CkksSampling.TernaryNttInto(_context, noise, primes, u);
                CkksSampling.ErrorNttInto(_context, noise, primes, extended0);
                CkksSampling.ErrorNttInto(_context, noise, primes, extended1);
            }

            Parallel.For(0, primes.Length, b =>
            {
                int prime = primes[b];
                ulong q = _context.Modulus(prime);
                ReadOnlySpan<ulong> ub = u.AsSpan(b * n, n);
                PolynomialKernels.MultiplyAddMod(key.B.AsSpan(prime * n, n), ub, q, extended0.AsSpan(b * n, n));
                PolynomialKernels.MultiplyAddMod(key.A.AsSpan(prime * n, n), ub, q, extended1.AsSpan(b * n, n));
            });

            _context.DivideByLastBlockInto(extended0, 0, limbs, _context.SpecialIndex, data, 0);
            _context.DivideByLastBlockInto(extended1, 0, limbs, _context.SpecialIndex, data, limbs * n);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(u, clearArray: true);
            ArrayPool<ulong>.Shared.Return(extended0, clearArray: true);
            ArrayPool<ulong>.Shared.Return(extended1, clearArray: true);
        }

        for (int i = 0; i < limbs; i++)
        {
            Span<ulong> c0 = data.AsSpan(i * n, n);
            PolynomialKernels.AddMod(c0, plaintext.Data.AsSpan(i * n, n), _context.Modulus(i), c0);
        }

        return new CkksCiphertext(_context, data, 2, limbs, plaintext.Scale);
    }

    private CkksCiphertext EncryptSymmetric(CkksPlaintext plaintext, CkksSecretKey key)
    {
        int n = _context.Degree, limbs = plaintext.LimbCount;
        var seed = new byte[AesCtrStream.SeedSize];
        RandomNumberGenerator.Fill(seed);
        ulong[] a = CkksSampling.UniformNtt(_context, seed, limbs);
        using AesCtrStream noise = AesCtrStream.CreateRandom();
        ulong[] e = CkksSampling.ErrorNtt(_context, noise, limbs);
        var data = new ulong[2 * limbs * n];
        ulong[] s = key.Ntt;
        Parallel.For(0, limbs, i =>
        {
            ulong q = _context.Modulus(i);
            Span<ulong> c0 = data.AsSpan(i * n, n);
            ReadOnlySpan<ulong> ai = a.AsSpan(i * n, n);
            PolynomialKernels.MultiplyMod(ai, s.AsSpan(i * n, n), q, c0);
            PolynomialKernels.SubtractMod(e.AsSpan(i * n, n), c0, q, c0);
            PolynomialKernels.AddMod(c0, plaintext.Data.AsSpan(i * n, n), q, c0);
            ai.CopyTo(data.AsSpan((limbs + i) * n, n));
        });
        return new CkksCiphertext(_context, data, 2, limbs, plaintext.Scale) { Seed = seed };
    }
}
