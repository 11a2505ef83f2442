using System.Collections.Concurrent;
using System.Numerics;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Benchmarks.Paillier.Threshold;

/// <summary>
/// Safe primes generated once per process and size (the threshold benchmarks run in-process, so every benchmark
/// case deals its keys from the same primes instead of paying seconds of safe-prime search each).
/// </summary>
internal static class ThresholdBenchmarkKeys
{
    private static readonly ConcurrentDictionary<int, (BigInteger P, BigInteger Q)> s_primes = new();

    public static ThresholdPaillierKeySet Deal(int modulusBits, int parties, int threshold)
    {
        (BigInteger p, BigInteger q) = s_primes.GetOrAdd(modulusBits, bits =>
        {
            BigInteger[] primes = SafePrimes.Generate(bits / 2, 2);
            return (primes[0], primes[1]);
        });
        return ThresholdPaillierDealer.Deal(p, q, parties, threshold, allowInsecureTestSizes: false);
    }

    /// <summary>An ordinary Paillier key on the same primes, for baselines.</summary>
    public static DeepChain.Crypto.Paillier.PaillierPrivateKey OrdinaryKey(int modulusBits)
    {
        (BigInteger p, BigInteger q) = s_primes[modulusBits];
        return DeepChain.Crypto.Paillier.PaillierPrivateKey.FromPrimes(p, q);
    }

    /// <summary>The thresholds the issue names: (3, 2), (8, 5), (16, 11).</summary>
    public static int ThresholdFor(int parties) => parties switch
    {
        3 => 2,
        8 => 5,
        16 => 11,
        _ => (2 * parties / 3) + 1,
    };
}
