using DeepChain.Samples.Mnist.Experiment;
using ScottPlot;

namespace DeepChain.Samples.Mnist.Reporting;

/// <summary>Draws the experiment's PNG plots with ScottPlot.</summary>
public static class ResultPlots
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>Writes every plot into <paramref name="directory"/> and returns the files written.</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="records">All round records.</param>
    /// <param name="parameterCount">The model's parameter count (gradients per party per round).</param>
    /// <returns>The PNG paths: <c>accuracy-vs-round-&lt;scheme&gt;.png</c> per scheme,
    /// <c>final-accuracy-vs-parties.png</c>, <c>round-time-vs-parties.png</c>, <c>throughput-vs-gradients.png</c>.</returns>
    public static IReadOnlyList<string> WriteAll(string directory, IReadOnlyList<RoundRecord> records, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(records);
        var files = new List<string>();
        var summaries = RunSummary.From(records);
        foreach (var scheme in records.Select(r => r.Scheme).Distinct())
        {
            var plot = NewPlot($"Test accuracy per round ({scheme})", "Round", "Accuracy");
            foreach (var run in records.Where(r => r.Scheme == scheme).GroupBy(r => r.Parties))
            {
                var line = plot.Add.Scatter(run.Select(r => (double)r.Round).ToArray(), run.Select(r => r.Accuracy).ToArray());
                line.LegendText = run.Key == 1 ? "1 party" : $"{run.Key} parties";
            }

            files.Add(Save(plot, Path.Combine(directory, $"accuracy-vs-round-{scheme}.png")));
        }

        files.Add(Save(
            PerScheme(summaries, "Final test accuracy by number of parties", "Parties", "Accuracy", s => s.Parties, s => s.Accuracy),
            Path.Combine(directory, "final-accuracy-vs-parties.png")));
        files.Add(Save(
            PerScheme(summaries, "Mean round time by number of parties", "Parties", "Seconds per round (log scale)", s => s.Parties, s => s.RoundSeconds, logY: true),
            Path.Combine(directory, "round-time-vs-parties.png")));
        files.Add(Save(
            PerScheme(summaries, "Aggregation throughput by number of gradients per round", "Gradient values per round (parties × parameters)", "Gradient values per second (log scale)", s => (double)s.Parties * parameterCount, s => s.GradientsPerSecond, logY: true),
            Path.Combine(directory, "throughput-vs-gradients.png")));
        return files;
    }

    /// <summary>Writes <c>test-error-vs-epsilon.png</c>: test error against ε (log scale) per scheme, with each scheme's
    /// non-private error as a dashed line.</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="records">The privacy experiment's runs.</param>
    /// <returns>The PNG path.</returns>
    public static string WritePrivacy(string directory, IReadOnlyList<PrivacyRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var plot = NewPlot("Test error against the privacy budget (party-level DP)", "ε (log scale; δ fixed)", "Test error (%)");
        plot.ShowLegend(Alignment.UpperRight);
        foreach (var scheme in records.GroupBy(r => r.Scheme))
        {
            var runs = scheme.Where(r => r.TargetEpsilon is not null).OrderBy(r => r.TargetEpsilon).ToList();
            var line = plot.Add.Scatter(runs.Select(r => Math.Log10(r.TargetEpsilon!.Value)).ToArray(), runs.Select(r => 100 * r.TestError).ToArray());
            line.LegendText = $"{scheme.Key}, clip + Gaussian noise";
            if (scheme.FirstOrDefault(r => r.TargetEpsilon is null) is { } baseline)
            {
                var reference = plot.Add.HorizontalLine(100 * baseline.TestError);
                reference.LinePattern = LinePattern.Dashed;
                reference.Color = line.Color;
                reference.LegendText = $"{scheme.Key}, no DP";
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        return Save(plot, Path.Combine(directory, "test-error-vs-epsilon.png"));
    }

    private static Plot PerScheme(IReadOnlyList<RunSummary> summaries, string title, string x, string y, Func<RunSummary, double> xOf, Func<RunSummary, double> yOf, bool logY = false)
    {
        var plot = NewPlot(title, x, y);
        foreach (var scheme in summaries.GroupBy(s => s.Scheme))
        {
            var points = scheme.OrderBy(xOf).ToList();
            var ys = points.Select(yOf).Select(v => logY ? Math.Log10(Math.Max(v, 1e-12)) : v).ToArray();
            var line = plot.Add.Scatter(points.Select(xOf).ToArray(), ys);
            line.LegendText = scheme.Key;
        }

        if (logY)
        {
            // Plain and encrypted schemes differ by orders of magnitude: plot log10 and label ticks with the values.
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return plot;
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static string Save(Plot plot, string path)
    {
        plot.SavePng(path, Width, Height);
        return path;
    }
}
