using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// The public material of a t-of-ℓ threshold Paillier key: the Paillier modulus n (encrypt with
/// <see cref="PaillierKey"/> exactly as with an ordinary key), the number of parties ℓ, the threshold t, the
/// verification base v and one verification key vᵢ = v<sup>Δ·sᵢ</sup> mod n² per party.
/// </summary>
/// <remarks>
/// <para>This is the scheme of Shoup (2000) carried to Paillier by Damgård and Jurik (2001, s = 1): n = p·q with safe
/// primes p = 2p′ + 1, q = 2q′ + 1, m = p′q′; the secret exponent d ≡ 0 (mod m), d ≡ 1 (mod n) is shared with a
/// Shamir polynomial of degree t − 1 over Z<sub>nm</sub>, party i holding sᵢ = f(i); Δ = ℓ!. A decryption share of c is
/// cᵢ = c<sup>2Δsᵢ</sup> mod n² with a proof that log<sub>c⁴</sub>(cᵢ²) = log<sub>v</sub>(vᵢ)
/// (<see cref="DecryptionShareProof"/>). Any t valid shares combine, by Lagrange interpolation in the exponent scaled
/// by Δ so that every coefficient is an integer, to c<sup>4Δ²d</sup> = 1 + 4Δ²·m·n mod n²
/// (<see cref="DecryptionShareCombiner"/>).</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class ThresholdPaillierPublicKey : IEquatable<ThresholdPaillierPublicKey>
{
    /// <summary>The largest number of parties a key may have (Δ = ℓ! grows every exponent by log₂ ℓ! bits).</summary>
    public const int MaximumParties = 256;

    /// <summary>Bits of the Fiat–Shamir challenge (SHA-256).</summary>
    internal const int ChallengeBits = 256;

    /// <summary>Statistical hiding of the secret in a proof's response: the nonce exceeds e·Δ·sᵢ by this many bits.</summary>
    internal const int StatisticalSecurityBits = 128;

    private readonly BigInteger[] _verificationKeys;
    private readonly Lazy<BigInteger[]> _verificationKeyInverses;
    private readonly byte[] _digest;

    /// <summary>Creates the public material of a threshold key from its integers (for example ones received from a dealer).</summary>
    /// <param name="n">The Paillier modulus, at least <see cref="PaillierPublicKey.MinimumModulusBits"/> bits.</param>
    /// <param name="parties">The number of parties ℓ, 1 ≤ ℓ ≤ <see cref="MaximumParties"/>.</param>
    /// <param name="threshold">The number of shares t needed to decrypt, 1 ≤ t ≤ ℓ.</param>
    /// <param name="verificationBase">v, a square in Z*<sub>n²</sub> other than 1.</param>
    /// <param name="verificationKeys">v₁ … v_ℓ, each in Z*<sub>n²</sub>; entry i − 1 belongs to party i.</param>
    /// <exception cref="ArgumentNullException"><paramref name="verificationKeys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is not an acceptable modulus, ℓ or t is out of range, or v or a
    /// verification key is not an element of Z*<sub>n²</sub>.</exception>
    /// <exception cref="ArgumentException">The number of verification keys differs from ℓ.</exception>
    public ThresholdPaillierPublicKey(BigInteger n, int parties, int threshold, BigInteger verificationBase, IReadOnlyList<BigInteger> verificationKeys)
        : this(new PaillierPublicKey(n), parties, threshold, verificationBase, verificationKeys)
    {
    }

    internal ThresholdPaillierPublicKey(PaillierPublicKey key, int parties, int threshold, BigInteger verificationBase, IReadOnlyList<BigInteger> verificationKeys)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(verificationKeys);
        CheckPartiesAndThreshold(parties, threshold);
        if (verificationKeys.Count != parties)
        {
            throw new ArgumentException($"There must be one verification key per party: {parties} expected, {verificationKeys.Count} given.", nameof(verificationKeys));
        }

        if (!IsUnit(verificationBase, key) || verificationBase.IsOne)
        {
            throw new ArgumentOutOfRangeException(nameof(verificationBase), "The verification base must be an element of Z*_{n^2} other than 1.");
        }

        for (int i = 0; i < parties; i++)
        {
            if (!IsUnit(verificationKeys[i], key))
            {
                throw new ArgumentOutOfRangeException(nameof(verificationKeys), $"The verification key of party {i + 1} is not an element of Z*_{{n^2}}.");
            }
        }

        PaillierKey = key;
        Parties = parties;
        Threshold = threshold;
        VerificationBase = verificationBase;
        _verificationKeys = verificationKeys.ToArray();
        VerificationKeys = new ReadOnlyCollection<BigInteger>(_verificationKeys);
        Delta = Factorial(parties);
        int nBits = key.ModulusBits;
        int deltaBits = (int)Delta.GetBitLength();

        // sᵢ < n·m < n²/4, so Δ·sᵢ has fewer than 2·bits(n) + bits(Δ) bits.
        SecretExponentBits = (2 * nBits) + deltaBits;
        NonceBits = SecretExponentBits + ChallengeBits + StatisticalSecurityBits;
        _digest = ComputeDigest();
        _verificationKeyInverses = new Lazy<BigInteger[]>(
            () => Array.ConvertAll(_verificationKeys, vk => NumberTheory.ModInverse(vk, key.NSquared)),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the Paillier public key: encrypt and aggregate with it exactly as with an ordinary key.</summary>
    public PaillierPublicKey PaillierKey { get; }

    /// <summary>Gets the modulus n.</summary>
    public BigInteger N => PaillierKey.N;

    /// <summary>Gets the bit length of n.</summary>
    public int ModulusBits => PaillierKey.ModulusBits;

    /// <summary>Gets the number of parties ℓ holding a key share (indices 1 … ℓ).</summary>
    public int Parties { get; }

    /// <summary>Gets the number of valid decryption shares t that suffice to decrypt.</summary>
    public int Threshold { get; }

    /// <summary>Gets Δ = ℓ!, the factor that makes every Lagrange coefficient an integer.</summary>
    public BigInteger Delta { get; }

    /// <summary>Gets the verification base v, a random square of Z*<sub>n²</sub>.</summary>
    public BigInteger VerificationBase { get; }

    /// <summary>Gets the verification keys vᵢ = v<sup>Δ·sᵢ</sup> mod n²; entry i − 1 belongs to party i.</summary>
    public IReadOnlyList<BigInteger> VerificationKeys { get; }

    /// <summary>An upper bound on the bit length of the secret exponent Δ·sᵢ.</summary>
    internal int SecretExponentBits { get; }

    /// <summary>The bit length of a proof's random nonce.</summary>
    internal int NonceBits { get; }

    /// <summary>SHA-256 over all the public material; every proof's transcript starts with it.</summary>
    internal ReadOnlySpan<byte> Digest => _digest;

    /// <summary>Gets the verification key of party <paramref name="index"/>.</summary>
    /// <param name="index">The party index, 1 ≤ index ≤ <see cref="Parties"/>.</param>
    /// <returns>vᵢ.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a party index.</exception>
    public BigInteger GetVerificationKey(int index)
    {
        CheckIndex(index);
        return _verificationKeys[index - 1];
    }

    /// <summary>Checks a decryption share's proof against a ciphertext.</summary>
    /// <param name="ciphertext">The ciphertext the share claims to decrypt.</param>
    /// <param name="share">The share.</param>
    /// <returns><see langword="true"/> when the share is well formed and its proof verifies for <paramref name="ciphertext"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext was produced under another key.</exception>
    public bool Verify(PaillierCiphertext ciphertext, DecryptionShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        PaillierKey.CheckCiphertext(ciphertext, nameof(ciphertext));
        return DecryptionShareProof.Check(this, ciphertext.Value, share) is null;
    }

    /// <summary>Checks a batch of decryption shares against the ciphertexts it claims to decrypt.</summary>
    /// <param name="ciphertexts">The ciphertexts, in the order the batch was made.</param>
    /// <param name="batch">The batch.</param>
    /// <returns><see langword="true"/> when the batch is well formed and its proof verifies for <paramref name="ciphertexts"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> or a ciphertext is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    public bool Verify(ReadOnlySpan<PaillierCiphertext> ciphertexts, DecryptionShareBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        BigInteger[] values = CiphertextValues(ciphertexts, nameof(ciphertexts));
        return DecryptionShareProof.CheckBatch(this, values, batch) is null;
    }

    /// <summary>A short SHA-256 fingerprint of the whole public material (first 8 bytes, hex).</summary>
    /// <returns>16 lowercase hex digits.</returns>
    public string GetFingerprint() => Convert.ToHexStringLower(_digest.AsSpan(0, 8));

    /// <inheritdoc/>
    public bool Equals(ThresholdPaillierPublicKey? other) =>
        other is not null && (ReferenceEquals(this, other) || _digest.AsSpan().SequenceEqual(other._digest));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ThresholdPaillierPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_digest);

    /// <summary>Describes the key by size, threshold and fingerprint.</summary>
    /// <returns>A string such as <c>ThresholdPaillierPublicKey(2048 bits, 5 of 8, 1f2e3d4c5b6a7988)</c>.</returns>
    public override string ToString() => $"ThresholdPaillierPublicKey({ModulusBits} bits, {Threshold} of {Parties}, {GetFingerprint()})";

    internal BigInteger GetVerificationKeyInverse(int index) => _verificationKeyInverses.Value[index - 1];

    internal void CheckIndex(int index, string parameterName = "index")
    {
        if (index < 1 || index > Parties)
        {
            throw new ArgumentOutOfRangeException(parameterName, $"A party index is between 1 and {Parties}.");
        }
    }

    internal BigInteger[] CiphertextValues(ReadOnlySpan<PaillierCiphertext> ciphertexts, string parameterName)
    {
        var values = new BigInteger[ciphertexts.Length];
        for (int i = 0; i < values.Length; i++)
        {
            PaillierKey.CheckCiphertext(ciphertexts[i], parameterName);
            values[i] = ciphertexts[i].Value;
        }

        return values;
    }

    internal static void CheckPartiesAndThreshold(int parties, int threshold)
    {
        if (parties < 1 || parties > MaximumParties)
        {
            throw new ArgumentOutOfRangeException(nameof(parties), $"The number of parties must be between 1 and {MaximumParties}.");
        }

        if (threshold < 1 || threshold > parties)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"The threshold must be between 1 and the number of parties ({parties}).");
        }
    }

    internal static BigInteger Factorial(int k)
    {
        BigInteger result = BigInteger.One;
        for (int i = 2; i <= k; i++)
        {
            result *= i;
        }

        return result;
    }

    private static bool IsUnit(BigInteger x, PaillierPublicKey key) =>
        x.Sign > 0 && x < key.NSquared && BigInteger.GreatestCommonDivisor(x, key.N).IsOne;

    private byte[] ComputeDigest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("DeepChain/threshold-paillier/public-key/v1"u8);
        Transcript.AppendInteger(hash, N);
        Transcript.AppendInt32(hash, Parties);
        Transcript.AppendInt32(hash, Threshold);
        Transcript.AppendInteger(hash, VerificationBase);
        foreach (BigInteger vk in _verificationKeys)
        {
            Transcript.AppendInteger(hash, vk);
        }

        return hash.GetHashAndReset();
    }
}
