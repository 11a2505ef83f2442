using System.Numerics;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Paillier;

/// <summary>A Paillier key pair: a public key for encryption and homomorphic operations and its private key.</summary>
/// <remarks>
/// Key generation draws two random primes of k/2 bits each with their top two bits set (so n has exactly k bits),
/// using <see cref="System.Security.Cryptography.RandomNumberGenerator"/>, an incremental small-prime sieve and
/// Miller–Rabin with error probability below 2⁻¹⁰⁰. Disposing the pair disposes the private key.
/// </remarks>
public sealed class PaillierKeyPair : IDisposable
{
    private PaillierKeyPair(PaillierPrivateKey privateKey)
    {
        PrivateKey = privateKey;
    }

    /// <summary>Gets the public key.</summary>
    public PaillierPublicKey PublicKey => PrivateKey.PublicKey;

    /// <summary>Gets the private key.</summary>
    public PaillierPrivateKey PrivateKey { get; }

    /// <summary>Generates a key pair with a modulus of exactly <paramref name="modulusBits"/> bits.</summary>
    /// <param name="modulusBits">At least <see cref="PaillierPublicKey.MinimumModulusBits"/>, even; default
    /// <see cref="PaillierPublicKey.DefaultModulusBits"/> (3072, 128-bit security).</param>
    /// <returns>A fresh key pair.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="modulusBits"/> is too small or odd.</exception>
    public static PaillierKeyPair Generate(int modulusBits = PaillierPublicKey.DefaultModulusBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modulusBits, PaillierPublicKey.MinimumModulusBits);
        return GenerateCore(modulusBits, allowInsecureTestSizes: false);
    }

    /// <summary>Test-only: generates a deliberately small, insecure key so tests run fast. Never use outside tests.</summary>
    internal static PaillierKeyPair GenerateInsecureForTests(int modulusBits) => GenerateCore(modulusBits, allowInsecureTestSizes: true);

    /// <summary>Disposes the private key.</summary>
    public void Dispose() => PrivateKey.Dispose();

    /// <summary>Describes the pair without revealing the private key.</summary>
    /// <returns>The public key's description.</returns>
    public override string ToString() => $"PaillierKeyPair({PublicKey})";

    private static PaillierKeyPair GenerateCore(int modulusBits, bool allowInsecureTestSizes)
    {
        if (modulusBits % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(modulusBits), "The modulus size must be even (two primes of equal size).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(modulusBits, 32);
        int primeBits = modulusBits / 2;
        while (true)
        {
            BigInteger p = Primes.RandomPrime(primeBits);
            BigInteger q = Primes.RandomPrime(primeBits);
            if (p == q || !BigInteger.GreatestCommonDivisor(p * q, (p - 1) * (q - 1)).IsOne)
            {
                continue;
            }

            return new PaillierKeyPair(PaillierPrivateKey.FromPrimes(p, q, allowInsecureTestSizes, primesAlreadyTested: true));
        }
    }
}
