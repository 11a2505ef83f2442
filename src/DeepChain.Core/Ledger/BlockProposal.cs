using System.Collections.Immutable;

namespace DeepChain.Core.Ledger;

/// <summary>The result of proposing a block: the committed block (accepted transactions only) and the rejections.</summary>
/// <param name="Block">The block that was signed and committed to the store.</param>
/// <param name="Rejected">The transactions that were left out, each with its reason, in submission order.</param>
public sealed record BlockProposal(Block Block, ImmutableArray<TransactionRejection> Rejected);
