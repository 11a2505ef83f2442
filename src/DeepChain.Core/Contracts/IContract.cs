using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// A deterministic state machine over ledger transactions: <c>Apply(tx) → Accepted | Rejected(reason)</c>.
/// A contract does not care where blocks come from (proposed here, replayed from a store, or another chain).
/// </summary>
/// <remarks>
/// Implementations must be deterministic (no clock, no randomness, no I/O: only the transaction and the context) and
/// atomic: a rejected transaction changes no state. The ledger has already checked the signature, chain id, payload
/// size and nonce before <see cref="Apply"/> is called.
/// </remarks>
public interface IContract
{
    /// <summary>Gets the transaction types this contract applies; the ledger routes each type to one contract.</summary>
    IReadOnlyCollection<TransactionType> TransactionTypes { get; }

    /// <summary>Applies a transaction, or rejects it without changing anything.</summary>
    /// <param name="transaction">An authentic transaction of one of <see cref="TransactionTypes"/>.</param>
    /// <param name="context">The block the transaction goes into.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    ContractResult Apply(Transaction transaction, TransactionContext context);
}
