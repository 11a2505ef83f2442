using System.Numerics;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>
/// A trusted dealer that generates a t-of-ℓ threshold Paillier key and splits its secret among ℓ parties.
/// </summary>
/// <remarks>
/// <para>The dealer draws safe primes p = 2p′ + 1 and q = 2q′ + 1 (sieved windows, Miller–Rabin and Pocklington, on every
/// core), sets n = pq, m = p′q′ and d = m·(m⁻¹ mod n), so d ≡ 0 (mod m) and d ≡ 1 (mod n); shares d with a random
/// polynomial f of degree t − 1 over Z<sub>nm</sub> (f(0) = d, sᵢ = f(i)); picks a random square v of Z*<sub>n²</sub>
/// and publishes vᵢ = v<sup>Δsᵢ</sup>. It sees every secret, so it must be trusted and should forget the key set
/// (dispose it) once the shares are delivered. Shoup (2000); Damgård and Jurik (2001).</para>
/// <para>Generation time is dominated by the two safe primes: measured medians are in the README.</para>
/// </remarks>
public static class ThresholdPaillierDealer
{
    /// <summary>The largest modulus, in bits, the dealer generates.</summary>
    public const int MaximumModulusBits = 8192;

    /// <summary>Generates a threshold key and one share per party.</summary>
    /// <param name="modulusBits">The size of n in bits, from <see cref="PaillierPublicKey.MinimumModulusBits"/> to
    /// <see cref="MaximumModulusBits"/>.</param>
    /// <param name="parties">The number of parties ℓ, 1 ≤ ℓ ≤ <see cref="ThresholdPaillierPublicKey.MaximumParties"/>.</param>
    /// <param name="threshold">The number of shares t that decrypt, 1 ≤ t ≤ ℓ.</param>
    /// <returns>The public material and the ℓ key shares; dispose it after handing the shares out.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ThresholdPaillierKeySet Generate(int modulusBits, int parties, int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modulusBits, PaillierPublicKey.MinimumModulusBits);
        return GenerateCore(modulusBits, parties, threshold, allowInsecureTestSizes: false);
    }

    /// <summary>
    /// Generates one modulus and deals a key set for each (parties, threshold) configuration over it: one safe-prime
    /// search instead of one per configuration.
    /// </summary>
    /// <param name="modulusBits">The size of n in bits, from <see cref="PaillierPublicKey.MinimumModulusBits"/> to
    /// <see cref="MaximumModulusBits"/>.</param>
    /// <param name="configurations">The party counts and thresholds, each as in <see cref="Generate"/>.</param>
    /// <returns>One key set per configuration, in order; dispose each after handing its shares out.</returns>
    /// <remarks>Every key set shares the modulus n (with independent Shamir sharings of the secret exponent), so a
    /// ciphertext under one decrypts under all: use a family for experiments that compare configurations on the same
    /// data, never for tasks whose parties must not read each other's gradients. Safe-prime generation dominates key
    /// generation (tens of seconds at 2,048 bits), dealing takes milliseconds.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="configurations"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static ThresholdPaillierKeySet[] GenerateFamily(int modulusBits, IReadOnlyList<(int Parties, int Threshold)> configurations) =>
        GenerateFamilyCore(modulusBits, configurations, allowInsecureTestSizes: false);

    /// <summary>Test-only: <see cref="GenerateFamily"/> with moduli far below the public minimum.</summary>
    internal static ThresholdPaillierKeySet[] GenerateFamilyInsecureForTests(int modulusBits, IReadOnlyList<(int Parties, int Threshold)> configurations) =>
        GenerateFamilyCore(modulusBits, configurations, allowInsecureTestSizes: true);

    /// <summary>Test-only: allows moduli far below the public minimum so tests run fast.</summary>
    internal static ThresholdPaillierKeySet GenerateInsecureForTests(int modulusBits, int parties, int threshold) =>
        GenerateCore(modulusBits, parties, threshold, allowInsecureTestSizes: true);

    /// <summary>Deals a key from given safe primes (tests reuse one pair of primes for many dealings).</summary>
    internal static ThresholdPaillierKeySet Deal(BigInteger p, BigInteger q, int parties, int threshold, bool allowInsecureTestSizes)
    {
        ThresholdPaillierPublicKey.CheckPartiesAndThreshold(parties, threshold);
        if (p == q)
        {
            throw new ArgumentException("p and q must be different safe primes.", nameof(q));
        }

        BigInteger n = p * q;
        BigInteger m = ((p - 1) >> 1) * ((q - 1) >> 1);
        BigInteger nm = n * m;
        var paillierKey = new PaillierPublicKey(n, allowInsecureTestSizes);
        BigInteger d = m * NumberTheory.ModInverse(m, n) % nm;

        // f(X) = d + a₁X + … + a_{t−1}X^{t−1} over Z_{nm}.
        var coefficients = new BigInteger[threshold];
        coefficients[0] = d;
        for (int k = 1; k < threshold; k++)
        {
            coefficients[k] = NumberTheory.RandomBelow(nm);
        }

        var secrets = new BigInteger[parties];
        for (int i = 1; i <= parties; i++)
        {
            BigInteger value = BigInteger.Zero;
            for (int k = threshold - 1; k >= 0; k--)
            {
                value = ((value * i) + coefficients[k]) % nm;
            }

            secrets[i - 1] = value;
        }

        Array.Clear(coefficients);
        BigInteger nSquared = paillierKey.NSquared;
        BigInteger v;
        do
        {
            BigInteger r = NumberTheory.RandomUnit(nSquared);
            v = r * r % nSquared;
        }
        while (v.IsOne);

        BigInteger delta = ThresholdPaillierPublicKey.Factorial(parties);
        int secretExponentBits = (2 * paillierKey.ModulusBits) + (int)delta.GetBitLength();
        var verificationKeys = new BigInteger[parties];
        MontgomeryContext modNSquared = paillierKey.NSquaredContext;
        Parallel.For(0, parties, i => verificationKeys[i] = modNSquared.PowSecret(v, delta * secrets[i], secretExponentBits));

        var publicKey = new ThresholdPaillierPublicKey(paillierKey, parties, threshold, v, verificationKeys);
        var shares = new ThresholdKeyShare[parties];
        for (int i = 0; i < parties; i++)
        {
            shares[i] = new ThresholdKeyShare(publicKey, i + 1, secrets[i]);
        }

        Array.Clear(secrets);
        return new ThresholdPaillierKeySet(publicKey, shares);
    }

    private static ThresholdPaillierKeySet GenerateCore(int modulusBits, int parties, int threshold, bool allowInsecureTestSizes) =>
        GenerateFamilyCore(modulusBits, [(parties, threshold)], allowInsecureTestSizes)[0];

    private static ThresholdPaillierKeySet[] GenerateFamilyCore(int modulusBits, IReadOnlyList<(int Parties, int Threshold)> configurations, bool allowInsecureTestSizes)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        if (!allowInsecureTestSizes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(modulusBits, PaillierPublicKey.MinimumModulusBits);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(modulusBits, MaximumModulusBits);
        ArgumentOutOfRangeException.ThrowIfLessThan(modulusBits, 64);
        foreach ((int parties, int threshold) in configurations)
        {
            ThresholdPaillierPublicKey.CheckPartiesAndThreshold(parties, threshold);
        }

        int pBits = (modulusBits + 1) / 2, qBits = modulusBits / 2;
        BigInteger p, q;
        if (pBits == qBits)
        {
            BigInteger[] primes = SafePrimes.Generate(pBits, 2);
            (p, q) = (primes[0], primes[1]);
        }
        else
        {
            p = SafePrimes.Generate(pBits, 1)[0];
            q = SafePrimes.Generate(qBits, 1)[0];
        }

        return [.. configurations.Select(c => Deal(p, q, c.Parties, c.Threshold, allowInsecureTestSizes))];
    }
}
