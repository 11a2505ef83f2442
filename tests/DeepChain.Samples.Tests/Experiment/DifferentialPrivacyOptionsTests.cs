using System.Globalization;
using DeepChain.Core.Aggregation;
using DeepChain.Core.Training;
using DeepChain.Core.Training.Privacy;
using DeepChain.Samples.Mnist;
using DeepChain.Samples.Mnist.Experiment;
using DeepChain.Samples.Mnist.Reporting;

namespace DeepChain.Samples.Tests.Experiment;

/// <summary>The sample's differential-privacy options: parsing, calibration, validation, and short runs of both experiments.</summary>
public sealed class DifferentialPrivacyOptionsTests
{
    [Fact]
    public void Parse_PrivacyOptions_ReadsEveryValue()
    {
        var result = MnistCommand.Create(ExperimentRunners.Default).Parse("--experiment privacy --dp-epsilon 1,2.5 --dp-clip 3 --dp-delta 1e-6");

        Assert.Empty(result.Errors);
        Assert.Equal("privacy", result.GetValue<string>("--experiment"));
        Assert.Equal([1, 2.5], result.GetValue<double[]>("--dp-epsilon")!);
        Assert.Equal(3, result.GetValue<double>("--dp-clip"));
        Assert.Equal(1e-6, result.GetValue<double>("--dp-delta"));
        Assert.Null(result.GetValue<double?>("--dp-noise"));
    }

    [Theory]
    [InlineData("--dp-epsilon 0")]
    [InlineData("--dp-epsilon 1,abc")]
    [InlineData("--dp-noise x")]
    [InlineData("--experiment ages")]
    public void Parse_InvalidPrivacyValue_ReportsAnError(string arguments) =>
        Assert.NotEmpty(MnistCommand.Create(ExperimentRunners.Default).Parse(arguments).Errors);

    [Fact]
    public void ToPrivacyOptions_NoBudgetNoNoise_IsNull() => Assert.Null(new ExperimentOptions().ToPrivacyOptions());

    [Fact]
    public void ToPrivacyOptions_BudgetOnly_CalibratesNoiseThatSpendsTheBudgetOverTheRounds()
    {
        var options = new ExperimentOptions { Rounds = 12, DpEpsilon = [4], DpClip = 2, DpDelta = 1e-6 };

        DifferentialPrivacyOptions privacy = options.ToPrivacyOptions()!;
        double spent = new PrivacyBudgetTerms(privacy.NoiseMultiplier, privacy.ClipNorm, 1, privacy.Delta, double.PositiveInfinity).SpentAfter(12).Epsilon;

        Assert.Equal(4, privacy.EpsilonBudget);
        Assert.Equal(2, privacy.ClipNorm);
        Assert.Equal(1e-6, privacy.Delta);
        Assert.InRange(spent, 4 * 0.999, 4);
    }

    [Fact]
    public void ToPrivacyOptions_NoiseOnly_UsesItWithoutABudget()
    {
        DifferentialPrivacyOptions privacy = new ExperimentOptions { DpNoise = 0.7 }.ToPrivacyOptions()!;

        Assert.Equal(0.7, privacy.NoiseMultiplier);
        Assert.Null(privacy.EpsilonBudget);
    }

    [Theory]
    [InlineData("several budgets")]
    [InlineData("noise in sweep")]
    [InlineData("clip")]
    [InlineData("delta")]
    public void Validate_InvalidPrivacyOptions_Throws(string fault)
    {
        var options = fault switch
        {
            "several budgets" => new ExperimentOptions { DpEpsilon = [1, 2] },
            "noise in sweep" => new ExperimentOptions { Experiment = ExperimentKind.Privacy, DpNoise = 1 },
            "clip" => new ExperimentOptions { DpNoise = 1, DpClip = -1 },
            _ => new ExperimentOptions { DpNoise = 1, DpDelta = 1 },
        };

        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }

    [Fact]
    public async Task Run_PartiesWithFixedNoiseAndBudget_StopsAtTheRefusedRoundAndAudits()
    {
        using var directory = new TemporaryDirectory();
        double oneRound = new PrivacyBudgetTerms(1, 1, 1, 1e-5, double.PositiveInfinity).SpentAfter(1).Epsilon;
        var options = SmallRun(directory) with { Rounds = 3, DpNoise = 1, DpEpsilon = [oneRound * 1.001] };
        var runner = new DeepChainSessionRunner();

        Assert.Equal(0, await MnistCommand.RunAsync(options, [runner]));

        string[] rounds = await File.ReadAllLinesAsync(directory.File("rounds.csv"));
        Assert.Equal(2, rounds.Length); // the header and round 1; round 2 would have spent past the budget
        Assert.True(runner.LastAudit is { Passed: true }, runner.LastAudit?.Problem ?? "no audit");
    }

    [Fact]
    public async Task Run_PrivacyExperiment_WritesOneRowPerBudgetAndThePlot()
    {
        using var directory = new TemporaryDirectory();
        var options = SmallRun(directory) with { Experiment = ExperimentKind.Privacy, DpEpsilon = [1_000, 10] };

        Assert.Equal(0, await MnistCommand.RunAsync(options, ExperimentRunners.Default));

        string[] lines = await File.ReadAllLinesAsync(directory.File("privacy.csv"));
        Assert.Equal(ResultsCsv.PrivacyHeader, lines[0]);
        Assert.Equal(4, lines.Length);
        string[][] rows = [.. lines.Skip(1).Select(l => l.Split(','))];
        Assert.Equal(["inf", "10", "1000"], rows.Select(r => r[3]).ToArray());
        Assert.Equal("0", rows[0][4]);
        double sigma10 = double.Parse(rows[1][4], CultureInfo.InvariantCulture);
        double sigma1000 = double.Parse(rows[2][4], CultureInfo.InvariantCulture);
        Assert.True(sigma10 > sigma1000, $"σ for ε = 10 ({sigma10}) is not above σ for ε = 1000 ({sigma1000})");
        Assert.InRange(double.Parse(rows[1][7], CultureInfo.InvariantCulture), 10 * 0.999, 10);
        byte[] png = await File.ReadAllBytesAsync(directory.File("test-error-vs-epsilon.png"));
        Assert.True(png.Length > 10_000 && png.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']), "the plot is not a drawn PNG");
    }

    [Fact]
    public async Task PlainFederatedAveraging_WithDifferentialPrivacy_IsRefused()
    {
        var options = new ExperimentOptions { DpNoise = 1 };

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (RoundRecord _ in new PlainFederatedAveragingRunner().RunAsync(AggregationSchemeKind.Plain, [new PrecomputedGradientTrainer([0f])], options))
            {
            }
        });
    }

    private static ExperimentOptions SmallRun(TemporaryDirectory directory) => new()
    {
        Parties = [2],
        Schemes = [AggregationSchemeKind.Plain],
        Rounds = 1,
        LocalSteps = 2,
        ImagesPerParty = 100,
        Quiet = true,
        OutputDirectory = directory.Path,
        InsecureTestKeys = true,
    };
}
