namespace DeepChain.Core.Aggregation;

/// <summary>Why an aggregation or a joint decryption was refused; carried by <see cref="AggregationException"/>.</summary>
public enum AggregationFailure
{
    /// <summary>No gradients were given.</summary>
    Empty = 1,

    /// <summary>A gradient or share was made under another scheme.</summary>
    SchemeMismatch = 2,

    /// <summary>A gradient or share was made under other parameters or keys (its parameters digest differs).</summary>
    ParametersMismatch = 3,

    /// <summary>The gradients belong to different rounds, or a share to another round than its aggregate.</summary>
    RoundMismatch = 4,

    /// <summary>The gradients hold different numbers of values.</summary>
    ValueCountMismatch = 5,

    /// <summary>A party appears twice among the summands.</summary>
    DuplicateParty = 6,

    /// <summary>The sum would hold more summands than the packing's carry headroom allows (more than the parties).</summary>
    TooManySummands = 7,

    /// <summary>A ciphertext is malformed or not a valid ciphertext under the scheme's key.</summary>
    InvalidCiphertext = 8,

    /// <summary>Fewer valid decryption shares than the threshold were given; nothing was decrypted.</summary>
    InsufficientShares = 9,

    /// <summary>The shares passed every individual check but do not combine to a valid plaintext (n-of-n CKKS: a wrong
    /// share cannot be attributed before combination).</summary>
    CombinationFailed = 10,

    /// <summary>The gradient is not an aggregate where one was expected, or the reverse.</summary>
    NotAnAggregate = 11,
}
