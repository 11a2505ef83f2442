using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using DeepChain.Core.Aggregation;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier.Threshold;

namespace DeepChain.Benchmarks.Aggregation;

/// <summary>
/// One full aggregation round per scheme and party count, timed phase by phase (a console report, since the
/// threshold-Paillier cases run for minutes): every party encrypts, the aggregate is summed, the threshold parties make
/// their decryption shares, every share is verified, and the shares are combined. Writes a CSV.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/DeepChain.Benchmarks -- aggregation-round [--schemes Plain,Ckks,...]
/// [--parties 2,4,8,16] [--bits 16] [--values 101770] [--csv path]</c>. Pin it to one core (<c>taskset -c 1</c>) to read
/// the times as single-core CPU time. Threshold-Paillier keys are dealt from a pair of 1024-bit safe primes generated once
/// and cached (as benchmark-only material) in <c>BenchmarkDotNet.Artifacts/aggregation-safe-primes-2048.txt</c>.
/// </remarks>
internal static class AggregationRoundReport
{
    private const string PrimesFile = "BenchmarkDotNet.Artifacts/aggregation-safe-primes-2048.txt";

    public static void Run(string[] args)
    {
        string[] schemes = Option(args, "--schemes", "Plain,Ckks,MultipartyCkks,Paillier,ThresholdPaillier").Split(',');
        int[] partyCounts = Option(args, "--parties", "2,4,8,16").Split(',').Select(int.Parse).ToArray();
        int[] bitsList = Option(args, "--bits", "16").Split(',').Select(int.Parse).ToArray();
        int values = int.Parse(Option(args, "--values", "101770"), CultureInfo.InvariantCulture);
        string csv = Option(args, "--csv", "BenchmarkDotNet.Artifacts/aggregation-round.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(csv))!);
        bool newFile = !File.Exists(csv);
        using var writer = new StreamWriter(csv, append: true);
        if (newFile)
        {
            writer.WriteLine("scheme,parties,threshold,bits,values,ciphertexts_per_party,cores,keygen_s,encrypt_s_per_party,upload_bytes_per_party,aggregate_s,share_s_per_party,share_bytes_per_party,verify_s_per_share,combine_s,party_crypto_s,round_s,max_abs_error");
        }

        Console.WriteLine($"cores: {Environment.ProcessorCount}; kernels: {GradientKernels.ActivePath}");
        Console.WriteLine("scheme            n   t bits  cts  keygen  enc/party  upload/party  aggregate  share/party  share bytes  verify/share  combine  party crypto  round   max|err|");
        foreach (string name in schemes)
        {
            AggregationSchemeKind kind = Enum.Parse<AggregationSchemeKind>(name);
            foreach (int bits in kind is AggregationSchemeKind.Paillier or AggregationSchemeKind.ThresholdPaillier ? bitsList : [bitsList[0]])
            {
                foreach (int parties in partyCounts)
                {
                    string line = RunOne(kind, parties, bits, values);
                    writer.WriteLine(line);
                    writer.Flush();
                }
            }
        }
    }

    private static string RunOne(AggregationSchemeKind kind, int parties, int bits, int valueCount)
    {
        int threshold = ThresholdFor(parties);
        var options = new AggregationSchemeOptions { Parties = parties, Threshold = threshold, QuantizationBits = bits };
        var clock = Stopwatch.StartNew();
        using IAggregationScheme scheme = kind == AggregationSchemeKind.ThresholdPaillier
            ? new ThresholdPaillierAggregationScheme(options, Deal(parties, threshold))
            : AggregationSchemes.Create(kind, options);
        double keygen = clock.Elapsed.TotalSeconds;

        var random = new Random(parties * 1000 + bits);
        float[][] gradients = Enumerable.Range(0, parties)
            .Select(_ => Enumerable.Range(0, valueCount).Select(_ => (float)(random.NextDouble() - 0.5) * 0.02f).ToArray())
            .ToArray();

        var uploads = new EncryptedGradient[parties];
        clock.Restart();
        for (int p = 0; p < parties; p++)
        {
            uploads[p] = EncryptedGradient.Parse(scheme.Encrypt(p, 0, gradients[p]).ToBytes());
        }

        double encrypt = clock.Elapsed.TotalSeconds / parties;
        long uploadBytes = uploads[0].SerializedSize;

        clock.Restart();
        EncryptedGradient aggregate = scheme.Aggregate(uploads);
        double aggregateTime = clock.Elapsed.TotalSeconds;

        int sharers = scheme.Threshold == 0 ? 0 : scheme.Threshold;
        var shares = new PartialDecryption[sharers];
        clock.Restart();
        for (int p = 0; p < sharers; p++)
        {
            shares[p] = PartialDecryption.Parse(scheme.CreateDecryptionShare(p, aggregate).ToBytes());
        }

        double share = sharers == 0 ? 0 : clock.Elapsed.TotalSeconds / sharers;
        long shareBytes = sharers == 0 ? 0 : shares[0].SerializedSize;

        clock.Restart();
        foreach (PartialDecryption s in shares)
        {
            if (!scheme.VerifyDecryptionShare(aggregate, s))
            {
                throw new InvalidOperationException($"An honest share of party {s.Party} did not verify.");
            }
        }

        double verify = sharers == 0 ? 0 : clock.Elapsed.TotalSeconds / sharers;

        var sum = new float[valueCount];
        clock.Restart();
        scheme.Decrypt(aggregate, shares, sum);
        double combine = clock.Elapsed.TotalSeconds;

        var expected = new float[valueCount];
        GradientKernels.Sum(gradients.Select(g => (ReadOnlyMemory<float>)g).ToArray(), expected);
        double maxError = 0;
        for (int i = 0; i < valueCount; i++)
        {
            maxError = Math.Max(maxError, Math.Abs(expected[i] - sum[i]));
        }

        int ciphertexts = kind switch
        {
            AggregationSchemeKind.ThresholdPaillier => ((ThresholdPaillierAggregationScheme)scheme).GetCiphertextCount(valueCount),
            AggregationSchemeKind.Paillier => (valueCount + ((PaillierAggregationScheme)scheme).ValuesPerCiphertext - 1) / ((PaillierAggregationScheme)scheme).ValuesPerCiphertext,
            AggregationSchemeKind.Ckks => (valueCount + ((CkksAggregationScheme)scheme).ValuesPerCiphertext - 1) / ((CkksAggregationScheme)scheme).ValuesPerCiphertext,
            AggregationSchemeKind.MultipartyCkks => (valueCount + ((MultipartyCkksAggregationScheme)scheme).ValuesPerCiphertext - 1) / ((MultipartyCkksAggregationScheme)scheme).ValuesPerCiphertext,
            _ => 0,
        };

        double partyCrypto = encrypt + share;
        double round = (encrypt * parties) + aggregateTime + (share * sharers) + (verify * sharers) + combine;
        int reportedBits = scheme.Quantization?.Bits ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind,-16} {parties,3} {scheme.Threshold,3} {reportedBits,4} {ciphertexts,4} {keygen,7:0.00} {encrypt,10:0.000} {uploadBytes,13:N0} {aggregateTime,10:0.000} {share,12:0.000} {shareBytes,12:N0} {verify,13:0.000} {combine,8:0.000} {partyCrypto,13:0.000} {round,7:0.00} {maxError,10:0.0e0}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{kind},{parties},{scheme.Threshold},{reportedBits},{valueCount},{ciphertexts},{Environment.ProcessorCount},{keygen:0.###},{encrypt:0.####},{uploadBytes},{aggregateTime:0.####},{share:0.####},{shareBytes},{verify:0.####},{combine:0.####},{partyCrypto:0.####},{round:0.###},{maxError:0.###e0}");
    }

    /// <summary>The thresholds of the issue: 8 parties, t = 5; otherwise ⌊2n/3⌋ + 1 (2 of 2, 3 of 4, 11 of 16).</summary>
    private static int ThresholdFor(int parties) => parties == 8 ? 5 : (2 * parties / 3) + 1;

    private static ThresholdPaillierKeySet Deal(int parties, int threshold)
    {
        BigInteger p, q;
        if (File.Exists(PrimesFile))
        {
            string[] lines = File.ReadAllLines(PrimesFile);
            p = BigInteger.Parse(lines[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            q = BigInteger.Parse(lines[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else
        {
            var clock = Stopwatch.StartNew();
            BigInteger[] primes = SafePrimes.Generate(1024, 2);
            (p, q) = (primes[0], primes[1]);
            Directory.CreateDirectory(Path.GetDirectoryName(PrimesFile)!);
            File.WriteAllLines(PrimesFile, ["0" + p.ToString("X", CultureInfo.InvariantCulture), "0" + q.ToString("X", CultureInfo.InvariantCulture)]);
            Console.WriteLine($"(generated two 1024-bit safe primes in {clock.Elapsed.TotalSeconds:0.0} s; cached in {PrimesFile})");
        }

        return ThresholdPaillierDealer.Deal(p, q, parties, threshold, allowInsecureTestSizes: false);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
