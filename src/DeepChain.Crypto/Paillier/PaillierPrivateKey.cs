using System.Numerics;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier;

/// <summary>
/// A Paillier private key (the primes p and q of n) with CRT decryption.
/// </summary>
/// <remarks>
/// <para>Decryption works modulo p² and q² separately (Paillier 1999, §7): with g = n + 1,
/// m<sub>p</sub> = L<sub>p</sub>(c<sup>p−1</sup> mod p²)·h<sub>p</sub> mod p where L<sub>p</sub>(x) = (x − 1)/p and
/// h<sub>p</sub> = L<sub>p</sub>(g<sup>p−1</sup> mod p²)⁻¹ = (−q)⁻¹ mod p; likewise for q; then m follows from the CRT.
/// The two exponentiations use half-size moduli and half-size exponents, about 4× less work than c<sup>λ</sup> mod n².
/// They are constant-time in the secret exponents (fixed window, full-table lookups).</para>
/// <para>The key is <see cref="IDisposable"/>: disposing zeroes the limb arrays it owns and makes every operation throw
/// <see cref="ObjectDisposedException"/>. <see cref="BigInteger"/> values are immutable and cannot be wiped, so copies of
/// p and q held by the runtime may outlive the key until garbage-collected. <see cref="ToString"/> never shows secrets.</para>
/// </remarks>
public sealed class PaillierPrivateKey : IDisposable
{
    private readonly MontgomeryContext _pSquared;
    private readonly MontgomeryContext _qSquared;
    private BigInteger _p;
    private BigInteger _q;
    private BigInteger _hp;
    private BigInteger _hq;
    private BigInteger _qInverseModP;
    private readonly int _pBits;
    private readonly int _qBits;
    private bool _disposed;

    private PaillierPrivateKey(BigInteger p, BigInteger q, PaillierPublicKey publicKey)
    {
        _p = p;
        _q = q;
        PublicKey = publicKey;
        _pSquared = new MontgomeryContext(p * p);
        _qSquared = new MontgomeryContext(q * q);
        _hp = NumberTheory.ModInverse(p - q, p);
        _hq = NumberTheory.ModInverse(q - p, q);
        _qInverseModP = NumberTheory.ModInverse(q, p);
        _pBits = (int)(p - 1).GetBitLength();
        _qBits = (int)(q - 1).GetBitLength();
    }

    /// <summary>Gets the matching public key.</summary>
    public PaillierPublicKey PublicKey { get; }

    /// <summary>Gets the bit length of n.</summary>
    public int ModulusBits => PublicKey.ModulusBits;

    /// <summary>Builds a private key from the primes of n (for example to import a key made by another implementation).</summary>
    /// <param name="p">A prime factor of n.</param>
    /// <param name="q">The other prime factor of n, different from <paramref name="p"/>.</param>
    /// <returns>The private key, whose <see cref="PublicKey"/> has n = p·q.</returns>
    /// <exception cref="ArgumentException">p = q, either is not a probable prime, gcd(n, (p−1)(q−1)) ≠ 1, or n has fewer than
    /// <see cref="PaillierPublicKey.MinimumModulusBits"/> bits.</exception>
    public static PaillierPrivateKey FromPrimes(BigInteger p, BigInteger q) => FromPrimes(p, q, allowInsecureTestSizes: false);

    /// <summary>Test-only: allows small primes.</summary>
    internal static PaillierPrivateKey FromPrimes(BigInteger p, BigInteger q, bool allowInsecureTestSizes, bool primesAlreadyTested = false)
    {
        if (p == q)
        {
            throw new ArgumentException("p and q must be different primes.", nameof(q));
        }

        if (!primesAlreadyTested && !Primes.IsProbablePrime(p, Primes.AdversarialRounds))
        {
            throw new ArgumentException("p is not prime.", nameof(p));
        }

        if (!primesAlreadyTested && !Primes.IsProbablePrime(q, Primes.AdversarialRounds))
        {
            throw new ArgumentException("q is not prime.", nameof(q));
        }

        BigInteger n = p * q;
        if (!BigInteger.GreatestCommonDivisor(n, (p - 1) * (q - 1)).IsOne)
        {
            throw new ArgumentException("gcd(p·q, (p−1)(q−1)) must be 1 for Paillier.", nameof(q));
        }

        PaillierPublicKey publicKey;
        try
        {
            publicKey = new PaillierPublicKey(n, allowInsecureTestSizes);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException("p·q is not an acceptable Paillier modulus: " + ex.Message, nameof(q), ex);
        }

        return new PaillierPrivateKey(p, q, publicKey);
    }

