using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// A non-interactive zero-knowledge proof that a decryption share was made with the same secret as its party's
/// verification key: log<sub>c⁴</sub>(cᵢ²) = log<sub>v</sub>(vᵢ) in Z*<sub>n²</sub>.
/// </summary>
/// <remarks>
/// <para>Chaum–Pedersen equality of discrete logarithms made non-interactive with Fiat–Shamir, as in Shoup (2000) and
/// Damgård–Jurik (2001). With x = Δ·sᵢ, the prover draws r of <c>bits(x) + 256 + 128</c> bits, computes
/// a = c<sup>4r</sup>, b = v<sup>r</sup>, the challenge e = SHA-256(transcript ‖ a ‖ b) and the response z = r + e·x
/// over the integers (r hides e·x statistically, to 2<sup>−128</sup>). The verifier recomputes
/// a = c<sup>4z</sup>·cᵢ<sup>−2e</sup>, b = v<sup>z</sup>·vᵢ<sup>−e</sup> and accepts when the hash gives e again.
/// The proof is the pair (e, z).</para>
/// <para>The transcript is domain-separated and binds everything the statement depends on: a digest of the whole public
/// key (n, ℓ, t, v, all vᵢ), the party index, c and cᵢ. A proof therefore fails for another ciphertext, another share
/// value, another party or another key. Squaring cᵢ in the statement makes the proof (and the combination) insensitive
/// to the sign ±1 a share might carry, which is why shares are c<sup>2Δsᵢ</sup> and the base is c⁴.</para>
/// <para>For a <see cref="DecryptionShareBatch"/> the statement is proven once for C = ∏ c<sub>j</sub><sup>ρⱼ</sup> and
/// D = ∏ c<sub>i,j</sub><sup>ρⱼ</sup>, with 128-bit coefficients ρⱼ drawn from a hash of every ciphertext and every
/// share value in the batch (a small-exponent batch test, Bellare–Garay–Rabin 1998): if any share is wrong, the combined
/// statement is false except with probability about 2<sup>−128</sup>.</para>
/// </remarks>
public sealed class DecryptionShareProof
{
    /// <summary>The size of the challenge e in bytes (SHA-256).</summary>
    public const int ChallengeSize = 32;

    private const int BatchCoefficientBytes = 16;

    private readonly byte[] _challenge;

