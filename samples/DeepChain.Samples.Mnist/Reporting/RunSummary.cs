using DeepChain.Samples.Mnist.Experiment;

namespace DeepChain.Samples.Mnist.Reporting;

/// <summary>One run (scheme × parties) summarised: the final round's quality and the mean cost of a round.</summary>
/// <param name="Scheme">The scheme's name.</param>
/// <param name="Parties">The number of parties.</param>
/// <param name="Rounds">The rounds run.</param>
/// <param name="Accuracy">Final test accuracy.</param>
/// <param name="MacroF1">Final test macro-F1.</param>
/// <param name="Loss">Final test loss.</param>
/// <param name="TrainSeconds">Mean local-training seconds per round.</param>
/// <param name="EncryptSeconds">Mean encryption seconds per round.</param>
/// <param name="AggregateSeconds">Mean aggregation seconds per round.</param>
/// <param name="DecryptSeconds">Mean decryption seconds per round.</param>
/// <param name="LedgerSeconds">Mean ledger seconds per round.</param>
/// <param name="RoundSeconds">Mean round seconds.</param>
/// <param name="TotalSeconds">All rounds' seconds.</param>
/// <param name="BytesPerParty">Upload bytes per party per round.</param>
/// <param name="GradientsPerSecond">Mean gradient values per second through the aggregation pipeline.</param>
public sealed record RunSummary(
    string Scheme,
    int Parties,
    int Rounds,
    double Accuracy,
    double MacroF1,
    double Loss,
    double TrainSeconds,
    double EncryptSeconds,
    double AggregateSeconds,
    double DecryptSeconds,
    double LedgerSeconds,
    double RoundSeconds,
    double TotalSeconds,
    long BytesPerParty,
    double GradientsPerSecond)
{
    /// <summary>Summarises the records, one summary per (scheme, parties) in first-seen order.</summary>
    /// <param name="records">Round records.</param>
    /// <returns>The summaries.</returns>
    public static IReadOnlyList<RunSummary> From(IEnumerable<RoundRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records
            .GroupBy(r => (r.Scheme, r.Parties))
            .Select(g =>
            {
                var last = g.MaxBy(r => r.Round)!;
                return new RunSummary(
                    g.Key.Scheme,
                    g.Key.Parties,
                    g.Count(),
                    last.Accuracy,
                    last.MacroF1,
                    last.Loss,
                    g.Average(r => r.TrainSeconds),
                    g.Average(r => r.EncryptSeconds),
                    g.Average(r => r.AggregateSeconds),
                    g.Average(r => r.DecryptSeconds),
                    g.Average(r => r.LedgerSeconds),
                    g.Average(r => r.RoundSeconds),
                    g.Sum(r => r.RoundSeconds),
                    last.BytesPerParty,
                    g.Average(r => r.GradientsPerSecond));
            })
            .ToList();
    }
}
