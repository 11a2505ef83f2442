using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using DeepChain.Crypto.Encoding;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Benchmarks.Paillier.Threshold;

/// <summary>
/// Joint decryption of one packed 101,770-value gradient sum (the MNIST MLP 784-128-10, 16-bit values, 8 parties,
/// t = 5): one party's share batch, the combiner (checking 5 batch proofs and interpolating every ciphertext), and the
/// whole decryption on one machine (5 batches + combination), against an ordinary CRT decryption of the same
/// ciphertexts as the baseline. Each case runs once (seconds to minutes per operation), in its own process: the
/// in-process toolchain refuses operations of minutes.
/// </summary>
[Config(typeof(SingleShot))]
public class ThresholdPackedDecryptionBenchmarks
{
    private const int GradientLength = 101_770;
    private const int PartyCount = 8;
    private const int Threshold = 5;

    private ThresholdPaillierKeySet _keys = null!;
    private PaillierPrivateKey _ordinary = null!;
    private PaillierCiphertext[] _aggregate = null!;
    private DecryptionShareBatch[] _batches = null!;

    [Params(2048)]
    public int ModulusBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = ThresholdBenchmarkKeys.Deal(ModulusBits, PartyCount, Threshold);
        _ordinary = ThresholdBenchmarkKeys.OrdinaryKey(ModulusBits);
        PaillierPublicKey key = _keys.PublicKey.PaillierKey;
        var quantizer = new GradientQuantizer(1f, 16);
        var packer = new SlotPacker(ModulusBits, quantizer.Bits, PartyCount);
        var random = new Random(42);
        var offsets = new uint[GradientLength];
        var gradient = new float[GradientLength];
        PaillierCiphertext[]? sum = null;
        for (int party = 0; party < PartyCount; party++)
        {
            for (int i = 0; i < GradientLength; i++)
            {
                gradient[i] = (float)((random.NextDouble() * 2) - 1);
            }

            quantizer.QuantizeOffset(gradient, offsets);
            PaillierCiphertext[] encrypted = key.Encrypt(packer.Pack(offsets));
            sum = sum is null ? encrypted : [.. sum.Zip(encrypted, key.Add)];
        }

        _aggregate = sum!;
        _batches = [.. _keys.Shares.Take(Threshold).Select(s => s.CreateDecryptionShares(_aggregate))];
        Console.WriteLine($"// {_aggregate.Length} ciphertexts of {packer.SlotsPerPlaintext} slots for {GradientLength} values");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keys.Dispose();
        _ordinary.Dispose();
    }

    [Benchmark(Baseline = true)]
    public object OrdinaryCrtDecryptAll() => _ordinary.Decrypt(_aggregate);

    [Benchmark]
    public DecryptionShareBatch OnePartyShareBatch() => _keys.Shares[0].CreateDecryptionShares(_aggregate);

    [Benchmark]
    public ThresholdBatchDecryptionResult CombineFiveBatches() => new DecryptionShareCombiner(_keys.PublicKey).Combine(_aggregate, _batches);

    [Benchmark]
    public ThresholdBatchDecryptionResult EndToEndOnOneMachine()
    {
        DecryptionShareBatch[] batches = [.. _keys.Shares.Skip(PartyCount - Threshold).Select(s => s.CreateDecryptionShares(_aggregate))];
        return new DecryptionShareCombiner(_keys.PublicKey).Combine(_aggregate, batches);
    }

    private sealed class SingleShot : ManualConfig
    {
        public SingleShot() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(0)
            .WithIterationCount(1)
            .WithId("SingleShot"));
    }
}
