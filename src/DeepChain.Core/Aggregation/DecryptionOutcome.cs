namespace DeepChain.Core.Aggregation;

/// <summary>What a joint decryption used and rejected; the decrypted sum itself goes to the caller's span.</summary>
/// <param name="Summands">The number of gradients in the aggregate (divide the sum by it for the mean).</param>
/// <param name="IncludedParties">The parties whose gradients the aggregate holds, ascending.</param>
/// <param name="UsedShares">The parties whose decryption shares were combined, ascending.</param>
/// <param name="Rejected">Shares that were skipped, with the reason (a wrong proof, another round, a duplicate …).</param>
public sealed record DecryptionOutcome(int Summands, IReadOnlyList<int> IncludedParties, IReadOnlyList<int> UsedShares, IReadOnlyList<RejectedShare> Rejected);
