using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Ckks;

/// <summary>Decrypts CKKS ciphertexts with the secret key: m = c₀ + c₁·s (+ c₂·s² before relinearization).</summary>
public sealed class CkksDecryptor
{
    private readonly CkksContext _context;
    private readonly CkksSecretKey _secretKey;

    /// <summary>Creates a decryptor.</summary>
    /// <param name="secretKey">The secret key; it must stay undisposed while the decryptor is used.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secretKey"/> is <see langword="null"/>.</exception>
    public CkksDecryptor(CkksSecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        _context = secretKey.Context;
        _secretKey = secretKey;
    }

    /// <summary>Decrypts a ciphertext to a plaintext (decode it with <see cref="CkksEncoder"/>).</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <returns>The plaintext at the ciphertext's level and scale.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext belongs to other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The secret key was disposed.</exception>
    public CkksPlaintext Decrypt(CkksCiphertext ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        CkksMismatchException.ThrowIfOtherContext(_context, ciphertext.Context, nameof(ciphertext));
        int n = _context.Degree, limbs = ciphertext.LimbCount;
        ulong[] s = _secretKey.Ntt;
        var result = new ulong[limbs * n];
        Parallel.For(0, limbs, i =>
        {
            ulong q = _context.Modulus(i);
            Span<ulong> m = result.AsSpan(i * n, n);
            ReadOnlySpan<ulong> si = s.AsSpan(i * n, n);
            ciphertext.Limb(0, i).CopyTo(m);
            if (ciphertext.Size == 2)
            {
                PolynomialKernels.MultiplyAddMod(ciphertext.Limb(1, i), si, q, m);
                return;
            }

            // Horner in s: c₀ + s·(c₁ + s·(c₂ + …)).
            var acc = new ulong[n];
            ciphertext.Limb(ciphertext.Size - 1, i).CopyTo(acc);
            for (int c = ciphertext.Size - 2; c >= 1; c--)
            {
                PolynomialKernels.MultiplyMod(acc, si, q, acc);
                PolynomialKernels.AddMod(acc, ciphertext.Limb(c, i), q, acc);
            }

            PolynomialKernels.MultiplyAddMod(acc, si, q, m);
        });
        return new CkksPlaintext(_context, result, limbs, ciphertext.Scale);
    }
}
