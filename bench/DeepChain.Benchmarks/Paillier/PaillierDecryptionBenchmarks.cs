using System.Numerics;
using BenchmarkDotNet.Attributes;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Benchmarks.Paillier;

/// <summary>One Paillier decryption: c^λ mod n² without the CRT (baseline) against CRT over p² and q².</summary>
[MemoryDiagnoser]
public class PaillierDecryptionBenchmarks
{
    private PaillierKeyPair _keys = null!;
    private PaillierCiphertext _ciphertext = null!;
    private BigInteger _lambda;
    private BigInteger _mu;

    [Params(2048, 3072)]
    public int ModulusBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = PaillierKeyPair.Generate(ModulusBits);
        _ciphertext = _keys.PublicKey.Encrypt(_keys.PublicKey.N / 3);
        BigInteger p = _keys.PrivateKey.P, q = _keys.PrivateKey.Q;
        _lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
        _mu = BigInteger.ModPow(_lambda, ((p - 1) * (q - 1)) - 1, _keys.PublicKey.N); // λ⁻¹ mod n by Euler, gcd(λ, n) = 1
    }

    [GlobalCleanup]
    public void Cleanup() => _keys.Dispose();

    [Benchmark(Baseline = true)]
    public BigInteger DecryptBigIntegerModPow()
    {
        BigInteger n = _keys.PublicKey.N;
        BigInteger x = BigInteger.ModPow(_ciphertext.Value, _lambda, _keys.PublicKey.NSquared);
        return (x - 1) / n * _mu % n;
    }

    [Benchmark]
    public BigInteger DecryptMontgomeryWithoutCrt() => _keys.PrivateKey.DecryptWithoutCrt(_ciphertext);

    [Benchmark]
    public BigInteger DecryptCrt() => _keys.PrivateKey.Decrypt(_ciphertext);
}
