namespace DeepChain.Core.Contracts;

/// <summary>How one attempt at a round ended.</summary>
public enum ProcessingAttemptOutcome
{
    /// <summary>The attempt takes aggregates and has not been settled.</summary>
    Pending = 0,

    /// <summary>More than half of the committee submitted the same aggregate.</summary>
    Agreed = 1,

    /// <summary>No aggregate had a majority of the committee (a tie, a split, or too many absent workers).</summary>
    NoMajority = 2,
}
