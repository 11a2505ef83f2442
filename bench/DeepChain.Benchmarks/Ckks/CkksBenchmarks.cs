using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Serialization;

namespace DeepChain.Benchmarks.Ckks;

/// <summary>
/// CKKS operations at the presets (N = 4096: [40, 29, 40]; 8192: [60, 40, 40, 60]; 16384: [60, 40 ×7, 60]), pinned to
/// one core so the figures are per core. Native Microsoft SEAL 4.4.3 on a machine of this kind (N = 8192, same primes,
/// one core, no HEXL): encode+encrypt 4.83 ms, add 86 µs, decrypt+decode 1.31 ms, 847,706 values/s. Encode is the
/// baseline of the Ratio column.
/// </summary>
/// <remarks>
/// <para>Each operation is measured twice: the allocating form (a new ciphertext or plaintext per call) and, suffixed
/// <c>Into</c>, the destination form writing into a buffer made once in the setup, which allocates nothing but the
/// encryptions' AES-CTR noise streams. The figures are per core: the job is pinned to the lowest core this process may
/// run on (so <c>taskset -c 1 dotnet run …</c> measures on core 1), where the limb loops run sequentially.</para>
/// <para>From N = 8192 an allocating form's result (393 KB at the top level) is above the runtime's 85,000-byte
/// large-object threshold, so its time is mostly the GC's large-object heap (a gen2 collection every ~80 results, fresh
/// memory for each), not the kernel: compare <c>Add</c> with <c>AddInto</c>, which runs the same SIMD kernel. An
/// application that must allocate can raise <c>System.GC.LOHThreshold</c> (Add at N = 8192 measured 414 µs → 148 µs with
/// it at 1 MiB, on the same loaded machine); hot loops should use the destination forms.</para>
/// <para>The ring degrees default to 4096, 8192 and 16384; <c>DEEPCHAIN_CKKS_N=8192</c> (a comma-separated list) picks
/// fewer. The set-up prints the SIMD rung the kernels run on.</para>
/// </remarks>
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
    private CkksPlaintext _plaintextDestination = null!;
    private CkksCiphertext _destination = null!;
    private CkksCiphertext _rescaled = null!;
    private double[] _decoded = null!;

    /// <summary>Gets the ring degrees to run: <c>DEEPCHAIN_CKKS_N</c> (comma-separated) or the three presets.</summary>
    public static IEnumerable<int> Degrees =>
        Environment.GetEnvironmentVariable("DEEPCHAIN_CKKS_N") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)
            : [4096, 8192, 16384];

    [ParamsSource(nameof(Degrees))]
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
        _plaintextDestination = CkksPlaintext.Create(_context);
        _destination = CkksCiphertext.Create(_context);
        _rescaled = CkksCiphertext.Create(_context, 2, _product.Level - 1);
        _decoded = new double[_encoder.SlotCount];

        Console.WriteLine($"// SIMD: CKKS kernels (NTT, coefficient-wise mod ops) run on {NttTables.BestKernel} " +
            $"(Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}); " +
            $"{Environment.ProcessorCount} processor(s) visible, so limb loops run {(Environment.ProcessorCount > 1 && N >= 4096 ? "in parallel" : "sequentially")}");

        CkksCiphertext seeded = _symmetric.Encrypt(_plaintext);
        Console.WriteLine($"// N = {N}: ciphertext {CkksBinaryFormat.GetCiphertextSize(_a)} bytes (public-key, bit-packed), " +
            $"{CkksBinaryFormat.GetCiphertextSize(seeded)} bytes seeded (secret-key); 64-bit unpacked would be {2 * _a.LimbCount * N * 8} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _secretKey.Dispose();

    [Benchmark(Baseline = true)]
    public CkksPlaintext Encode() => _encoder.Encode(_values);

    [Benchmark]
    public CkksPlaintext EncodeInto()
    {
        _encoder.Encode(_values, null, _plaintextDestination);
        return _plaintextDestination;
    }

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
    public CkksCiphertext EncryptPublicKey() => _encryptor.Encrypt(_plaintext);

    [Benchmark]
    public CkksCiphertext EncryptPublicKeyInto()
    {
        _encryptor.Encrypt(_plaintext, _destination);
        return _destination;
    }

    [Benchmark]
    public CkksCiphertext EncryptSecretKey() => _symmetric.Encrypt(_plaintext);

    [Benchmark]
    public CkksCiphertext EncryptSecretKeyInto()
    {
        _symmetric.Encrypt(_plaintext, _destination);
        return _destination;
    }

    [Benchmark]
    public CkksCiphertext Add() => _evaluator.Add(_a, _b);

    [Benchmark]
    public CkksCiphertext AddInto()
    {
        _evaluator.Add(_a, _b, _destination);
        return _destination;
    }

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
    public CkksCiphertext MultiplyRelinearizeInto()
    {
        _evaluator.MultiplyRelinearize(_a, _b, _relinearizationKey, _destination);
        return _destination;
    }

    [Benchmark]
    public CkksCiphertext Rescale() => _evaluator.Rescale(_product);

    [Benchmark]
    public CkksCiphertext RescaleInto()
    {
        _evaluator.Rescale(_product, _rescaled);
        return _rescaled;
    }

    [Benchmark]
    public CkksCiphertext RotateOne() => _evaluator.Rotate(_a, 1, _galoisKeys);

    [Benchmark]
    public CkksCiphertext RotateOneInto()
    {
        _evaluator.Rotate(_a, 1, _galoisKeys, _destination);
        return _destination;
    }

    [Benchmark]
    public double[] DecryptDecode() => _encoder.Decode(_decryptor.Decrypt(_a));

    [Benchmark]
    public double[] DecryptDecodeInto()
    {
        _decryptor.Decrypt(_a, _plaintextDestination);
        _encoder.Decode(_plaintextDestination, _decoded);
        return _decoded;
    }

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
        public OneCore() => AddJob(Job.Default.WithAffinity(LowestAllowedCore()).WithId("OneCore"));

        /// <summary>The mask of the lowest core this process may run on, so an outer <c>taskset</c> picks the core.</summary>
        private static IntPtr LowestAllowedCore()
        {
            nint allowed = OperatingSystem.IsLinux() || OperatingSystem.IsWindows() ? Process.GetCurrentProcess().ProcessorAffinity : 1;
            return allowed == 0 ? 1 : allowed & -allowed;
        }
    }
}
