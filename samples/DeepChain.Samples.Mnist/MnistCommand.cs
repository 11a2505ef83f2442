using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DeepChain.Core.Aggregation;
using DeepChain.Samples.Mnist.Data;
using DeepChain.Samples.Mnist.Experiment;
using DeepChain.Samples.Mnist.Native;
using DeepChain.Samples.Mnist.Reporting;
using DeepChain.Samples.Mnist.Training;
using Spectre.Console;

namespace DeepChain.Samples.Mnist;

/// <summary>The sample's command line: parses the options, runs the experiment, writes CSV and PNG files, and reports.</summary>
public static class MnistCommand
{
    /// <summary>Builds the root command.</summary>
    /// <param name="runners">The runners that implement the schemes; a scheme with none is reported and skipped.</param>
    /// <returns>The command, ready for <c>Parse(args).InvokeAsync()</c>.</returns>
    public static RootCommand Create(IReadOnlyList<IExperimentRunner> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        var defaults = new ExperimentOptions();
        var parties = new Option<int[]>("--parties")
        {
            Description = "Party counts to compare, comma-separated (e.g. 1,2,4,8).",
            DefaultValueFactory = _ => [.. defaults.Parties],
            CustomParser = ParsePartyCounts,
            AllowMultipleArgumentsPerToken = true,
        };
        var schemes = new Option<AggregationSchemeKind[]>("--scheme")
        {
            Description = $"Aggregation schemes, comma-separated: {string.Join('|', SchemeNames.All)}.",
            DefaultValueFactory = _ => [.. defaults.Schemes],
            CustomParser = ParseSchemes,
            AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds") { Description = "Training rounds.", DefaultValueFactory = _ => defaults.Rounds };
        var localSteps = new Option<int>("--local-steps") { Description = "Local SGD steps per party per round.", DefaultValueFactory = _ => defaults.LocalSteps };
        var batchSize = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<float>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var model = new Option<string>("--model") { Description = "Network: mlp (784-128-10) or cnn.", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp", "cnn");
        var nonIid = new Option<bool>("--non-iid") { Description = "Give each party a skewed label mix (80% from two labels)." };
        var threshold = new Option<int?>("--threshold") { Description = "Decryption threshold t for threshold schemes (default: the scheme's)." };
        var quantBits = new Option<int>("--quant-bits") { Description = "Bits per quantized gradient value (encrypted schemes).", DefaultValueFactory = _ => defaults.QuantBits };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, shards and batch order.", DefaultValueFactory = _ => defaults.Seed };
        var data = new Option<string?>("--data") { Description = "Folder with MNIST or Fashion-MNIST IDX files (train-/t10k-…-ubyte[.gz]); default: the committed 10,000 digits." };
        var output = new Option<string>("--out") { Description = "Output folder for rounds.csv, summary.csv and the plots.", DefaultValueFactory = _ => defaults.OutputDirectory };
        var quiet = new Option<bool>("--quiet") { Description = "No progress or tables (for scripts)." };
        var clip = new Option<float>("--clip") { Description = "Clip range c: gradient values are clipped to [-c, c] before quantization.", DefaultValueFactory = _ => defaults.ClipRange };
        var keepBlobs = new Option<bool>("--keep-blobs") { Description = "Keep the encrypted gradients, aggregates and shares beside each ledger." };
        var insecureTestKeys = new Option<bool>("--insecure-test-keys") { Description = "Tiny insecure keys (tests only).", Hidden = true };
        var experimentKind = new Option<string>("--experiment")
        {
            Description = "parties: accuracy, time and throughput as the party count grows; privacy: test error against the DP budget ε (at the largest party count).",
            DefaultValueFactory = _ => "parties",
        };
        experimentKind.AcceptOnlyFromAmong("parties", "privacy");
        var dpEpsilon = new Option<double[]>("--dp-epsilon")
        {
            Description = "Differential privacy: the ε budget (the noise is calibrated to spend it over the rounds unless --dp-noise is given); with --experiment privacy, the budgets to sweep, comma-separated.",
            CustomParser = ParseEpsilons,
            AllowMultipleArgumentsPerToken = true,
        };
        var dpNoise = new Option<double?>("--dp-noise") { Description = "Differential privacy: the noise multiplier σ (Gaussian noise of standard deviation σ·C per value)." };
        var dpClip = new Option<double>("--dp-clip") { Description = "Differential privacy: the L2 norm C each party's update is clipped to.", DefaultValueFactory = _ => defaults.DpClip };
        var dpDelta = new Option<double>("--dp-delta") { Description = "Differential privacy: δ of the (ε, δ) guarantee.", DefaultValueFactory = _ => defaults.DpDelta };

        var root = new RootCommand("DeepChain MNIST sample: collaborative training as the number of parties grows, with accuracy, time and throughput per scheme.")
        {
            parties, schemes, rounds, localSteps, batchSize, learningRate, model, nonIid, threshold, quantBits, seed, data, output, quiet,
            clip, keepBlobs, insecureTestKeys, experimentKind, dpEpsilon, dpNoise, dpClip, dpDelta,
        };
        root.SetAction(async (result, cancellationToken) =>
        {
            var options = new ExperimentOptions
            {
                Parties = result.GetValue(parties)!,
                Schemes = result.GetValue(schemes)!,
                Rounds = result.GetValue(rounds),
                LocalSteps = result.GetValue(localSteps),
                BatchSize = result.GetValue(batchSize),
                LearningRate = result.GetValue(learningRate),
                Model = result.GetValue(model) == "cnn" ? ModelKind.Cnn : ModelKind.Mlp,
                NonIid = result.GetValue(nonIid),
                Threshold = result.GetValue(threshold),
                QuantBits = result.GetValue(quantBits),
                Seed = result.GetValue(seed),
                DataDirectory = result.GetValue(data),
                OutputDirectory = result.GetValue(output)!,
                Quiet = result.GetValue(quiet),
                ClipRange = result.GetValue(clip),
                KeepBlobs = result.GetValue(keepBlobs),
                InsecureTestKeys = result.GetValue(insecureTestKeys),
                Experiment = result.GetValue(experimentKind) == "privacy" ? ExperimentKind.Privacy : ExperimentKind.Parties,
                DpEpsilon = result.GetValue(dpEpsilon) ?? [],
                DpNoise = result.GetValue(dpNoise),
                DpClip = result.GetValue(dpClip),
                DpDelta = result.GetValue(dpDelta),
            };
            return await RunAsync(options, runners, cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    /// <summary>Runs the experiment and writes and reports its results.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="runners">The scheme runners.</param>
    /// <param name="cancellationToken">Stops between rounds.</param>
    /// <returns>The exit code: 0, or 1 when the options or data are invalid.</returns>
    public static async Task<int> RunAsync(ExperimentOptions options, IReadOnlyList<IExperimentRunner> runners, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var console = AnsiConsole.Console;
        MnistDataset dataset;
        try
        {
            options.Validate();
            dataset = MnistDataset.Load(options.DataDirectory);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return 1;
        }

        if (options.Experiment == ExperimentKind.Privacy)
        {
            return await RunPrivacyAsync(dataset, options, runners, cancellationToken).ConfigureAwait(false);
        }

        var experiment = new MnistExperiment(runners);
        foreach (var scheme in options.Schemes.Where(s => !experiment.CanRun(s)))
        {
            await Console.Error.WriteLineAsync($"warning: no runner for scheme {SchemeNames.ToName(scheme)} in this build; skipped.").ConfigureAwait(false);
        }

        int imagesPerParty = MnistExperiment.ImagesPerParty(dataset, options);
        int parameterCount = TorchSharpTrainer.CountParameters(options.Model);
        if (!options.Quiet)
        {
            console.MarkupLineInterpolated($"[grey]{TorchSharpNativeLoader.Description}[/]");
            console.MarkupLineInterpolated(
                $"Data: {dataset.Source} ({dataset.TrainingPool.Count} training, {dataset.Test.Count} held-out test); {imagesPerParty} images per party, {(options.NonIid ? "non-IID" : "IID")}; model {options.Model} ({parameterCount:N0} parameters); {options.Rounds} rounds × {options.LocalSteps} local steps, batch {options.BatchSize}, lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)}.");
            if (options.ToPrivacyOptions() is { } privacy)
            {
                console.MarkupLineInterpolated(
                    $"Differential privacy: updates clipped to L2 norm {privacy.ClipNorm.ToString(CultureInfo.InvariantCulture)}, Gaussian noise σ = {privacy.NoiseMultiplier.ToString("G4", CultureInfo.InvariantCulture)}, δ = {privacy.Delta.ToString(CultureInfo.InvariantCulture)}, ε budget {(privacy.EpsilonBudget is { } b ? b.ToString(CultureInfo.InvariantCulture) : "none")}.");
            }
        }

        IReadOnlyList<RoundRecord> records;
        if (options.Quiet || !console.Profile.Capabilities.Interactive)
        {
            records = await experiment.RunAsync(dataset, options, cancellationToken: cancellationToken,
                onRound: options.Quiet ? null : r =>
                {
                    if (r.Round == options.Rounds)
                    {
                        console.MarkupLineInterpolated($"{r.Scheme} × {r.Parties}: accuracy {r.Accuracy:P2} after {r.Round} rounds");
                    }
                }).ConfigureAwait(false);
        }
        else
        {
            records = await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    ProgressTask? task = null;
                    return await experiment.RunAsync(dataset, options,
                        onStart: (scheme, parties) => task = context.AddTask($"{scheme} × {parties}", maxValue: options.Rounds),
                        onRound: r =>
                        {
                            task!.Description = $"{r.Scheme} × {r.Parties}  acc {r.Accuracy:P1}";
                            task.Increment(1);
                        },
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        Directory.CreateDirectory(options.OutputDirectory);
        var summaries = RunSummary.From(records);
        ResultsCsv.WriteRounds(Path.Combine(options.OutputDirectory, "rounds.csv"), records);
        ResultsCsv.WriteSummary(Path.Combine(options.OutputDirectory, "summary.csv"), summaries);
        var plots = records.Count > 0 ? ResultPlots.WriteAll(options.OutputDirectory, records, parameterCount) : [];
        if (!options.Quiet)
        {
            console.Write(SummaryTable(summaries));
            console.MarkupLineInterpolated($"Wrote rounds.csv, summary.csv and {plots.Count} plots to {Path.GetFullPath(options.OutputDirectory)}");
        }

        return 0;
    }

    private static async Task<int> RunPrivacyAsync(MnistDataset dataset, ExperimentOptions options, IReadOnlyList<IExperimentRunner> runners, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (!options.Quiet)
        {
            console.MarkupLineInterpolated(
                $"Privacy experiment: {options.Parties.Max()} parties, {options.Rounds} rounds × {options.LocalSteps} local steps, model {options.Model}; updates clipped to L2 norm {options.DpClip.ToString(CultureInfo.InvariantCulture)}, δ = {options.DpDelta.ToString(CultureInfo.InvariantCulture)}; σ calibrated per ε.");
        }

        IReadOnlyList<PrivacyRecord> records = await new PrivacyExperiment(runners).RunAsync(dataset, options, onRun: options.Quiet ? null : r =>
            console.MarkupLineInterpolated($"{r.Scheme} ε = {(r.TargetEpsilon is { } e ? e.ToString("G4", CultureInfo.InvariantCulture) : "∞")}: test error {r.TestError:P2}"),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(options.OutputDirectory);
        ResultsCsv.WritePrivacy(Path.Combine(options.OutputDirectory, "privacy.csv"), records);
        string plot = ResultPlots.WritePrivacy(options.OutputDirectory, records);
        if (!options.Quiet)
        {
            var table = new Table().Border(TableBorder.Simple).Title("Test error against the privacy budget (final round)");
            foreach (string column in new[] { "scheme", "ε target", "σ", "ε spent", "acc %", "error %", "F1", "s" })
            {
                table.AddColumn(new TableColumn(column) { Alignment = column == "scheme" ? Justify.Left : Justify.Right, Padding = new Padding(1, 0, 0, 0) }.NoWrap());
            }

            foreach (var r in records)
            {
                table.AddRow(
                    r.Scheme,
                    r.TargetEpsilon?.ToString("G4", CultureInfo.InvariantCulture) ?? "∞",
                    r.NoiseMultiplier?.ToString("G4", CultureInfo.InvariantCulture) ?? "0",
                    r.EpsilonSpent?.ToString("G4", CultureInfo.InvariantCulture) ?? "∞",
                    (100 * r.Accuracy).ToString("F2", CultureInfo.InvariantCulture),
                    (100 * r.TestError).ToString("F2", CultureInfo.InvariantCulture),
                    r.MacroF1.ToString("F4", CultureInfo.InvariantCulture),
                    r.Seconds.ToString("F1", CultureInfo.InvariantCulture));
            }

            console.Write(table);
            console.MarkupLineInterpolated($"Wrote privacy.csv and {Path.GetFileName(plot)} to {Path.GetFullPath(options.OutputDirectory)}");
        }

        return 0;
    }

    private static Table SummaryTable(IReadOnlyList<RunSummary> summaries)
    {
        var table = new Table().Border(TableBorder.Simple).Title("Final round per scheme and party count (times are means per round)");
        foreach (string column in new[] { "scheme", "parties", "acc %", "F1", "loss", "s/round", "total s", "B/party", "grad/s" })
        {
            // Narrow, unwrapped columns keep the table readable in an 80-column terminal or a log.
            table.AddColumn(new TableColumn(column) { Alignment = column == "scheme" ? Justify.Left : Justify.Right, Padding = new Padding(1, 0, 0, 0) }.NoWrap());
        }

        foreach (var s in summaries)
        {
            table.AddRow(
                s.Scheme,
                s.Parties.ToString(CultureInfo.InvariantCulture),
                (100 * s.Accuracy).ToString("F2", CultureInfo.InvariantCulture),
                s.MacroF1.ToString("F4", CultureInfo.InvariantCulture),
                s.Loss.ToString("F4", CultureInfo.InvariantCulture),
                s.RoundSeconds.ToString("F3", CultureInfo.InvariantCulture),
                s.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                s.BytesPerParty.ToString(CultureInfo.InvariantCulture),
                s.GradientsPerSecond.ToString("0.00e0", CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static int[] ParsePartyCounts(ArgumentResult result)
    {
        var counts = new List<int>();
        foreach (string part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
            {
                result.AddError($"'{part}' is not a party count (a positive integer).");
                return [];
            }

            counts.Add(count);
        }

        return [.. counts];
    }

    private static double[] ParseEpsilons(ArgumentResult result)
    {
        var values = new List<double>();
        foreach (string part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || double.IsInfinity(value))
            {
                result.AddError($"'{part}' is not an ε budget (a positive number).");
                return [];
            }

            values.Add(value);
        }

        return [.. values];
    }

    private static AggregationSchemeKind[] ParseSchemes(ArgumentResult result)
    {
        var kinds = new List<AggregationSchemeKind>();
        foreach (string part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!SchemeNames.TryParse(part, out var kind))
            {
                result.AddError($"'{part}' is not a scheme; use {string.Join(", ", SchemeNames.All)}.");
                return [];
            }

            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }

        return [.. kinds];
    }
}
