using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Benchmarks.Paillier.Threshold;

/// <summary>
/// Threshold Paillier per ciphertext: one party's decryption share with its proof, the check of one share, and the
/// combination (Lagrange interpolation in the exponent) of t checked shares, against an ordinary CRT decryption with
/// the same modulus as the baseline.
/// </summary>
[Config(typeof(InProcessShortRun))]
public class ThresholdPaillierBenchmarks
{
    private ThresholdPaillierKeySet _keys = null!;
    private PaillierPrivateKey _ordinary = null!;
    private PaillierCiphertext _ciphertext = null!;
    private DecryptionShare _share = null!;
    private DecryptionShare[] _thresholdShares = null!;
    private DecryptionShareCombiner _combiner = null!;

    [Params(2048, 3072)]
    public int ModulusBits { get; set; }

    [Params(3, 8, 16)]
    public int Parties { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = ThresholdBenchmarkKeys.Deal(ModulusBits, Parties, ThresholdBenchmarkKeys.ThresholdFor(Parties));
        _ordinary = ThresholdBenchmarkKeys.OrdinaryKey(ModulusBits);
        _ciphertext = _keys.PublicKey.PaillierKey.Encrypt(_keys.PublicKey.N / 7);
        _thresholdShares = [.. _keys.Shares.Take(_keys.PublicKey.Threshold).Select(s => s.CreateDecryptionShare(_ciphertext))];
        _share = _thresholdShares[0];
        _combiner = new DecryptionShareCombiner(_keys.PublicKey);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keys.Dispose();
        _ordinary.Dispose();
    }

    [Benchmark(Baseline = true)]
    public BigInteger OrdinaryCrtDecrypt() => _ordinary.Decrypt(_ciphertext);

    [Benchmark]
    public DecryptionShare CreateShareWithProof() => _keys.Shares[0].CreateDecryptionShare(_ciphertext);

    [Benchmark]
    public bool VerifyShare() => _keys.PublicKey.Verify(_ciphertext, _share);

    /// <summary>Interpolation of t shares already checked (what the combiner adds after checking).</summary>
    [Benchmark]
    public BigInteger CombineCheckedShares() => _combiner.CombineUnchecked(_thresholdShares);

    /// <summary>In-process (the safe primes are shared across cases); every operation takes milliseconds, so single
    /// invocations per iteration are timed directly: one warm-up, seven measured.</summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(7)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("InProcess"));
    }
}
