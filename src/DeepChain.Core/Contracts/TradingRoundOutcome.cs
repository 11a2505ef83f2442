namespace DeepChain.Core.Contracts;

/// <summary>Where a round of a trading task stands.</summary>
public enum TradingRoundOutcome
{
    /// <summary>The round has not been closed yet.</summary>
    Open = 0,

    /// <summary>The round was closed with at least the threshold of valid decryption shares: the aggregate can be decrypted.</summary>
    Decrypted = 1,

    /// <summary>The round was closed with fewer valid decryption shares than the threshold: it produced no model update.</summary>
    Failed = 2,
}
