using System.Collections.Immutable;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>A snapshot of one attempt at a round: the committee drawn for it, what they submitted, and the settlement.</summary>
/// <param name="Number">The attempt number, from 0 (each re-run adds one).</param>
/// <param name="Seed">The previous block hash the committee was drawn from.</param>
/// <param name="Committee">The assigned workers, in draw order.</param>
/// <param name="Window">The heights at which the committee may submit.</param>
/// <param name="Aggregates">The submitted aggregates, in submission order.</param>
/// <param name="Outcome">Pending, or how the attempt was settled.</param>
/// <param name="AgreedAggregate">The majority's aggregate, when the attempt agreed.</param>
/// <param name="Agreeing">The workers that submitted the majority's aggregate and were paid.</param>
/// <param name="Penalties">The stake taken from dissenting and absent workers, in committee order.</param>
/// <param name="RewardPerWorker">What each agreeing worker received.</param>
public sealed record ProcessingAttempt(
    int Number,
    BlockHash Seed,
    ImmutableArray<AccountAddress> Committee,
    HeightWindow Window,
    ImmutableArray<WorkerAggregate> Aggregates,
    ProcessingAttemptOutcome Outcome,
    BlobReference? AgreedAggregate,
    ImmutableArray<AccountAddress> Agreeing,
    ImmutableArray<WorkerPenalty> Penalties,
    ulong RewardPerWorker)
{
    /// <summary>Gets the assigned workers that submitted nothing (so far, while pending; for good, once settled).</summary>
    public ImmutableArray<AccountAddress> Absent => [.. Committee.Where(w => !Aggregates.Any(a => a.Worker == w))];
}
