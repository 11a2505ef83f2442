using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Crypto.Ckks.Multiparty;

/// <summary>
/// n-of-n collective decryption for multiparty CKKS: each party publishes hᵢ = c₁·sᵢ + e<sub>smudge</sub>, and
/// c₀ + Σ hᵢ = m + e + Σ e<sub>smudge</sub> is the plaintext, which no party could compute alone.
/// </summary>
/// <remarks>
/// <para>Smudging: each partial decryption adds noise uniform in [−2<sup>B</sup>, 2<sup>B</sup>] with
/// B = 40 + ⌈log₂(6σ√(2N/3))⌉ + 4 bits by default: 2⁴⁰ times a six-sigma bound on the noise of a sum of up to 256
/// fresh encryptions, so the published values hide the ciphertext noise (and with it anything about sᵢ) to a
/// statistical distance of about 2⁻⁴⁰. The noise costs precision: about B − log₂Δ bits of absolute error, so encode
/// values meant for collective decryption at a large scale (for example Δ = 2⁸⁰ over three 40–60-bit primes).</para>
/// <para>Verification: the combiner requires exactly one partial decryption from each of the n parties, all for this
/// ciphertext (by SHA-256 digest), and then checks that every coefficient of the combined plaintext is below
/// Q/2²⁰. A missing, repeated or wrong share makes the combination uniformly random modulo Q, which fails that check
/// except with probability 2<sup>−19N</sup>, so it throws <see cref="CkksDecryptionException"/> instead of returning
/// garbage.</para>
/// </remarks>
public sealed class CkksCollectiveDecryptor
{
    /// <summary>Bits of headroom below Q/2 that a valid combined plaintext must leave.</summary>
    public const int ValidityHeadroomBits = 20;

    private readonly CkksContext _context;

    /// <summary>Creates a collective decryptor for <paramref name="parties"/> parties.</summary>
    /// <param name="context">The CKKS context.</param>
    /// <param name="parties">n, the number of parties whose secrets make up the key.</param>
    /// <param name="smudgingBits">B, the smudging noise bound in bits; the default when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parties"/> is below 1, or <paramref name="smudgingBits"/>
    /// is below the default's 40 bits of statistical security or above 62.</exception>
    public CkksCollectiveDecryptor(CkksContext context, int parties, int? smudgingBits = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        _context = context;
        Parties = parties;
        int minimum = DefaultSmudgingBits(context.Degree) - 4;
        SmudgingBits = smudgingBits ?? DefaultSmudgingBits(context.Degree);
        if (SmudgingBits < minimum || SmudgingBits > 62)
        {
            throw new ArgumentOutOfRangeException(nameof(smudgingBits), $"The smudging bound must be from {minimum} bits (40 bits of statistical security) to 62 bits.");
        }
    }

    /// <summary>Gets n.</summary>
    public int Parties { get; }

    /// <summary>Gets B, the smudging noise bound in bits.</summary>
    public int SmudgingBits { get; }

    /// <summary>The default smudging bound for ring degree <paramref name="degree"/>: 40 + ⌈log₂(6σ√(2N/3))⌉ + 4.</summary>
    /// <param name="degree">N.</param>
    /// <returns>B in bits (55 for N = 8192).</returns>
    public static int DefaultSmudgingBits(int degree) =>
        40 + (int)Math.Ceiling(Math.Log2(6 * Math.Sqrt(PolynomialSampler.BinomialK / 2.0) * Math.Sqrt(2.0 * degree / 3))) + 4;

    /// <summary>Party <paramref name="partyIndex"/>'s partial decryption hᵢ = c₁·sᵢ + smudging noise.</summary>
    /// <param name="ciphertext">A size-2 ciphertext under the collective key.</param>
    /// <param name="partyIndex">The party's index, 1 … n.</param>
    /// <param name="secretShare">The party's secret sᵢ.</param>
    /// <returns>The partial decryption to publish.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partyIndex"/> is not 1 … n.</exception>
    /// <exception cref="CkksMismatchException">An argument belongs to other parameters, or the ciphertext is not of size 2.</exception>
    public CkksPartialDecryption CreatePartialDecryption(CkksCiphertext ciphertext, int partyIndex, CkksSecretKey secretShare)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(secretShare);
        ArgumentOutOfRangeException.ThrowIfLessThan(partyIndex, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partyIndex, Parties);
        CkksMismatchException.ThrowIfOtherContext(_context, ciphertext.Context, nameof(ciphertext));
        CkksMismatchException.ThrowIfOtherContext(_context, secretShare.Context, nameof(secretShare));
        if (ciphertext.Size != 2)
        {
            throw new CkksMismatchException("Only size-2 ciphertexts can be decrypted collectively; relinearize first.", nameof(ciphertext));
        }

