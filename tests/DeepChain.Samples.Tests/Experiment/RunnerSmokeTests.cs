using System.Buffers.Binary;
using System.Globalization;
using DeepChain.Core.Aggregation;
using DeepChain.Samples.Mnist;
using DeepChain.Samples.Mnist.Experiment;
using DeepChain.Samples.Mnist.Reporting;
using SkiaSharp;

namespace DeepChain.Samples.Tests.Experiment;

public sealed class RunnerSmokeTests
{
    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    public static TheoryData<AggregationSchemeKind> Schemes =>
        [AggregationSchemeKind.Plain, AggregationSchemeKind.Paillier, AggregationSchemeKind.ThresholdPaillier, AggregationSchemeKind.Ckks, AggregationSchemeKind.MultipartyCkks];

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Run_TwoPartiesOneRound_WritesCsvPlotsAndAnAuditedLedger(AggregationSchemeKind scheme)
    {
        using var directory = new TemporaryDirectory();
        var options = new ExperimentOptions
        {
            Parties = [2],
            Schemes = [scheme],
            Rounds = 1,
            ImagesPerParty = 100,
            Quiet = true,
            OutputDirectory = directory.Path,
            InsecureTestKeys = true,
        };
        var runner = new DeepChainSessionRunner();

        int exitCode = await MnistCommand.RunAsync(options, [runner]);
        string name = SchemeNames.ToName(scheme);

        Assert.Equal(0, exitCode);
        string[] rounds = await File.ReadAllLinesAsync(directory.File("rounds.csv"));
        Assert.Equal(
            "scheme,parties,round,accuracy,macro_f1,loss,train_s,encrypt_s,aggregate_s,decrypt_s,ledger_s,round_s,bytes_per_party,gradients_per_s",
            rounds[0]);
        Assert.Equal(2, rounds.Length);
        string[] row = rounds[1].Split(',');
        Assert.Equal(14, row.Length);
        Assert.Equal([name, "2", "1"], row[..3]);
        double accuracy = double.Parse(row[3], CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.2, $"accuracy {accuracy} is not above chance (0.1)");
        Assert.True(long.Parse(row[12], CultureInfo.InvariantCulture) >= 101_770 * 2, $"{row[12]} bytes per party is less than 2 bytes per value");
        Assert.True(runner.LastAudit is { Passed: true }, runner.LastAudit?.Problem ?? "no audit");
        Assert.True(File.Exists(Path.Combine(directory.Path, "ledgers", $"{name}-2.db")));

        string[] summary = await File.ReadAllLinesAsync(directory.File("summary.csv"));
        Assert.Equal(ResultsCsv.SummaryHeader, summary[0]);
        Assert.Equal(2, summary.Length);

        string[] plots = [$"accuracy-vs-round-{name}.png", "final-accuracy-vs-parties.png", "round-time-vs-parties.png", "throughput-vs-gradients.png"];
        foreach (string plot in plots)
        {
            AssertIsNonTrivialPng(directory.File(plot));
        }
    }

    [Fact]
    public void Experiment_SchemeWithoutRunner_CannotRun()
    {
        var experiment = new MnistExperiment([new PlainFederatedAveragingRunner()]);

        Assert.True(experiment.CanRun(AggregationSchemeKind.Plain));
        Assert.False(experiment.CanRun(AggregationSchemeKind.ThresholdPaillier));
    }

    [Fact]
    public async Task Run_InvalidOptions_ReturnsOne()
    {
        int exitCode = await MnistCommand.RunAsync(new ExperimentOptions { Rounds = 0, Quiet = true }, ExperimentRunners.Default);

        Assert.Equal(1, exitCode);
    }

    private static void AssertIsNonTrivialPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith(s_pngSignature), $"{path} lacks the PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(800u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(500u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));

        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var colors = new HashSet<uint>();
        int inked = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var color = bitmap.GetPixel(x, y);
                colors.Add((uint)color);
                if (color.Red < 200 || color.Green < 200 || color.Blue < 200)
                {
                    inked++;
                }
            }
        }

        Assert.True(colors.Count >= 16, $"{path} has only {colors.Count} colours");
        Assert.True(inked > 1000, $"{path} has only {inked} drawn pixels");
    }
}
