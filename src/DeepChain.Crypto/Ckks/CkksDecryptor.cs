using System.Buffers;
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
        int limbs = ciphertext.LimbCount;
        var destination = new CkksPlaintext(_context, GC.AllocateUninitializedArray<ulong>(limbs * _context.Degree), limbs, ciphertext.Scale);
        DecryptCore(ciphertext, destination);
        return destination;
    }

    /// <summary>Decrypts a ciphertext into an existing plaintext, allocating nothing.</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="destination">A plaintext at the ciphertext's level (<see cref="CkksPlaintext.Create"/>); its contents and
    /// scale are overwritten.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">An argument belongs to other parameters, or the destination is at another level.</exception>
    /// <exception cref="ObjectDisposedException">The secret key was disposed.</exception>
    public void Decrypt(CkksCiphertext ciphertext, CkksPlaintext destination)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        CkksMismatchException.ThrowIfOtherContext(_context, ciphertext.Context, nameof(ciphertext));
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, ciphertext.LimbCount);
        DecryptCore(ciphertext, destination);
    }

    private void DecryptCore(CkksCiphertext ciphertext, CkksPlaintext destination)
    {
        int n = _context.Degree, limbs = ciphertext.LimbCount;
        ulong[] s = _secretKey.Ntt;

        // Horner in s for sizes above 2 needs one limb of scratch per limb.
        ulong[]? scratch = ciphertext.Size > 2 ? ArrayPool<ulong>.Shared.Rent(limbs * n) : null;
        try
        {
            CkksParallel.For(
                limbs,
                n,
                (Context: _context, Ciphertext: ciphertext, S: s, M: destination.Data, Scratch: scratch),
                static (t, i) =>
                {
                    int n = t.Context.Degree;
                    ulong q = t.Context.Modulus(i);
                    Span<ulong> m = t.M.AsSpan(i * n, n);
                    ReadOnlySpan<ulong> si = t.S.AsSpan(i * n, n);
                    CkksCiphertext c = t.Ciphertext;
                    c.Limb(0, i).CopyTo(m);
                    if (c.Size == 2)
                    {
                        PolynomialKernels.MultiplyAddMod(c.Limb(1, i), si, q, m);
                        return;
                    }

                    // Horner in s: c₀ + s·(c₁ + s·(c₂ + …)).
                    Span<ulong> acc = t.Scratch.AsSpan(i * n, n);
                    c.Limb(c.Size - 1, i).CopyTo(acc);
                    for (int k = c.Size - 2; k >= 1; k--)
                    {
                        PolynomialKernels.MultiplyMod(acc, si, q, acc);
                        PolynomialKernels.AddMod(acc, c.Limb(k, i), q, acc);
                    }

                    PolynomialKernels.MultiplyAddMod(acc, si, q, m);
                });
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<ulong>.Shared.Return(scratch, clearArray: true);
            }
        }

        destination.Scale = ciphertext.Scale;
    }
}
