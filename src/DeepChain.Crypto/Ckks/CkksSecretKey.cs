using System.Security.Cryptography;

namespace DeepChain.Crypto.Ckks;

/// <summary>
/// A CKKS secret key: a uniform ternary polynomial s, kept in NTT form modulo every prime (data and special).
/// </summary>
/// <remarks>Never printed; <see cref="Dispose"/> zeroes it and later use throws <see cref="ObjectDisposedException"/>.</remarks>
public sealed class CkksSecretKey : IDisposable
{
    private readonly ulong[] _ntt;
    private bool _disposed;

    internal CkksSecretKey(CkksContext context, ulong[] ntt)
    {
        Context = context;
        _ntt = ntt;
    }

    /// <summary>Gets the context the key belongs to.</summary>
    public CkksContext Context { get; }

    /// <summary>s in NTT form, limb-major over all primes (data primes, then the special prime).</summary>
    internal ulong[] Ntt
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _ntt;
        }
    }

    /// <summary>Zeroes the key.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_ntt.AsSpan()));
        _disposed = true;
    }

    /// <summary>Describes the key without its value.</summary>
    /// <returns>A string such as <c>CkksSecretKey(N = 8192)</c>.</returns>
    public override string ToString() => $"CkksSecretKey(N = {Context.Degree})";
}
