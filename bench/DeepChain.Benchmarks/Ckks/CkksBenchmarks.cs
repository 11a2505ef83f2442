using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Benchmarks.Ckks;

/// <summary>
/// CKKS operations at the presets (N = 4096: [40, 29, 40]; 8192: [60, 40, 40, 60]; 16384: [60, 40 ×7, 60]), pinned to
/// one core so the figures are per core. Native Microsoft SEAL 4.4.3 on a machine of this kind (N = 8192, same primes,
/// one core, no HEXL): encode+encrypt 4.83 ms, add 86 µs, decrypt+decode 1.31 ms, 847,706 values/s. Encode is the
/// baseline of the Ratio column.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneCore))]
public class CkksBenchmarks
{
    private CkksContext _context = null!;
    private CkksEncoder _encoder = null!;
    private CkksSecretKey _secretKey = null!;
    private CkksEncryptor _encryptor = null!;
    private CkksEncryptor _symmetric = null!;
    private CkksDecryptor _decryptor = null!;
    private CkksEvaluator _evaluator = null!;
    private CkksRelinearizationKey _relinearizationKey = null!;
    private CkksGaloisKeys _galoisKeys = null!;
    private double[] _values = null!;
    private float[] _gradient = null!;
    private CkksPlaintext _plaintext = null!;
    private CkksCiphertext _a = null!;
    private CkksCiphertext _b = null!;
    private CkksCiphertext _product = null!;
    private CkksCiphertext _accumulator = null!;

    [Params(4096, 8192, 16384)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _context = new CkksContext(CkksParameters.Preset(N));
        _encoder = new CkksEncoder(_context);
        var generator = new CkksKeyGenerator(_context);
        _secretKey = generator.CreateSecretKey();
        _encryptor = new CkksEncryptor(generator.CreatePublicKey(_secretKey));
        _symmetric = new CkksEncryptor(_secretKey);
        _decryptor = new CkksDecryptor(_secretKey);
        _evaluator = new CkksEvaluator(_context);
        _relinearizationKey = generator.CreateRelinearizationKey(_secretKey);
        _galoisKeys = generator.CreateGaloisKeys(_secretKey, [1]);
        var random = new Random(N);
        _values = Enumerable.Range(0, _encoder.SlotCount).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        _gradient = Enumerable.Range(0, 101_770).Select(_ => (float)((random.NextDouble() * 0.2) - 0.1)).ToArray();
        _plaintext = _encoder.Encode(_values);
        _a = _encryptor.Encrypt(_plaintext);
        _b = _encryptor.Encrypt(_plaintext);
        _product = _evaluator.MultiplyRelinearize(_a, _b, _relinearizationKey);
        _accumulator = _evaluator.Add(_a, _b);

        CkksCiphertext seeded = _symmetric.Encrypt(_plaintext);
        Console.WriteLine($"// N = {N}: ciphertext {CkksBinaryFormat.GetCiphertextSize(_a)} bytes (public-key, bit-packed), " +
            $"{CkksBinaryFormat.GetCiphertextSize(seeded)} bytes seeded (secret-key); 64-bit unpacked would be {2 * _a.LimbCount * N * 8} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _secretKey.Dispose();

    [Benchmark(Baseline = true)]
    public CkksPlaintext Encode() => _encoder.Encode(_values);

    /// <summary>A fresh secret key and its public key (SEAL's "keygen" figure covers the same two).</summary>
    [Benchmark]
    public CkksPublicKey KeyGenerationSecretAndPublic()
    {
        var generator = new CkksKeyGenerator(_context);
        using CkksSecretKey secretKey = generator.CreateSecretKey();
        return generator.CreatePublicKey(secretKey);
    }

    [Benchmark]
    public CkksCiphertext EncodeEncryptPublicKey() => _encryptor.Encrypt(_encoder.Encode(_values));

    [Benchmark]
    public CkksCiphertext EncodeEncryptSecretKeySeeded() => _symmetric.Encrypt(_encoder.Encode(_values));

    [Benchmark]
    public CkksCiphertext Add() => _evaluator.Add(_a, _b);

    /// <summary>a ← a + b without allocating (the accumulator of an aggregating worker); it drifts, which does not matter here.</summary>
    [Benchmark]
    public CkksCiphertext AddInPlace()
    {
        _evaluator.AddInPlace(_accumulator, _b);
        return _accumulator;
    }

    [Benchmark]
    public CkksCiphertext MultiplyRelinearize() => _evaluator.MultiplyRelinearize(_a, _b, _relinearizationKey);

    [Benchmark]
    public CkksCiphertext Rescale() => _evaluator.Rescale(_product);

    [Benchmark]
    public CkksCiphertext RotateOne() => _evaluator.Rotate(_a, 1, _galoisKeys);

    [Benchmark]
    public double[] DecryptDecode() => _encoder.Decode(_decryptor.Decrypt(_a));

    /// <summary>A 101,770-value gradient (the MNIST MLP), slot-packed and encrypted with the public key; values/s = 101,770 / time.</summary>
    [Benchmark]
    public int EncryptGradient101770()
    {
        int slots = _encoder.SlotCount, count = 0;
        var chunk = new double[slots];
        for (int start = 0; start < _gradient.Length; start += slots)
        {
            int length = Math.Min(slots, _gradient.Length - start);
            for (int j = 0; j < length; j++)
            {
                chunk[j] = _gradient[start + j];
            }

            count += _encryptor.Encrypt(_encoder.Encode(chunk.AsSpan(0, length))).Size;
        }

        return count;
    }

    private sealed class OneCore : ManualConfig
    {
        public OneCore() => AddJob(Job.Default.WithAffinity(1).WithId("OneCore"));
    }
}
