using System.Globalization;
using System.Text;
using DeepChain.Samples.Mnist.Experiment;

namespace DeepChain.Samples.Mnist.Reporting;

/// <summary>Writes <c>rounds.csv</c> (one row per scheme × parties × round), <c>summary.csv</c> (one row per scheme ×
/// parties) and, for the privacy experiment, <c>privacy.csv</c> (one row per scheme × ε).</summary>
public static class ResultsCsv
{
    /// <summary>The header of <c>rounds.csv</c>.</summary>
    public const string RoundsHeader =
        "scheme,parties,round,accuracy,macro_f1,loss,train_s,encrypt_s,aggregate_s,decrypt_s,ledger_s,round_s,bytes_per_party,gradients_per_s";

    /// <summary>The header of <c>summary.csv</c>: the last round's quality, mean times per round, the total time.</summary>
    public const string SummaryHeader =
        "scheme,parties,rounds,accuracy,macro_f1,loss,train_s,encrypt_s,aggregate_s,decrypt_s,ledger_s,round_s,total_s,bytes_per_party,gradients_per_s";

    /// <summary>The header of <c>privacy.csv</c>; the non-private baseline has ε = inf and σ = 0.</summary>
    public const string PrivacyHeader =
        "scheme,parties,rounds,epsilon_target,noise_multiplier,clip_norm,delta,epsilon_spent,accuracy,test_error,macro_f1,loss,seconds";

    /// <summary>Writes <c>privacy.csv</c>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="records">The runs.</param>
    public static void WritePrivacy(string path, IEnumerable<PrivacyRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder().AppendLine(PrivacyHeader);
        foreach (var r in records)
        {
            text.AppendLine(Join(r.Scheme, r.Parties, r.Rounds, (object?)r.TargetEpsilon ?? "inf", r.NoiseMultiplier ?? 0, r.ClipNorm, r.Delta,
                (object?)r.EpsilonSpent ?? "inf", r.Accuracy, r.TestError, r.MacroF1, r.Loss, r.Seconds));
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Writes <c>rounds.csv</c>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="records">The rounds.</param>
    public static void WriteRounds(string path, IEnumerable<RoundRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder().AppendLine(RoundsHeader);
        foreach (var r in records)
        {
            text.AppendLine(Join(r.Scheme, r.Parties, r.Round, r.Accuracy, r.MacroF1, r.Loss, r.TrainSeconds, r.EncryptSeconds,
                r.AggregateSeconds, r.DecryptSeconds, r.LedgerSeconds, r.RoundSeconds, r.BytesPerParty, r.GradientsPerSecond));
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Writes <c>summary.csv</c>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="summaries">One summary per run.</param>
    public static void WriteSummary(string path, IEnumerable<RunSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var text = new StringBuilder().AppendLine(SummaryHeader);
        foreach (var s in summaries)
        {
            text.AppendLine(Join(s.Scheme, s.Parties, s.Rounds, s.Accuracy, s.MacroF1, s.Loss, s.TrainSeconds, s.EncryptSeconds,
                s.AggregateSeconds, s.DecryptSeconds, s.LedgerSeconds, s.RoundSeconds, s.TotalSeconds, s.BytesPerParty, s.GradientsPerSecond));
        }

        File.WriteAllText(path, text.ToString());
    }

    private static string Join(params object[] values) =>
        string.Join(',', values.Select(v => v switch
        {
            double d => d.ToString("G6", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
}