    /// <summary>Creates a proof from its parts (for example ones read from another implementation).</summary>
    /// <param name="challenge">The challenge e, exactly <see cref="ChallengeSize"/> bytes.</param>
    /// <param name="response">The response z, a non-negative integer.</param>
    /// <exception cref="ArgumentException"><paramref name="challenge"/> does not have <see cref="ChallengeSize"/> bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="response"/> is negative.</exception>
    public DecryptionShareProof(ReadOnlySpan<byte> challenge, BigInteger response)
    {
        if (challenge.Length != ChallengeSize)
        {
            throw new ArgumentException($"The challenge has {challenge.Length} bytes; it must have {ChallengeSize}.", nameof(challenge));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(response.Sign, nameof(response));
        _challenge = challenge.ToArray();
        Response = response;
    }

    /// <summary>Gets the challenge e (the SHA-256 output, read as a big-endian unsigned integer).</summary>
    public ReadOnlySpan<byte> Challenge => _challenge;

    /// <summary>Gets the response z = r + e·Δ·sᵢ.</summary>
    public BigInteger Response { get; }

    /// <summary>Describes the proof by the start of its challenge and the size of its response.</summary>
    /// <returns>A string such as <c>DecryptionShareProof(e = 1f2e3d4c…, z: 4488 bits)</c>.</returns>
    public override string ToString() => $"DecryptionShareProof(e = {Convert.ToHexStringLower(_challenge.AsSpan(0, 4))}…, z: {Response.GetBitLength()} bits)";

    /// <summary>Proves log<sub>C⁴</sub>(D²) = log<sub>v</sub>(vᵢ) = x.</summary>
    internal static DecryptionShareProof Create(ThresholdPaillierPublicKey key, int index, BigInteger secretExponent,
        BigInteger baseValue, BigInteger shareValue, ReadOnlySpan<byte> context)
    {
        MontgomeryContext modNSquared = key.PaillierKey.NSquaredContext;
        BigInteger r = NumberTheory.RandomBits(key.NonceBits);
        BigInteger a = modNSquared.PowSecret(baseValue, r << 2, key.NonceBits + 2);
        BigInteger b = modNSquared.PowSecret(key.VerificationBase, r, key.NonceBits);
        byte[] challenge = ComputeChallenge(key, index, baseValue, shareValue, a, b, context);
        BigInteger e = new(challenge, isUnsigned: true, isBigEndian: true);
        return new DecryptionShareProof(challenge, r + (e * secretExponent));
    }

    /// <summary>Checks one share against one ciphertext; returns <see langword="null"/> when valid, else the reason.</summary>
    internal static string? Check(ThresholdPaillierPublicKey key, BigInteger ciphertext, DecryptionShare share)
    {
        string? problem = CheckIndexAndValue(key, share.Index, share.Value);
        if (problem is not null)
        {
            return problem;
        }

        return Verify(key, share.Index, ciphertext, share.Value, share.Proof, SingleContext)
            ? null
            : "the proof of correct decryption does not verify (wrong secret, altered value, or another ciphertext).";
    }

    /// <summary>Checks a batch against its ciphertexts; returns <see langword="null"/> when valid, else the reason.</summary>
    internal static string? CheckBatch(ThresholdPaillierPublicKey key, BigInteger[] ciphertexts, DecryptionShareBatch batch)
    {
        if (batch.Count != ciphertexts.Length)
        {
            return $"the batch has {batch.Count} share values for {ciphertexts.Length} ciphertexts.";
        }

        if (ciphertexts.Length == 0)
        {
            return "the batch is empty.";
        }

        for (int j = 0; j < batch.Count; j++)
        {
            string? problem = CheckIndexAndValue(key, batch.Index, batch.Values[j]);
            if (problem is not null)
            {
                return $"share value {j}: {problem}";
            }
        }

        (BigInteger combinedBase, BigInteger combinedShare, byte[] context) = CombineBatch(key, batch.Index, ciphertexts, batch.Values);
        return Verify(key, batch.Index, combinedBase, combinedShare, batch.Proof, context)
            ? null
            : "the batch proof of correct decryption does not verify (wrong secret, an altered value, or other ciphertexts).";
    }

    /// <summary>Proves a whole batch at once (see the remarks on the class).</summary>
    internal static DecryptionShareProof CreateBatch(ThresholdPaillierPublicKey key, int index, BigInteger secretExponent,
        BigInteger[] ciphertexts, IReadOnlyList<BigInteger> shareValues)
    {
        (BigInteger combinedBase, BigInteger combinedShare, byte[] context) = CombineBatch(key, index, ciphertexts, shareValues);
        return Create(key, index, secretExponent, combinedBase, combinedShare, context);
    }

    private static ReadOnlySpan<byte> SingleContext => "single"u8;

    private static string? CheckIndexAndValue(ThresholdPaillierPublicKey key, int index, BigInteger value)
    {
        if (index < 1 || index > key.Parties)
        {
            return $"no party has index {index} (the key has parties 1 to {key.Parties}).";
        }

        if (value.Sign <= 0 || value >= key.PaillierKey.NSquared)
        {
            return "the share value is not in the range 1 … n² − 1.";
        }

        return null;
    }

    private static bool Verify(ThresholdPaillierPublicKey key, int index, BigInteger baseValue, BigInteger shareValue,
        DecryptionShareProof proof, ReadOnlySpan<byte> context)
    {
        BigInteger z = proof.Response;
        if (z.GetBitLength() > key.NonceBits + 1)
        {
            return false;
        }

        BigInteger nSquared = key.PaillierKey.NSquared;
        BigInteger shareInverse;
        try
        {
            shareInverse = NumberTheory.ModInverse(shareValue, nSquared);
        }
        catch (ArithmeticException)
        {
            return false;
        }

        MontgomeryContext modNSquared = key.PaillierKey.NSquaredContext;
        BigInteger e = new(proof._challenge, isUnsigned: true, isBigEndian: true);
        BigInteger a = modNSquared.Pow(baseValue, z << 2) * modNSquared.Pow(shareInverse, e << 1) % nSquared;
        BigInteger b = modNSquared.Pow(key.VerificationBase, z) * modNSquared.Pow(key.GetVerificationKeyInverse(index), e) % nSquared;
        byte[] expected = ComputeChallenge(key, index, baseValue, shareValue, a, b, context);
        return CryptographicOperations.FixedTimeEquals(expected, proof._challenge);
    }

    private static byte[] ComputeChallenge(ThresholdPaillierPublicKey key, int index, BigInteger baseValue, BigInteger shareValue,
        BigInteger a, BigInteger b, ReadOnlySpan<byte> context)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("DeepChain/threshold-paillier/decryption-share-proof/v1"u8);
        hash.AppendData(key.Digest);
        Transcript.AppendInt32(hash, context.Length);
        hash.AppendData(context);
        Transcript.AppendInt32(hash, index);
        Transcript.AppendInteger(hash, baseValue);
        Transcript.AppendInteger(hash, shareValue);
        Transcript.AppendInteger(hash, a);
        Transcript.AppendInteger(hash, b);
        return hash.GetHashAndReset();
    }

