using System.Numerics;
using DeepChain.Crypto.Ckks;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>The context's RNS conversions against BigInteger arithmetic.</summary>
public sealed class CkksContextTests
{
    private readonly CkksContext _context = new(new CkksParameters(64, [60, 40, 30, 50], Math.Pow(2, 30), allowInsecure: true));

    [Property(MaxTest = 50)]
    public void ToRns_SignedCoefficients_AreResiduesModuloEveryPrime(int seed, bool large)
    {
        var random = new Random(seed);
        long[] coefficients = Enumerable.Range(0, 64).Select(_ => large ? random.NextInt64(long.MinValue / 2, long.MaxValue / 2) : random.Next(-40, 41)).ToArray();
        int[] primes = _context.ExtendedPrimes(3);
        var residues = new ulong[primes.Length * 64];

        _context.ToRns(coefficients, residues, primes);

        for (int b = 0; b < primes.Length; b++)
        {
            BigInteger q = _context.Moduli[primes[b]];
            for (int k = 0; k < 64; k++)
            {
                Assert.Equal((ulong)(((coefficients[k] % q) + q) % q), residues[(b * 64) + k]);
            }
        }
    }

    [Property(MaxTest = 50)]
    public void CenteredLift_MapsEachResidueToItsNearestRepresentativeModuloTarget(int seed)
    {
        var random = new Random(seed);
        ulong p = _context.Moduli[^1];
        ulong[] residues = Enumerable.Range(0, 64).Select(k => k switch { 0 => 0UL, 1 => p - 1, 2 => p / 2, 3 => (p / 2) + 1, _ => (ulong)random.NextInt64((long)p) }).ToArray();
        var lifted = new ulong[64];

        for (int target = 0; target < 3; target++)
        {
            _context.CenteredLift(residues, p, target, lifted);
            BigInteger q = _context.Moduli[target];
            for (int k = 0; k < 64; k++)
            {
                BigInteger centered = residues[k] > p / 2 ? (BigInteger)residues[k] - p : residues[k];
                Assert.Equal((ulong)(((centered % q) + q) % q), lifted[k]);
            }
        }
    }
}
