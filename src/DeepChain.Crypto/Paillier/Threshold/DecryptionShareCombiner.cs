using System.Numerics;
using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// Combines decryption shares into the plaintext: checks every share it uses, rejects (and names) the parties whose
/// shares fail, and decrypts from any t valid ones.
/// </summary>
/// <remarks>
/// <para>For a set S of t party indices, λᵢ = Δ·∏<sub>j∈S, j≠i</sub> j/(j − i) is an integer (Shoup 2000, Lemma 1), and
/// ∏ cᵢ<sup>2λᵢ</sup> = c<sup>4Δ²d</sup> = 1 + 4Δ²·M·n (mod n²) because d ≡ 0 (mod m) and d ≡ 1 (mod n); so
/// M = L(∏ cᵢ<sup>2λᵢ</sup>)·(4Δ²)⁻¹ mod n. Negative λᵢ are handled without inverting modulo n²: with P and Q the
/// products over the positive and the negative coefficients, P ≡ Q·(1 + 4Δ²Mn), so M = ((P − Q)/n)·(4Δ²Q)⁻¹ mod n.</para>
/// <para>Shares are checked in index order, t at a time and in parallel, until t valid ones are found; shares beyond
/// those are neither checked nor used. Two shares with the same index are refused outright
/// (<see cref="DuplicateDecryptionShareException"/>); fewer than t valid shares raise
/// <see cref="InsufficientDecryptionSharesException"/>, which names the rejected parties.</para>
/// </remarks>
public sealed class DecryptionShareCombiner
{
    /// <summary>Creates a combiner for one threshold key.</summary>
    /// <param name="publicKey">The threshold key's public material.</param>
    /// <exception cref="ArgumentNullException"><paramref name="publicKey"/> is <see langword="null"/>.</exception>
    public DecryptionShareCombiner(ThresholdPaillierPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        PublicKey = publicKey;
    }

    /// <summary>Gets the threshold key whose shares this combiner accepts.</summary>
    public ThresholdPaillierPublicKey PublicKey { get; }

    /// <summary>Decrypts one ciphertext from its decryption shares.</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="shares">Decryption shares of <paramref name="ciphertext"/> from distinct parties, in any order.</param>
    /// <returns>The plaintext, the parties whose shares were used, and the parties whose shares were rejected.</returns>
    /// <exception cref="ArgumentNullException">An argument or a share is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">The ciphertext was produced under another key.</exception>
    /// <exception cref="DuplicateDecryptionShareException">Two shares carry the same party index.</exception>
    /// <exception cref="InsufficientDecryptionSharesException">Fewer than t shares are valid.</exception>
    public ThresholdDecryptionResult Combine(PaillierCiphertext ciphertext, IEnumerable<DecryptionShare> shares)
    {
        PublicKey.PaillierKey.CheckCiphertext(ciphertext, nameof(ciphertext));
        DecryptionShare[] ordered = OrderAndCheckDistinct(shares, share => share.Index, nameof(shares));
        (int[] used, List<RejectedDecryptionShare> rejected) = SelectValid(ordered,
            share => share.Index,
            share => DecryptionShareProof.Check(PublicKey, ciphertext.Value, share));
        var byIndex = ordered.ToDictionary(share => share.Index);
        BigInteger[] values = Array.ConvertAll(used, index => byIndex[index].Value);
        BigInteger plaintext = Interpolate(used, values, requireConsistent: true);
        return new ThresholdDecryptionResult(plaintext, used, rejected);
    }

    /// <summary>Decrypts a sequence of ciphertexts from the parties' decryption-share batches.</summary>
    /// <param name="ciphertexts">The ciphertexts, in the order every batch was made for.</param>
    /// <param name="batches">One batch per party (distinct parties, any order), each covering all of <paramref name="ciphertexts"/>.</param>
    /// <returns>The plaintexts in order, the parties whose batches were used, and those whose batches were rejected.</returns>
    /// <exception cref="ArgumentNullException">An argument, a ciphertext or a batch is <see langword="null"/>.</exception>
    /// <exception cref="PaillierKeyMismatchException">A ciphertext was produced under another key.</exception>
    /// <exception cref="DuplicateDecryptionShareException">Two batches carry the same party index.</exception>
    /// <exception cref="InsufficientDecryptionSharesException">Fewer than t batches are valid.</exception>
    public ThresholdBatchDecryptionResult Combine(ReadOnlySpan<PaillierCiphertext> ciphertexts, IEnumerable<DecryptionShareBatch> batches)
    {
        BigInteger[] values = PublicKey.CiphertextValues(ciphertexts, nameof(ciphertexts));
        DecryptionShareBatch[] ordered = OrderAndCheckDistinct(batches, batch => batch.Index, nameof(batches));
        (int[] used, List<RejectedDecryptionShare> rejected) = SelectValid(ordered,
            batch => batch.Index,
            batch => DecryptionShareProof.CheckBatch(PublicKey, values, batch));
        var byIndex = ordered.ToDictionary(batch => batch.Index);
        DecryptionShareBatch[] usedBatches = Array.ConvertAll(used, index => byIndex[index]);
        var plaintexts = new BigInteger[values.Length];
        Parallel.For(0, values.Length, j =>
        {
            var shareValues = new BigInteger[usedBatches.Length];
            for (int k = 0; k < usedBatches.Length; k++)
            {
                shareValues[k] = usedBatches[k].ValueArray[j];
            }

            plaintexts[j] = Interpolate(used, shareValues, requireConsistent: true);
        });

        return new ThresholdBatchDecryptionResult(plaintexts, used, rejected);
    }

