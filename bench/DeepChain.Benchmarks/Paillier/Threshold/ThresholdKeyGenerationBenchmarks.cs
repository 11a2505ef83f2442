using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Benchmarks.Paillier.Threshold;

/// <summary>
/// Dealer key generation (two safe primes, shares and verification keys for 8 parties, t = 5), five cold runs each;
/// ordinary Paillier key generation (two random primes) is the baseline. Read the Median column.
/// </summary>
[Config(typeof(FiveColdRuns))]
public class ThresholdKeyGenerationBenchmarks
{
    [Params(2048, 3072)]
    public int ModulusBits { get; set; }

    [Benchmark(Baseline = true)]
    public void OrdinaryKeyPair()
    {
        using PaillierKeyPair keys = PaillierKeyPair.Generate(ModulusBits);
    }

    [Benchmark]
    public void ThresholdDealer()
    {
        using ThresholdPaillierKeySet keys = ThresholdPaillierDealer.Generate(ModulusBits, 8, 5);
    }

    private sealed class FiveColdRuns : ManualConfig
    {
        public FiveColdRuns() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithId("FiveRuns"));
    }
}
