using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Ckks.Multiparty;

namespace DeepChain.Benchmarks.Ckks;

/// <summary>
/// Multiparty CKKS at the N = 8192 preset with 8 parties, one core: one party's public-key share, aggregating the 8
/// shares into the collective key, one party's partial decryption (with smudging), and combining the 8 partial
/// decryptions (with the validity check); an ordinary single-key decryption is the baseline.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneCore))]
public class CkksMultipartyBenchmarks
{
    private const int Parties = 8;
    private CkksContext _context = null!;
    private CkksSecretKey[] _secrets = null!;
    private CkksCollectiveKeyGenerator _collective = null!;
    private CkksPublicKeyShare[] _shares = null!;
    private CkksCollectiveDecryptor _decryptor = null!;
    private CkksCiphertext _ciphertext = null!;
    private CkksPartialDecryption[] _partials = null!;
    private CkksDecryptor _single = null!;
    private CkksSecretKey _singleKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = new CkksContext(CkksParameters.Preset(8192));
        var generator = new CkksKeyGenerator(_context);
        _secrets = [.. Enumerable.Range(0, Parties).Select(_ => generator.CreateSecretKey())];
        _collective = new CkksCollectiveKeyGenerator(_context, CkksCollectiveKeyGenerator.CreateCommonSeed());
        _shares = [.. _secrets.Select((s, i) => _collective.CreateShare(i + 1, s))];
        CkksPublicKey publicKey = _collective.Aggregate(_shares);
        var encoder = new CkksEncoder(_context);
        _ciphertext = new CkksEncryptor(publicKey).Encrypt(encoder.Encode(Enumerable.Range(0, encoder.SlotCount).Select(i => i / 8192.0).ToArray(), Math.Pow(2, 80)));
        _decryptor = new CkksCollectiveDecryptor(_context, Parties);
        _partials = [.. _secrets.Select((s, i) => _decryptor.CreatePartialDecryption(_ciphertext, i + 1, s))];
        _singleKey = generator.CreateSecretKey();
        _single = new CkksDecryptor(_singleKey);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CkksSecretKey s in _secrets)
        {
            s.Dispose();
        }

        _singleKey.Dispose();
    }

    [Benchmark(Baseline = true)]
    public CkksPlaintext SingleKeyDecrypt() => _single.Decrypt(_ciphertext);

    [Benchmark]
    public CkksPublicKeyShare PublicKeyShare() => _collective.CreateShare(1, _secrets[0]);

    [Benchmark]
    public CkksPublicKey AggregateEightShares() => _collective.Aggregate(_shares);

    [Benchmark]
    public CkksPartialDecryption PartialDecryption() => _decryptor.CreatePartialDecryption(_ciphertext, 1, _secrets[0]);

    [Benchmark]
    public CkksPlaintext CombineEightPartials() => _decryptor.Combine(_ciphertext, _partials);

    private sealed class OneCore : ManualConfig
    {
        public OneCore() => AddJob(Job.Default.WithAffinity(1).WithId("OneCore"));
    }
}