    /// <summary>Decrypts a ciphertext.</summary>
    /// <param name="c">A ciphertext under <see cref="PublicKey"/>.</param>
    /// <returns>The plaintext m, 0 ≤ m &lt; n.</returns>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in Z*<sub>n²</sub>.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public BigInteger Decrypt(PaillierCiphertext c)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PublicKey.CheckCiphertext(c, nameof(c));
        return DecryptCore(c.Value);
    }

    /// <summary>Decrypts many ciphertexts in parallel.</summary>
    /// <param name="ciphertexts">Ciphertexts under <see cref="PublicKey"/>.</param>
    /// <returns>The plaintexts, in order.</returns>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in Z*<sub>n²</sub>; nothing is returned.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public BigInteger[] Decrypt(ReadOnlySpan<PaillierCiphertext> ciphertexts)
    {
        var result = new BigInteger[ciphertexts.Length];
        Decrypt(ciphertexts, result);
        return result;
    }

    /// <summary>Decrypts many ciphertexts in parallel into <paramref name="destination"/>.</summary>
    /// <param name="ciphertexts">Ciphertexts under <see cref="PublicKey"/>.</param>
    /// <param name="destination">Receives the plaintexts; same length as <paramref name="ciphertexts"/>. Left unchanged on failure.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has a different length.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in Z*<sub>n²</sub>.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public void Decrypt(ReadOnlySpan<PaillierCiphertext> ciphertexts, Span<BigInteger> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != ciphertexts.Length)
        {
            throw new ArgumentException("The destination must have one slot per ciphertext.", nameof(destination));
        }

        PaillierCiphertext[] input = ciphertexts.ToArray();
        foreach (PaillierCiphertext c in input)
        {
            PublicKey.CheckCiphertext(c, nameof(ciphertexts));
            CheckUnit(c.Value);
        }

        var output = new BigInteger[input.Length];
        Parallel.For(0, input.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => output[i] = DecryptCore(input[i].Value));
        output.CopyTo(destination);
    }

    /// <summary>Whether this key decrypts ciphertexts of <paramref name="publicKey"/>.</summary>
    /// <param name="publicKey">A public key.</param>
    /// <returns><see langword="true"/> when the moduli are equal.</returns>
    public bool Matches(PaillierPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return PublicKey.Equals(publicKey);
    }

    /// <summary>Describes the key without revealing it.</summary>
    /// <returns>A string such as <c>PaillierPrivateKey(2048 bits, 1f2e3d4c5b6a7988)</c>.</returns>
    public override string ToString() => _disposed ? "PaillierPrivateKey(disposed)" : $"PaillierPrivateKey({ModulusBits} bits, {PublicKey.GetFingerprint()})";

    /// <summary>Forgets the key material this object owns.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _p = _q = _hp = _hq = _qInverseModP = BigInteger.Zero;
        _pSquared.Clear();
        _qSquared.Clear();
    }

    /// <summary>Gets p (for serialization inside the library).</summary>
    internal BigInteger P
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _p;
        }
    }

    /// <summary>Gets q (for serialization inside the library).</summary>
    internal BigInteger Q
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _q;
        }
    }

    /// <summary>Textbook decryption m = L(c^λ mod n²)·μ mod n without the CRT: the baseline CRT decryption is measured against.</summary>
    internal BigInteger DecryptWithoutCrt(PaillierCiphertext c)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BigInteger n = PublicKey.N;
        BigInteger lambda = (_p - 1) * (_q - 1) / BigInteger.GreatestCommonDivisor(_p - 1, _q - 1);
        BigInteger mu = NumberTheory.ModInverse(lambda, n);
        BigInteger x = PublicKey.NSquaredContext.PowSecret(c.Value, lambda, (int)lambda.GetBitLength());
        return (x - 1) / n * mu % n;
    }

    /// <summary>Throws unless gcd(c, n) = 1, checked as c ≢ 0 modulo p and modulo q (cheaper than a gcd).</summary>
    private void CheckUnit(BigInteger c)
    {
        if (c.Sign <= 0 || (c % _p).IsZero || (c % _q).IsZero)
        {
            throw new InvalidCiphertextException("The ciphertext shares a factor with n, so it is not in Z*_{n^2}.");
        }
    }

    private BigInteger DecryptCore(BigInteger c)
    {
        CheckUnit(c);
        BigInteger cp = c % _pSquared.Modulus;
        BigInteger cq = c % _qSquared.Modulus;

        BigInteger xp = _pSquared.PowSecret(cp, _p - 1, _pBits);
        BigInteger xq = _qSquared.PowSecret(cq, _q - 1, _qBits);
        BigInteger mp = (xp - 1) / _p * _hp % _p;
        BigInteger mq = (xq - 1) / _q * _hq % _q;

        // Garner: m = m_q + q·((m_p − m_q)·q⁻¹ mod p).
        BigInteger t = NumberTheory.Mod((mp - mq) * _qInverseModP, _p);
        return mq + (_q * t);
    }
}
