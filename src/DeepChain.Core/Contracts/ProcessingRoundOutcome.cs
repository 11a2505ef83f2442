namespace DeepChain.Core.Contracts;

/// <summary>Where a round stands in the processing contract.</summary>
public enum ProcessingRoundOutcome
{
    /// <summary>No committee has been drawn for the round.</summary>
    Unassigned = 0,

    /// <summary>A committee's attempt is pending.</summary>
    InProgress = 1,

    /// <summary>An attempt reached a majority: the round has an agreed aggregate.</summary>
    Agreed = 2,

    /// <summary>No attempt reached a majority and the aggregation phase left no room (or too few eligible workers) for another.</summary>
    Failed = 3,
}
