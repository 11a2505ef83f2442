namespace DeepChain.Core.Aggregation;

/// <summary>How gradients are protected while they are aggregated; the code is stored in gradient headers and task terms.</summary>
public enum AggregationSchemeKind : byte
{
    /// <summary>No encryption: the accuracy and speed baseline.</summary>
    Plain = 1,

    /// <summary>Packed Paillier under one key pair (for tests and comparison: one key holder can read every gradient).</summary>
    Paillier = 2,

    /// <summary>Packed threshold Paillier, t of n parties decrypt jointly: the DeepChain scheme.</summary>
    ThresholdPaillier = 3,

    /// <summary>CKKS under one key pair.</summary>
    Ckks = 4,

    /// <summary>Multiparty CKKS: a collective public key, every party's share needed to decrypt (n of n).</summary>
    MultipartyCkks = 5,
}
