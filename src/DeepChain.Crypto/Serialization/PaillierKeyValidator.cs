using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Crypto.Serialization;

/// <summary>
/// Turns integers read from serialized data into Paillier keys, reporting every failure as a
/// <see cref="KeyFormatException"/> that names the field and never shows its value.
/// </summary>
internal static class PaillierKeyValidator
{
    /// <summary>The largest modulus a serialized key may have; bounds the work an adversarial input can cause.</summary>
    internal const int MaximumModulusBits = 16384;

    /// <summary>A public key from a modulus read from field <paramref name="field"/>.</summary>
    public static PaillierPublicKey PublicKey(BigInteger n, string field, bool allowInsecureTestSizes)
    {
        if (n.Sign <= 0)
        {
            throw new KeyFormatException(field, "the modulus must be a positive integer.");
        }

        long bits = n.GetBitLength();
        if (bits > MaximumModulusBits)
        {
            throw new KeyFormatException(field, $"the modulus has {bits} bits; at most {MaximumModulusBits} are accepted.");
        }

        if (n.IsEven)
        {
            throw new KeyFormatException(field, "the modulus must be odd.");
        }

        if (!allowInsecureTestSizes && bits < PaillierPublicKey.MinimumModulusBits)
        {
            throw new KeyFormatException(field, $"the modulus has {bits} bits; at least {PaillierPublicKey.MinimumModulusBits} are required.");
        }

        try
        {
            return new PaillierPublicKey(n, allowInsecureTestSizes);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new KeyFormatException(field, "not an acceptable Paillier modulus.", ex);
        }
    }

    /// <summary>
    /// A private key from primes read from fields <paramref name="pField"/> and <paramref name="qField"/>, checked
    /// against the public modulus <paramref name="expectedN"/> when one was given alongside them.
    /// </summary>
    public static PaillierPrivateKey PrivateKey(BigInteger p, BigInteger q, BigInteger? expectedN, string pField, string qField,
        string nField, bool allowInsecureTestSizes, bool primesAlreadyTested = false)
    {
        CheckPrimeSize(p, pField);
        CheckPrimeSize(q, qField);
        if (expectedN is BigInteger n && p * q != n)
        {
            throw new KeyFormatException(pField, $"{pField}·{qField} does not equal the public modulus '{nField}'.");
        }

        if (p == q)
        {
            throw new KeyFormatException(qField, $"{pField} and {qField} must be different primes.");
        }

        if (!primesAlreadyTested)
        {
            if (!Primes.IsProbablePrime(p, Primes.AdversarialRounds))
            {
                throw new KeyFormatException(pField, "not a prime.");
            }

            if (!Primes.IsProbablePrime(q, Primes.AdversarialRounds))
            {
                throw new KeyFormatException(qField, "not a prime.");
            }
        }

        // Reported against the modulus so the message can say why without naming a value.
        long bits = (p * q).GetBitLength();
        if (!allowInsecureTestSizes && bits < PaillierPublicKey.MinimumModulusBits)
        {
            throw new KeyFormatException(nField, $"the modulus {pField}·{qField} has {bits} bits; at least {PaillierPublicKey.MinimumModulusBits} are required.");
        }

        try
        {
            return PaillierPrivateKey.FromPrimes(p, q, allowInsecureTestSizes, primesAlreadyTested: true);
        }
        catch (ArgumentException ex)
        {
            throw new KeyFormatException(qField, $"{pField} and {qField} do not form a Paillier key (gcd(pq, (p−1)(q−1)) must be 1).", ex);
        }
    }

    /// <summary>
    /// A private key from the older python-paillier form (λ, μ): factors n with λ, then checks that λ is a multiple of
    /// the Carmichael function and μ = λ⁻¹ mod n, so that m = L(c<sup>λ</sup> mod n²)·μ mod n agrees with our decryption.
    /// </summary>
    public static PaillierPrivateKey PrivateKeyFromLambda(PaillierPublicKey publicKey, BigInteger lambda, BigInteger mu,
        string lambdaField, string muField, string nField, bool allowInsecureTestSizes)
    {
        BigInteger n = publicKey.N;
        if (lambda.Sign <= 0 || lambda.GetBitLength() > 2L * MaximumModulusBits)
        {
            throw new KeyFormatException(lambdaField, "must be a positive integer no larger than n².");
        }

        if (mu.Sign <= 0 || mu >= n)
        {
            throw new KeyFormatException(muField, "must satisfy 0 < μ < n.");
        }

        if (!(lambda * mu % n).IsOne)
        {
            throw new KeyFormatException(muField, "μ is not the inverse of λ modulo n.");
        }

        if (!CarmichaelFactorization.TryFindFactor(n, lambda, out BigInteger factor))
        {
            throw new KeyFormatException(lambdaField, "λ is not a multiple of the Carmichael function of n (n could not be factored with it).");
        }

        BigInteger p = BigInteger.Min(factor, n / factor);
        BigInteger q = n / p;
        if (!Primes.IsProbablePrime(p, Primes.AdversarialRounds) || !Primes.IsProbablePrime(q, Primes.AdversarialRounds))
        {
            throw new KeyFormatException(nField, "the modulus is not a product of two primes.");
        }

        BigInteger pMinusOne = p - 1, qMinusOne = q - 1;
        BigInteger carmichael = pMinusOne / BigInteger.GreatestCommonDivisor(pMinusOne, qMinusOne) * qMinusOne;
        if (!(lambda % carmichael).IsZero)
        {
            throw new KeyFormatException(lambdaField, "λ is not a multiple of the Carmichael function of n.");
        }

        return PrivateKey(p, q, n, lambdaField, lambdaField, nField, allowInsecureTestSizes, primesAlreadyTested: true);
    }

    private static void CheckPrimeSize(BigInteger value, string field)
    {
        if (value.Sign <= 0)
        {
            throw new KeyFormatException(field, "must be a positive integer.");
        }

        if (value.GetBitLength() > MaximumModulusBits)
        {
            throw new KeyFormatException(field, $"has more than {MaximumModulusBits} bits.");
        }
    }
}
