using System.Numerics;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// One party's share sᵢ = f(i) of the threshold key's secret exponent: it makes this party's decryption shares.
/// </summary>
/// <remarks>
/// <para>A key share is a secret. It never appears in <see cref="ToString"/>; keep it on disk only through
/// <c>ThresholdPaillierBinaryFormat</c> or <c>ThresholdPaillierJson</c> and protect the file. Dispose it when done:
/// the secret is dropped and later calls throw <see cref="ObjectDisposedException"/>. (<see cref="BigInteger"/> is
/// immutable, so copies the runtime made cannot be wiped.)</para>
/// <para>Making a share costs one exponentiation modulo n² with a (2·bits(n) + log₂ ℓ!)-bit exponent, and its proof two
/// more of about 400 bits longer; the batch form proves a whole sequence of ciphertexts with one proof, and computes its
/// shares four or eight at a time in SIMD lanes (about 1.8 times as fast per share on AVX2 for a 2048-bit n).</para>
/// </remarks>
public sealed class ThresholdKeyShare : IDisposable
{
    private BigInteger _secret;
    private bool _disposed;

    internal ThresholdKeyShare(ThresholdPaillierPublicKey publicKey, int index, BigInteger secret)
    {
        publicKey.CheckIndex(index);
        PublicKey = publicKey;
        Index = index;
        _secret = secret;
    }

    /// <summary>Gets the party index i (1 … ℓ).</summary>
    public int Index { get; }

    /// <summary>Gets the threshold key's public material.</summary>
    public ThresholdPaillierPublicKey PublicKey { get; }

    internal BigInteger Secret
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secret;
        }
    }

    /// <summary>Makes this party's decryption share of one ciphertext, with its proof.</summary>
    /// <param name="ciphertext">A ciphertext under <see cref="ThresholdPaillierPublicKey.PaillierKey"/>.</param>
    /// <returns>The share cᵢ = c<sup>2Δsᵢ</sup> mod n² and its proof.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">The ciphertext is not in Z*<sub>n²</sub>.</exception>
    /// <exception cref="ObjectDisposedException">The key share was disposed.</exception>
    public DecryptionShare CreateDecryptionShare(PaillierCiphertext ciphertext)
    {
        PublicKey.PaillierKey.CheckCiphertextIsUnit(ciphertext, nameof(ciphertext));
        BigInteger secretExponent = PublicKey.Delta * Secret;
        BigInteger value = ShareValue(ciphertext.Value, secretExponent);
        DecryptionShareProof proof = DecryptionShareProof.Create(PublicKey, Index, secretExponent, ciphertext.Value, value, "single"u8);
        return new DecryptionShare(Index, value, proof);
    }

    /// <summary>Makes this party's decryption shares of many ciphertexts (in parallel), with one proof for all.</summary>
    /// <param name="ciphertexts">Ciphertexts under <see cref="ThresholdPaillierPublicKey.PaillierKey"/>; at least one.</param>
    /// <returns>The shares in the order of <paramref name="ciphertexts"/> and their common proof.</returns>
    /// <exception cref="ArgumentException"><paramref name="ciphertexts"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">A ciphertext is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    /// <exception cref="InvalidCiphertextException">A ciphertext is not in Z*<sub>n²</sub>.</exception>
    /// <exception cref="ObjectDisposedException">The key share was disposed.</exception>
    public DecryptionShareBatch CreateDecryptionShares(ReadOnlySpan<PaillierCiphertext> ciphertexts) =>
        CreateDecryptionShares(ciphertexts, new ParallelOptions(), completed: null);

    /// <summary>As <see cref="CreateDecryptionShares(ReadOnlySpan{PaillierCiphertext})"/>, on bounded threads, calling
    /// <paramref name="completed"/> after each share value (from any thread).</summary>
    internal DecryptionShareBatch CreateDecryptionShares(ReadOnlySpan<PaillierCiphertext> ciphertexts, ParallelOptions options, Action? completed)
    {
        if (ciphertexts.IsEmpty)
        {
            throw new ArgumentException("At least one ciphertext is needed.", nameof(ciphertexts));
        }

        foreach (PaillierCiphertext c in ciphertexts)
        {
            PublicKey.PaillierKey.CheckCiphertextIsUnit(c, nameof(ciphertexts));
        }

        BigInteger[] values = PublicKey.CiphertextValues(ciphertexts, nameof(ciphertexts));

        BigInteger secretExponent = PublicKey.Delta * Secret;
        var shares = new BigInteger[values.Length];

        // All shares use the same exponent 2Δsᵢ, so they are computed a group at a time, one ciphertext per SIMD lane
        // (MontgomeryContext.PowSecretBatch); the groups run in parallel.
        MontgomeryContext context = PublicKey.PaillierKey.NSquaredContext;
        BigInteger exponent = secretExponent << 1;
        int exponentBits = PublicKey.SecretExponentBits + 1;
        int group = Math.Max(1, MontgomeryContext.BestLaneCount);
        Parallel.For(0, (values.Length + group - 1) / group, options, g =>
        {
            int start = g * group;
            int count = Math.Min(group, values.Length - start);
            context.PowSecretBatch(values.AsSpan(start, count), exponent, exponentBits, shares.AsSpan(start, count));
            for (int j = 0; j < count; j++)
            {
                completed?.Invoke();
            }
        });
        DecryptionShareProof proof = DecryptionShareProof.CreateBatch(PublicKey, Index, secretExponent, values, shares);
        return new DecryptionShareBatch(Index, shares, proof);
    }

    /// <summary>Drops the secret; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _secret = BigInteger.Zero;
        _disposed = true;
    }

    /// <summary>Describes the share by its party and key, never by its secret.</summary>
    /// <returns>A string such as <c>ThresholdKeyShare(party 3 of 8, threshold 5, 1f2e3d4c5b6a7988)</c>.</returns>
    public override string ToString() =>
        $"ThresholdKeyShare(party {Index} of {PublicKey.Parties}, threshold {PublicKey.Threshold}, {PublicKey.GetFingerprint()})";

    private BigInteger ShareValue(BigInteger ciphertext, BigInteger secretExponent) =>
        PublicKey.PaillierKey.NSquaredContext.PowSecret(ciphertext, secretExponent << 1, PublicKey.SecretExponentBits + 1);
}
