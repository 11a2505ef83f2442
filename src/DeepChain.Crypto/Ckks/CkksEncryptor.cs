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
        int limbs = plaintext.LimbCount;

        // Every residue is written before the ciphertext is seen, so its memory need not be zeroed first.
        var destination = new CkksCiphertext(_context, GC.AllocateUninitializedArray<ulong>(2 * limbs * _context.Degree), 2, limbs, plaintext.Scale);
        EncryptCore(plaintext, destination);
        return destination;
    }

    /// <summary>Encrypts a plaintext at its level and scale into an existing ciphertext, allocating no polynomial.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="destination">A size-2 ciphertext at the plaintext's level (<see cref="CkksCiphertext.Create"/>); its
    /// contents and scale are overwritten. From a secret-key encryptor it becomes seeded (serializable at about half the size).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">An argument belongs to other parameters, or the destination is not of size 2
    /// at the plaintext's level.</exception>
    /// <remarks>The noise is drawn from fresh AES-CTR streams, whose key schedule and 8 KiB of buffers are still allocated
    /// per call (about 9 KiB per stream; one stream for a public-key encryption, two for a secret-key one).</remarks>
    public void Encrypt(CkksPlaintext plaintext, CkksCiphertext destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, 2, plaintext.LimbCount);
        EncryptCore(plaintext, destination);
    }

    private void EncryptCore(CkksPlaintext plaintext, CkksCiphertext destination)
    {
        if (_publicKey is not null)
        {
            EncryptPublic(plaintext, _publicKey, destination);
        }
        else
        {
            EncryptSymmetric(plaintext, _secretKey!, destination);
        }
    }

    private void EncryptPublic(CkksPlaintext plaintext, CkksPublicKey key, CkksCiphertext destination)
    {
        // Encrypt zero in the basis {q₀ … q_{L−1}, P}, divide by P (rounding), then add m: the noise e·u + e₀ + e₁·s shrinks
        // by the factor P, leaving essentially the rounding error. Temporaries come from the array pool and are cleared.
        int n = _context.Degree, limbs = plaintext.LimbCount;
        int[] primes = _context.ExtendedPrimes(limbs);
        int length = primes.Length * n;
        ulong[] u = ArrayPool<ulong>.Shared.Rent(length);
        ulong[] extended0 = ArrayPool<ulong>.Shared.Rent(length);
        ulong[] extended1 = ArrayPool<ulong>.Shared.Rent(length);
        ulong[] data = destination.Data;
        try
        {
            using (AesCtrStream noise = AesCtrStream.CreateRandom())
            {
                CkksSampling.TernaryNttInto(_context, noise, primes, u);
                CkksSampling.ErrorNttInto(_context, noise, primes, extended0);
                CkksSampling.ErrorNttInto(_context, noise, primes, extended1);
            }

            CkksParallel.For(
                primes.Length,
                n,
                (Context: _context, Key: key, Primes: primes, U: u, Extended0: extended0, Extended1: extended1),
                static (s, b) =>
                {
                    int n = s.Context.Degree, prime = s.Primes[b];
                    ulong q = s.Context.Modulus(prime);
                    ReadOnlySpan<ulong> ub = s.U.AsSpan(b * n, n);
                    PolynomialKernels.MultiplyAddMod(s.Key.B.AsSpan(prime * n, n), ub, q, s.Extended0.AsSpan(b * n, n));
                    PolynomialKernels.MultiplyAddMod(s.Key.A.AsSpan(prime * n, n), ub, q, s.Extended1.AsSpan(b * n, n));
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

        destination.SetResult(plaintext.Scale);
    }

    private void EncryptSymmetric(CkksPlaintext plaintext, CkksSecretKey key, CkksCiphertext destination)
    {
        int n = _context.Degree, limbs = plaintext.LimbCount;
        ulong[] s = key.Ntt;
        ulong[] data = destination.Data;
        ulong[] e = ArrayPool<ulong>.Shared.Rent(limbs * n);
        try
        {
            // a, expanded from a fresh seed, is c₁ itself: sample it straight into the destination.
            Span<byte> seed = stackalloc byte[AesCtrStream.SeedSize];
            RandomNumberGenerator.Fill(seed);
            CkksSampling.UniformNttInto(_context, seed, _context.PrefixPrimes(limbs), data.AsSpan(limbs * n, limbs * n));
            using (AesCtrStream noise = AesCtrStream.CreateRandom())
            {
                CkksSampling.ErrorNttInto(_context, noise, _context.PrefixPrimes(limbs), e);
            }

            CkksParallel.For(
                limbs,
                n,
                (Context: _context, Data: data, E: e, S: s, M: plaintext.Data, Limbs: limbs),
                static (t, i) =>
                {
                    int n = t.Context.Degree;
                    ulong q = t.Context.Modulus(i);
                    Span<ulong> c0 = t.Data.AsSpan(i * n, n);
                    PolynomialKernels.MultiplyMod(t.Data.AsSpan((t.Limbs + i) * n, n), t.S.AsSpan(i * n, n), q, c0);
                    PolynomialKernels.SubtractMod(t.E.AsSpan(i * n, n), c0, q, c0);
                    PolynomialKernels.AddMod(c0, t.M.AsSpan(i * n, n), q, c0);
                });
            destination.SetResult(plaintext.Scale);
            seed.CopyTo(destination.SeedBuffer());
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(e, clearArray: true);
        }
    }
}
