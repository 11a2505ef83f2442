using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier;

/// <summary>
/// A Paillier public key n with generator g = n + 1: encryption and the homomorphic operations on ciphertexts.
/// </summary>
/// <remarks>
/// <para>Encryption of m ∈ Z<sub>n</sub> is c = (1 + m·n)·rⁿ mod n² (since (n + 1)<sup>m</sup> = 1 + m·n mod n²).
/// The product of ciphertexts encrypts the sum of plaintexts, and c<sup>k</sup> encrypts k·m, all modulo n.</para>
/// <para>Encryption uses Montgomery arithmetic and a fixed-base table for the randomizer (see
/// <c>PaillierEncryptor</c>), built on first use — about 0.1 s and 5.6 MB for a 2048-bit key. Instances are immutable
/// and thread-safe; encrypt many values at once with the span overloads, which run in parallel.</para>
/// <para>The public API refuses moduli below <see cref="MinimumModulusBits"/> bits.</para>
/// </remarks>
public sealed class PaillierPublicKey : IEquatable<PaillierPublicKey>
{
    /// <summary>The smallest modulus, in bits, the public API accepts (112-bit security per NIST SP 800-57).</summary>
    public const int MinimumModulusBits = 2048;

    /// <summary>The modulus size, in bits, used when none is given (128-bit security).</summary>
    public const int DefaultModulusBits = 3072;

    private readonly Lazy<MontgomeryContext> _nSquaredContext;
    private readonly Lazy<PaillierEncryptor> _encryptor;

    /// <summary>Creates a public key from its modulus n (for example one received from another party).</summary>
    /// <param name="n">The modulus: odd, at least <see cref="MinimumModulusBits"/> bits.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is even, too small, or divisible by a small prime
    /// (below 17,864; this also refuses perfect powers of small primes). A product of two large primes always passes.</exception>
    public PaillierPublicKey(BigInteger n)
        : this(n, allowInsecureTestSizes: false)
    {
    }

