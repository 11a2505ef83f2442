using System.Numerics;
using BenchmarkDotNet.Attributes;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Benchmarks.Paillier;

/// <summary>
/// One Paillier encryption with fresh randomness: textbook rⁿ with BigInteger.ModPow (baseline), textbook rⁿ with
/// Montgomery exponentiation, and DeepChain's fixed-base DJN randomizer.
/// </summary>
[MemoryDiagnoser]
public class PaillierEncryptionBenchmarks
{
    private PaillierKeyPair _keys = null!;
    private BigInteger _plaintext;

    [Params(2048, 3072)]
    public int ModulusBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = PaillierKeyPair.Generate(ModulusBits);
        _plaintext = _keys.PublicKey.N - 12345;
        _ = _keys.PublicKey.Encrypt(1); // builds the fixed-base table outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup() => _keys.Dispose();

    [Benchmark(Baseline = true)]
    public BigInteger EncryptBigIntegerModPow() => PaillierEncryptor.EncryptWithModPow(_plaintext, _keys.PublicKey.N, _keys.PublicKey.NSquared);

    [Benchmark]
    public BigInteger EncryptMontgomeryFullRandomizer() => _keys.PublicKey.Encryptor.EncryptFullRandomizer(_plaintext);

    [Benchmark]
    public PaillierCiphertext EncryptFixedBase() => _keys.PublicKey.Encrypt(_plaintext);
}
