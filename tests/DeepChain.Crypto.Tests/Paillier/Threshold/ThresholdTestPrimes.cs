using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Crypto.Tests.Paillier.Threshold;

/// <summary>
/// One pair of small, insecure safe primes (a 256-bit n), generated once per test class, from which tests deal as many
/// threshold keys as they like: dealing is cheap, safe-prime generation is not.
/// </summary>
public sealed class ThresholdTestPrimes
{
    /// <summary>The modulus size of keys dealt from these primes.</summary>
    public const int ModulusBits = 256;

    public ThresholdTestPrimes()
    {
        BigInteger[] primes = SafePrimes.Generate(ModulusBits / 2, 2);
        P = primes[0];
        Q = primes[1];
    }

    public BigInteger P { get; }

    public BigInteger Q { get; }

    public BigInteger N => P * Q;

    public ThresholdPaillierKeySet Deal(int parties, int threshold) =>
        ThresholdPaillierDealer.Deal(P, Q, parties, threshold, allowInsecureTestSizes: true);
}