    /// <summary>
    /// Decrypts from exactly t batches whose proofs the caller has already checked (for example with
    /// <see cref="ThresholdPaillierPublicKey.Verify(ReadOnlySpan{PaillierCiphertext}, DecryptionShareBatch)"/> as they
    /// arrived), so the proofs are not verified twice; interpolation still requires consistent shares.
    /// </summary>
    internal BigInteger[] CombineVerified(ReadOnlySpan<PaillierCiphertext> ciphertexts, IReadOnlyList<DecryptionShareBatch> batches, ParallelOptions options)
    {
        BigInteger[] values = PublicKey.CiphertextValues(ciphertexts, nameof(ciphertexts));
        DecryptionShareBatch[] ordered = OrderAndCheckDistinct(batches, batch => batch.Index, nameof(batches));
        if (ordered.Length != PublicKey.Threshold)
        {
            throw new ArgumentException($"Exactly {PublicKey.Threshold} verified batches are needed, not {ordered.Length}.", nameof(batches));
        }

        int[] used = Array.ConvertAll(ordered, batch => batch.Index);
        var plaintexts = new BigInteger[values.Length];
        Parallel.For(0, values.Length, options, j =>
        {
            var shareValues = new BigInteger[ordered.Length];
            for (int k = 0; k < ordered.Length; k++)
            {
                shareValues[k] = ordered[k].ValueArray[j];
            }

            plaintexts[j] = Interpolate(used, shareValues, requireConsistent: true);
        });

        return plaintexts;
    }

    /// <summary>
    /// Test-only: interpolates whatever shares it is given, unchecked and regardless of the threshold, so tests can show
    /// that fewer than t shares give a wrong value.
    /// </summary>
    internal BigInteger CombineUnchecked(IReadOnlyList<DecryptionShare> shares) =>
        Interpolate(shares.Select(share => share.Index).ToArray(), shares.Select(share => share.Value).ToArray(), requireConsistent: false);

    /// <summary>The Lagrange coefficients at 0, scaled by Δ: λᵢ = Δ·∏<sub>j≠i</sub> j/(j − i), exact integers.</summary>
    internal static BigInteger[] LagrangeCoefficients(int[] indices, BigInteger delta)
    {
        var coefficients = new BigInteger[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            BigInteger numerator = delta, denominator = BigInteger.One;
            int i = indices[k];
            foreach (int j in indices)
            {
                if (j != i)
                {
                    numerator *= j;
                    denominator *= j - i;
                }
            }

            coefficients[k] = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
            if (!remainder.IsZero)
            {
                throw new InvalidOperationException("A Lagrange coefficient scaled by Δ must be an integer.");
            }
        }

        return coefficients;
    }

    private static T[] OrderAndCheckDistinct<T>(IEnumerable<T> items, Func<T, int> indexOf, string parameterName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, parameterName);
        T[] array = items.ToArray();
        var seen = new HashSet<int>();
        foreach (T item in array)
        {
            ArgumentNullException.ThrowIfNull(item, parameterName);
            if (!seen.Add(indexOf(item)))
            {
                throw new DuplicateDecryptionShareException(indexOf(item), parameterName);
            }
        }

        Array.Sort(array, (x, y) => indexOf(x).CompareTo(indexOf(y)));
        return array;
    }

    /// <summary>Checks candidates in index order, as many at a time as are still needed, until t are valid.</summary>
    private (int[] Used, List<RejectedDecryptionShare> Rejected) SelectValid<T>(T[] ordered, Func<T, int> indexOf, Func<T, string?> check)
    {
        int threshold = PublicKey.Threshold;
        var used = new List<int>(threshold);
        var rejected = new List<RejectedDecryptionShare>();
        int next = 0;
        while (used.Count < threshold && next < ordered.Length)
        {
            int take = Math.Min(threshold - used.Count, ordered.Length - next);
            var reasons = new string?[take];
            int offset = next;
            Parallel.For(0, take, k => reasons[k] = check(ordered[offset + k]));
            for (int k = 0; k < take; k++)
            {
                int index = indexOf(ordered[offset + k]);
                if (reasons[k] is null)
                {
                    used.Add(index);
                }
                else
                {
                    rejected.Add(new RejectedDecryptionShare(index, reasons[k]!));
                }
            }

            next += take;
        }

        if (used.Count < threshold)
        {
            throw new InsufficientDecryptionSharesException(threshold, used.Count, rejected);
        }

        return (used.ToArray(), rejected);
    }

    private BigInteger Interpolate(int[] indices, BigInteger[] shareValues, bool requireConsistent)
    {
        BigInteger n = PublicKey.N;
        MontgomeryContext modNSquared = PublicKey.PaillierKey.NSquaredContext;
        BigInteger[] lambdas = LagrangeCoefficients(indices, PublicKey.Delta);
        BigInteger positive = BigInteger.One, negative = BigInteger.One;
        for (int k = 0; k < indices.Length; k++)
        {
            if (lambdas[k].IsZero)
            {
                continue;
            }

            BigInteger power = modNSquared.Pow(shareValues[k], BigInteger.Abs(lambdas[k]) << 1);
            if (lambdas[k].Sign > 0)
            {
                positive = positive * power % PublicKey.PaillierKey.NSquared;
            }
            else
            {
                negative = negative * power % PublicKey.PaillierKey.NSquared;
            }
        }

        BigInteger difference = NumberTheory.Mod(positive - negative, PublicKey.PaillierKey.NSquared);
        BigInteger quotient = BigInteger.DivRem(difference, n, out BigInteger remainder);
        if (requireConsistent && !remainder.IsZero)
        {
            throw new CryptographicException("The verified decryption shares do not combine consistently.");
        }

        BigInteger scale = 4 * PublicKey.Delta * PublicKey.Delta * negative % n;
        return quotient * NumberTheory.ModInverse(scale, n) % n;
    }
}