    /// <summary>C = ∏ cⱼ<sup>ρⱼ</sup>, D = ∏ Dⱼ<sup>ρⱼ</sup> with ρⱼ from a hash of the whole batch; the context binds the seed.</summary>
    private static (BigInteger Base, BigInteger Share, byte[] Context) CombineBatch(ThresholdPaillierPublicKey key, int index,
        BigInteger[] ciphertexts, IReadOnlyList<BigInteger> shareValues)
    {
        byte[] seed;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            hash.AppendData("DeepChain/threshold-paillier/batch-coefficients/v1"u8);
            hash.AppendData(key.Digest);
            Transcript.AppendInt32(hash, index);
            Transcript.AppendInt32(hash, ciphertexts.Length);
            foreach (BigInteger c in ciphertexts)
            {
                Transcript.AppendInteger(hash, c);
            }

            foreach (BigInteger d in shareValues)
            {
                Transcript.AppendInteger(hash, d);
            }

            seed = hash.GetHashAndReset();
        }

        var coefficients = new BigInteger[ciphertexts.Length];
        Span<byte> block = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> input = stackalloc byte[seed.Length + 4];
        seed.CopyTo(input);
        for (int j = 0; j < coefficients.Length; j++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input[seed.Length..], j);
            SHA256.HashData(input, block);
            coefficients[j] = new BigInteger(block[..BatchCoefficientBytes], isUnsigned: true, isBigEndian: true);
        }

        MontgomeryContext modNSquared = key.PaillierKey.NSquaredContext;
        BigInteger combinedBase = MultiExponentiation.ProductOfPowers(modNSquared, ciphertexts, coefficients, 8 * BatchCoefficientBytes);
        BigInteger[] shares = shareValues as BigInteger[] ?? shareValues.ToArray();
        BigInteger combinedShare = MultiExponentiation.ProductOfPowers(modNSquared, shares, coefficients, 8 * BatchCoefficientBytes);
        byte[] context = new byte[5 + seed.Length];
        "batch"u8.CopyTo(context);
        seed.CopyTo(context.AsSpan(5));
        return (combinedBase, combinedShare, context);
    }
}