    /// <summary>Test-only: allows moduli below <see cref="MinimumModulusBits"/> so tests can run fast.</summary>
    internal PaillierPublicKey(BigInteger n, bool allowInsecureTestSizes)
    {
        long bits = n.GetBitLength();
        if (n.Sign <= 0 || n.IsEven)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "A Paillier modulus is a positive odd integer.");
        }

        if (!allowInsecureTestSizes && bits < MinimumModulusBits)
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"The modulus has {bits} bits; at least {MinimumModulusBits} are required.");
        }

        if (bits < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "The modulus is too small to be a product of two primes.");
        }

        foreach (int prime in Primes.SmallPrimes)
        {
            if ((n % prime).IsZero)
            {
                throw new ArgumentOutOfRangeException(nameof(n), $"The modulus is divisible by the small prime {prime}, so it is not a product of two large primes.");
            }
        }

        N = n;
        NSquared = n * n;
        ModulusBits = (int)bits;
        // Homomorphic operations need only the Montgomery context; the encryption table (megabytes) is built on the
        // first encryption, so a worker that only aggregates never pays for it.
        _nSquaredContext = new Lazy<MontgomeryContext>(() => new MontgomeryContext(NSquared), LazyThreadSafetyMode.ExecutionAndPublication);
        _encryptor = new Lazy<PaillierEncryptor>(() => new PaillierEncryptor(N, NSquaredContext), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the modulus n.</summary>
    public BigInteger N { get; }

    /// <summary>Gets n², the ciphertext modulus.</summary>
    public BigInteger NSquared { get; }

    /// <summary>Gets the bit length of n.</summary>
    public int ModulusBits { get; }

    /// <summary>Gets the generator g = n + 1.</summary>
    public BigInteger G => N + BigInteger.One;

    internal PaillierEncryptor Encryptor => _encryptor.Value;

    internal MontgomeryContext NSquaredContext => _nSquaredContext.Value;

    /// <summary>Whether the fixed-base encryption table has been built (tests check that aggregation alone does not build it).</summary>
    internal bool IsEncryptionTableBuilt => _encryptor.IsValueCreated;

    /// <summary>Encrypts a plaintext with fresh randomness.</summary>
    /// <param name="m">The plaintext, 0 ≤ m &lt; n.</param>
    /// <returns>A ciphertext bound to this key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="m"/> is negative or not below n.</exception>
    public PaillierCiphertext Encrypt(BigInteger m)
    {
        CheckPlaintext(m, nameof(m));
        return new PaillierCiphertext(Encryptor.Encrypt(m), this);
    }

    /// <summary>Encrypts many plaintexts in parallel.</summary>
    /// <param name="plaintexts">Plaintexts, each 0 ≤ m &lt; n.</param>
    /// <returns>One ciphertext per plaintext, in order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A plaintext is out of range (checked before anything is encrypted).</exception>
    public PaillierCiphertext[] Encrypt(ReadOnlySpan<BigInteger> plaintexts)
    {
        var result = new PaillierCiphertext[plaintexts.Length];
        Encrypt(plaintexts, result);
        return result;
    }

    /// <summary>Encrypts many plaintexts in parallel into <paramref name="destination"/>.</summary>
    /// <param name="plaintexts">Plaintexts, each 0 ≤ m &lt; n.</param>
    /// <param name="destination">Receives one ciphertext per plaintext; same length as <paramref name="plaintexts"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has a different length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A plaintext is out of range (checked before anything is encrypted).</exception>
    public void Encrypt(ReadOnlySpan<BigInteger> plaintexts, Span<PaillierCiphertext> destination)
    {
        if (destination.Length != plaintexts.Length)
        {
            throw new ArgumentException("The destination must have one slot per plaintext.", nameof(destination));
        }

        for (int i = 0; i < plaintexts.Length; i++)
        {
            CheckPlaintext(plaintexts[i], nameof(plaintexts));
        }

        BigInteger[] input = plaintexts.ToArray();
        var output = new PaillierCiphertext[input.Length];
        PaillierEncryptor encryptor = Encryptor;
        Parallel.For(0, input.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => output[i] = new PaillierCiphertext(encryptor.Encrypt(input[i]), this));
        output.CopyTo(destination);
    }

    /// <summary>Homomorphic addition: a ciphertext of m₁ + m₂ mod n.</summary>
    /// <param name="c1">Encryption of m₁.</param>
    /// <param name="c2">Encryption of m₂.</param>
    /// <returns>c₁·c₂ mod n².</returns>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext belongs to another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in (0, n²).</exception>
    public PaillierCiphertext Add(PaillierCiphertext c1, PaillierCiphertext c2)
    {
        CheckCiphertext(c1, nameof(c1));
        CheckCiphertext(c2, nameof(c2));
        return new PaillierCiphertext(MultiplyModNSquared(c1.Value, c2.Value), this);
    }

    /// <summary>Homomorphic sum of many ciphertexts: a ciphertext of Σ mᵢ mod n.</summary>
    /// <param name="ciphertexts">At least one ciphertext.</param>
    /// <returns>The product of all ciphertexts modulo n².</returns>
    /// <exception cref="ArgumentException">The span is empty.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext belongs to another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in (0, n²).</exception>
    public PaillierCiphertext Sum(ReadOnlySpan<PaillierCiphertext> ciphertexts)
    {
        if (ciphertexts.IsEmpty)
        {
            throw new ArgumentException("At least one ciphertext is required.", nameof(ciphertexts));
        }

        foreach (PaillierCiphertext c in ciphertexts)
        {
            CheckCiphertext(c, nameof(ciphertexts));
        }

        MontgomeryContext context = NSquaredContext;
        int s = context.LimbCount;
        Span<ulong> accumulator = stackalloc ulong[s];
        Span<ulong> next = stackalloc ulong[s];

        // Each Montgomery product with an ordinary factor divides by R, so start from c₀·Rᵏ (k = count − 1):
        // after k products the accumulator is exactly Π cᵢ mod n², with no conversion per ciphertext.
        BigInteger rPower = context.Pow(Limbs.Read(context.One), ciphertexts.Length);
        Limbs.Write(ciphertexts[0].Value, accumulator);
        Limbs.Write(rPower, next);
        context.MultiplyCore(accumulator, next, accumulator);
        for (int i = 1; i < ciphertexts.Length; i++)
        {
            Limbs.Write(ciphertexts[i].Value, next);
            context.MultiplyCore(accumulator, next, accumulator);
        }

        return new PaillierCiphertext(Limbs.Read(accumulator), this);
    }

    /// <summary>Adds a plaintext to an encrypted value: a ciphertext of m + k mod n.</summary>
    /// <param name="c">Encryption of m.</param>
    /// <param name="k">The plaintext to add, 0 ≤ k &lt; n.</param>
    /// <returns>c·(1 + k·n) mod n².</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is out of range.</exception>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext belongs to another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in (0, n²).</exception>
    public PaillierCiphertext AddPlain(PaillierCiphertext c, BigInteger k)
    {
        CheckCiphertext(c, nameof(c));
        CheckPlaintext(k, nameof(k));
        return new PaillierCiphertext(MultiplyModNSquared(c.Value, (k * N) + BigInteger.One), this);
    }

    /// <summary>Multiplies an encrypted value by a plaintext scalar: a ciphertext of k·m mod n.</summary>
    /// <param name="c">Encryption of m.</param>
    /// <param name="k">Any integer; negative scalars are taken modulo n.</param>
    /// <returns>c<sup>k mod n</sup> mod n².</returns>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext belongs to another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in (0, n²).</exception>
    public PaillierCiphertext Multiply(PaillierCiphertext c, BigInteger k)
    {
        CheckCiphertext(c, nameof(c));
        BigInteger exponent = NumberTheory.Mod(k, N);
        return new PaillierCiphertext(NSquaredContext.Pow(c.Value, exponent), this);
    }

    /// <summary>Negates an encrypted value: a ciphertext of −m mod n.</summary>
    /// <param name="c">Encryption of m.</param>
    /// <returns>c⁻¹ mod n².</returns>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext belongs to another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in Z*<sub>n²</sub>.</exception>
    public PaillierCiphertext Negate(PaillierCiphertext c)
    {
        CheckCiphertext(c, nameof(c));
        try
        {
            return new PaillierCiphertext(NumberTheory.ModInverse(c.Value, NSquared), this);
        }
        catch (ArithmeticException ex)
        {
            throw new InvalidCiphertextException("The ciphertext is not invertible modulo n², so it is not in Z*_{n^2}.", ex);
        }
    }

    /// <summary>Homomorphic subtraction: a ciphertext of m₁ − m₂ mod n.</summary>
    /// <param name="c1">Encryption of m₁.</param>
    /// <param name="c2">Encryption of m₂.</param>
    /// <returns>c₁·c₂⁻¹ mod n².</returns>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext belongs to another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in Z*<sub>n²</sub>.</exception>
    public PaillierCiphertext Subtract(PaillierCiphertext c1, PaillierCiphertext c2) => Add(c1, Negate(c2));

    /// <summary>Re-randomizes a ciphertext: a fresh-looking ciphertext of the same plaintext.</summary>
    /// <param name="c">Encryption of m.</param>
    /// <returns>c·h<sub>s</sub><sup>r</sup> mod n² for fresh r.</returns>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext belongs to another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in (0, n²).</exception>
    public PaillierCiphertext Rerandomize(PaillierCiphertext c)
    {
        CheckCiphertext(c, nameof(c));
        return new PaillierCiphertext(Encryptor.Rerandomize(c.Value), this);
    }

    /// <summary>Whether a ciphertext is an element of Z*<sub>n²</sub> (0 &lt; c &lt; n² and gcd(c, n) = 1) and, when bound to a key, bound to this one.</summary>
    /// <param name="c">The ciphertext.</param>
    /// <returns><see langword="true"/> when every check passes.</returns>
    public bool IsValid(PaillierCiphertext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return (c.Key is null || Equals(c.Key)) && c.Value.Sign > 0 && c.Value < NSquared
            && BigInteger.GreatestCommonDivisor(c.Value, N).IsOne;
    }

    /// <summary>Binds a raw ciphertext (for example one read from another implementation) to this key after checking it is in Z*<sub>n²</sub>.</summary>
    /// <param name="value">The ciphertext integer.</param>
    /// <returns>A ciphertext bound to this key.</returns>
    /// <exception cref="InvalidCiphertextException">The value is not in Z*<sub>n²</sub>.</exception>
    public PaillierCiphertext Import(BigInteger value)
    {
        if (value.Sign <= 0 || value >= NSquared || !BigInteger.GreatestCommonDivisor(value, N).IsOne)
        {
            throw new InvalidCiphertextException("The value is not an element of Z*_{n^2} for this key.");
        }

        return new PaillierCiphertext(value, this);
    }

    /// <summary>A short SHA-256 fingerprint of n (first 8 bytes, hex), to tell keys apart in logs.</summary>
    /// <returns>16 lowercase hex digits.</returns>
    public string GetFingerprint()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(N.ToByteArray(isUnsigned: true, isBigEndian: true), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <inheritdoc/>
    public bool Equals(PaillierPublicKey? other) => other is not null && (ReferenceEquals(this, other) || N.Equals(other.N));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PaillierPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => N.GetHashCode();

    /// <summary>Describes the key by size and fingerprint.</summary>
    /// <returns>A string such as <c>PaillierPublicKey(2048 bits, 1f2e3d4c5b6a7988)</c>.</returns>
    public override string ToString() => $"PaillierPublicKey({ModulusBits} bits, {GetFingerprint()})";

    /// <summary>x·y mod n² with Montgomery arithmetic (inputs already range-checked): one conversion, one product.</summary>
    private BigInteger MultiplyModNSquared(BigInteger x, BigInteger y)
    {
        MontgomeryContext context = NSquaredContext;
        int s = context.LimbCount;
        Span<ulong> a = stackalloc ulong[s];
        Span<ulong> b = stackalloc ulong[s];
        context.ToMontgomery(x, a);
        Limbs.Write(y, b);
        context.MultiplyCore(a, b, a);
        return Limbs.Read(a);
    }

    /// <summary>As <see cref="CheckCiphertext"/>, and also requires c ∈ Z*<sub>n²</sub> (positive, coprime to n).</summary>
    internal void CheckCiphertextIsUnit(PaillierCiphertext c, string parameterName)
    {
        CheckCiphertext(c, parameterName);
        if (!IsValid(c))
        {
            throw new InvalidCiphertextException($"The ciphertext '{parameterName}' is not an element of Z*_{{n^2}} for this key.");
        }
    }

    internal void CheckCiphertext(PaillierCiphertext c, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(c, parameterName);
        if (c.Key is not null && !ReferenceEquals(c.Key, this) && !c.Key.N.Equals(N))
        {
            throw new PaillierKeyMismatchException($"The ciphertext '{parameterName}' was produced under a different Paillier public key ({c.Key.GetFingerprint()}, expected {GetFingerprint()}).");
        }

        if (c.Value >= NSquared)
        {
            throw new InvalidCiphertextException($"The ciphertext '{parameterName}' is not below n², so it is not in Z*_{{n^2}} for this key.");
        }
    }

    private void CheckPlaintext(BigInteger m, string parameterName)
    {
        if (m.Sign < 0 || m >= N)
        {
            throw new ArgumentOutOfRangeException(parameterName, $"A Paillier plaintext must satisfy 0 <= m < n (n has {ModulusBits} bits).");
        }
    }
}