        int n = _context.Degree, limbs = ciphertext.LimbCount;
        ulong[] value = SmudgingNoise(limbs);
        ulong[] s = secretShare.Ntt;
        Parallel.For(0, limbs, i =>
        {
            PolynomialKernels.MultiplyAddMod(ciphertext.Limb(1, i), s.AsSpan(i * n, n), _context.Modulus(i), value.AsSpan(i * n, n));
        });
        return new CkksPartialDecryption(partyIndex, Digest(ciphertext), value, limbs);
    }

    /// <summary>Combines every party's partial decryption into the plaintext, and checks it.</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="partials">Exactly one partial decryption from each party 1 … n, in any order.</param>
    /// <returns>The plaintext (decode it with <see cref="CkksEncoder"/>).</returns>
    /// <exception cref="ArgumentNullException">An argument or an element is <see langword="null"/>.</exception>
    /// <exception cref="CkksDecryptionException">A party's share is missing, repeated, for another ciphertext, or wrong.</exception>
    public CkksPlaintext Combine(CkksCiphertext ciphertext, IReadOnlyList<CkksPartialDecryption> partials)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(partials);
        CkksMismatchException.ThrowIfOtherContext(_context, ciphertext.Context, nameof(ciphertext));
        byte[] digest = Digest(ciphertext);
        var present = new bool[Parties + 1];
        foreach (CkksPartialDecryption partial in partials)
        {
            ArgumentNullException.ThrowIfNull(partial, nameof(partials));
            if (partial.PartyIndex < 1 || partial.PartyIndex > Parties || present[partial.PartyIndex])
            {
                throw new CkksDecryptionException($"Party index {partial.PartyIndex} is out of range or repeated; each of the {Parties} parties contributes exactly once.");
            }

            if (!partial.CiphertextDigest.SequenceEqual(digest) || partial.LimbCount != ciphertext.LimbCount)
            {
                throw new CkksDecryptionException($"The partial decryption of party {partial.PartyIndex} was made for another ciphertext.");
            }

            present[partial.PartyIndex] = true;
        }

        if (partials.Count != Parties)
        {
            int[] missing = Enumerable.Range(1, Parties).Where(i => !present[i]).ToArray();
            throw new CkksDecryptionException($"Collective decryption needs all {Parties} parties; missing: {string.Join(", ", missing)}.");
        }

        int n = _context.Degree, limbs = ciphertext.LimbCount;
        var result = new ulong[limbs * n];
        Parallel.For(0, limbs, i =>
        {
            ulong q = _context.Modulus(i);
            Span<ulong> m = result.AsSpan(i * n, n);
            ciphertext.Limb(0, i).CopyTo(m);
            foreach (CkksPartialDecryption partial in partials)
            {
                PolynomialKernels.AddMod(m, partial.Value.AsSpan(i * n, n), q, m);
            }
        });

        var plaintext = new CkksPlaintext(_context, result, limbs, ciphertext.Scale);
        CheckValid(plaintext);
        return plaintext;
    }

    private void CheckValid(CkksPlaintext plaintext)
    {
        int n = _context.Degree, limbs = plaintext.LimbCount;
        ulong[] coefficients = (ulong[])plaintext.Data.Clone();
        _context.InverseNtt(coefficients, limbs);
        double logQ = _context.LogModulus(limbs);

        double limit = Math.Pow(2, logQ - 1 - ValidityHeadroomBits);
        for (int k = 0; k < n; k++)
        {
            if (Math.Abs(_context.ComposeCentered(coefficients, k, limbs)) >= limit)
            {
                throw new CkksDecryptionException("The partial decryptions do not combine to a valid plaintext: a party's share is wrong (or the values exceed the modulus).");
            }
        }
    }

    private ulong[] SmudgingNoise(int limbs)
    {
        int n = _context.Degree;
        var noise = new long[n];
        ulong range = (2UL << SmudgingBits) + 1; // [−2^B, 2^B]
        ulong mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(range);
        using (AesCtrStream stream = AesCtrStream.CreateRandom())
        {
            for (int k = 0; k < n;)
            {
                ulong candidate = stream.NextUInt64() & mask;
                if (candidate < range)
                {
                    noise[k++] = (long)candidate - (1L << SmudgingBits);
                }
            }
        }

        var result = new ulong[limbs * n];
        _context.ToRns(noise, result, limbs);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(noise.AsSpan()));
        _context.ForwardNtt(result, limbs);
        return result;
    }

    internal static byte[] Digest(CkksCiphertext ciphertext)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[16];
        BitConverter.TryWriteBytes(header, ciphertext.Size);
        BitConverter.TryWriteBytes(header[4..], ciphertext.LimbCount);
        BitConverter.TryWriteBytes(header[8..], ciphertext.Scale);
        hash.AppendData(header);
        hash.AppendData(MemoryMarshal.AsBytes(ciphertext.Data.AsSpan()));
        return hash.GetHashAndReset();
    }
}
