using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Incentives;

/// <summary>
/// The contract that drives a <see cref="WorkerRewardLedger"/> from signed ledger transactions. The signature proves
/// the sender, and the sender can only move what is its own or what it holds.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="TransactionType.RewardGenesis"/>: only in the block at height 0, only once.</item>
/// <item><see cref="TransactionType.RewardTransfer"/>, <see cref="TransactionType.RewardPayment"/>: from the sender's
/// available balance.</item>
/// <item><see cref="TransactionType.RewardEscrow"/>: the sender deposits its own funds for a named holder.</item>
/// <item><see cref="TransactionType.RewardRelease"/>, <see cref="TransactionType.RewardSlash"/>: only on deposits the
/// sender holds; a slash pays the sender.</item>
/// </list>
/// Blob payloads are refused: these operations are small and must be decidable from the ledger alone. Other
/// contracts (trading, processing) share the same <see cref="WorkerRewardLedger"/> and hold deposits under their own
/// addresses, which no key can sign for.
/// </remarks>
public sealed class WorkerRewardContract : IContract
{
    private static readonly TransactionType[] s_types =
    [
        TransactionType.RewardGenesis, TransactionType.RewardTransfer, TransactionType.RewardEscrow,
        TransactionType.RewardRelease, TransactionType.RewardPayment, TransactionType.RewardSlash,
    ];

    /// <summary>Creates the contract over a fresh, empty ledger.</summary>
    public WorkerRewardContract()
        : this(new WorkerRewardLedger())
    {
    }

    /// <summary>Creates the contract over a ledger that other contracts may share.</summary>
    /// <param name="ledger">The balances, in their initial state when the node replays from genesis.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> is null.</exception>
    public WorkerRewardContract(WorkerRewardLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        Ledger = ledger;
    }

    /// <summary>Gets the balances the contract maintains.</summary>
    public WorkerRewardLedger Ledger { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<TransactionType> TransactionTypes => s_types;

    /// <inheritdoc/>
    public ContractResult Apply(Transaction transaction, TransactionContext context)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Blob is not null)
        {
            return ContractResult.Rejected($"{transaction.Type} takes an inline payload, not a blob");
        }

        ReadOnlySpan<byte> payload = transaction.Payload.Span;
        AccountAddress sender = transaction.SenderAddress;
        if (transaction.Type == TransactionType.RewardGenesis)
        {
            if (context.BlockHeight != 0 || Ledger.IsInitialized)
            {
                return ContractResult.Rejected("the genesis allocation is made once, in the block at height 0");
            }

            return RewardPayloads.TryDecodeGenesis(payload, out GenesisAllocation[]? allocations, out string? genesisReason)
                ? Ledger.Initialize(allocations)
                : ContractResult.Rejected(genesisReason);
        }

        if (!RewardPayloads.TryDecodeAccountAmount(payload, out AccountAddress account, out ulong amount, out string? reason))
        {
            return ContractResult.Rejected(reason);
        }

        return transaction.Type switch
        {
            TransactionType.RewardTransfer => Ledger.Transfer(sender, account, amount),
            TransactionType.RewardPayment => Ledger.Reward(sender, account, amount),
            TransactionType.RewardEscrow => Ledger.Escrow(sender, account, amount),
            TransactionType.RewardRelease => Ledger.Release(sender, account, amount),
            TransactionType.RewardSlash => Ledger.Slash(sender, account, sender, amount),
            _ => ContractResult.Rejected($"the worker reward contract does not handle {transaction.Type}"),
        };
    }
}
