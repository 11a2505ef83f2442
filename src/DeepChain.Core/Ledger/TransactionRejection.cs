namespace DeepChain.Core.Ledger;

/// <summary>A transaction left out of a block, reported to its sender with the reason. It changed no state.</summary>
/// <param name="Id">The transaction id.</param>
/// <param name="Sender">The sender's account address.</param>
/// <param name="Nonce">The transaction's nonce (still unused by the sender).</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record TransactionRejection(TxId Id, AccountAddress Sender, ulong Nonce, string Reason);
