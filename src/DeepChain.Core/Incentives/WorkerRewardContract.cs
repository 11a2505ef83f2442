using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Incentives;

/// <summary>
/// The contract that drives a <see cref="WorkerRewardLedger"/> from ledger transactions, and decides who may do what.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="TransactionType.RewardGenesis"/>: only in the block at height 0, only once; its sender becomes the
/// <see cref="Authority"/> (the party that holds the task budget and judges workers).</item>
/// <item><see cref="TransactionType.RewardTransfer"/>, <see cref="TransactionType.RewardEscrow"/>: any account, over its
/// own funds.</item>
/// <item><see cref="TransactionType.RewardRelease"/>, <see cref="TransactionType.RewardPayment"/> (paid from the
/// authority's balance), <see cref="TransactionType.RewardSlash"/> (paid to the authority): the authority only.</item>
/// </list>
/// Blob payloads are refused: these operations are small and must be decidable from the ledger alone.
/// </remarks>
public sealed class WorkerRewardContract : IContract
{
    private static readonly TransactionType[] s_types =
    [
        TransactionType.RewardGenesis, TransactionType.RewardTransfer, TransactionType.RewardEscrow,
        TransactionType.RewardRelease, TransactionType.RewardPayment, TransactionType.RewardSlash,
    ];

    /// <summary>Creates the contract over a fresh, empty ledger.</summary>
    public WorkerRewardContract() => Ledger = new WorkerRewardLedger();

    /// <summary>Gets the balances the contract maintains.</summary>
    public WorkerRewardLedger Ledger { get; }

    /// <summary>Gets the authority set by the genesis transaction, or <see langword="null"/> before genesis.</summary>
    public AccountAddress? Authority { get; private set; }

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
        switch (transaction.Type)
        {
            case TransactionType.RewardGenesis:
                if (context.BlockHeight != 0 || Ledger.IsInitialized)
                {
                    return ContractResult.Rejected("the genesis allocation is made once, in the block at height 0");
                }

                if (!RewardPayloads.TryDecodeGenesis(payload, out GenesisAllocation[]? allocations, out string? reason))
                {
                    return ContractResult.Rejected(reason);
                }

                ContractResult result = Ledger.Initialize(allocations);
                if (result.IsAccepted)
                {
                    Authority = sender;
                }

                return result;

            case TransactionType.RewardEscrow:
                return RewardPayloads.TryDecodeAmount(payload, out ulong escrow, out reason)
                    ? Ledger.Escrow(sender, escrow)
                    : ContractResult.Rejected(reason);

            case TransactionType.RewardTransfer:
                return RewardPayloads.TryDecodeAccountAmount(payload, out AccountAddress recipient, out ulong amount, out reason)
                    ? Ledger.Transfer(sender, recipient, amount)
                    : ContractResult.Rejected(reason);

            case TransactionType.RewardRelease:
            case TransactionType.RewardPayment:
            case TransactionType.RewardSlash:
                if (Authority != sender)
                {
                    return ContractResult.Rejected($"only the authority may {Verb(transaction.Type)}");
                }

                if (!RewardPayloads.TryDecodeAccountAmount(payload, out AccountAddress account, out amount, out reason))
                {
                    return ContractResult.Rejected(reason);
                }

                return transaction.Type switch
                {
                    TransactionType.RewardRelease => Ledger.Release(account, amount),
                    TransactionType.RewardPayment => Ledger.Reward(sender, account, amount),
                    _ => Ledger.Slash(account, sender, amount),
                };

            default:
                return ContractResult.Rejected($"the worker reward contract does not handle {transaction.Type}");
        }
    }

    private static string Verb(TransactionType type) => type switch
    {
        TransactionType.RewardRelease => "release deposits",
        TransactionType.RewardPayment => "pay rewards",
        _ => "slash deposits",
    };
}
