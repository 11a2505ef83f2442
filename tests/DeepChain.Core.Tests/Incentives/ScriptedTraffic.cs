using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Incentives;

/// <summary>
/// Turns FsCheck's bytes into transactions: every four bytes are (operation, sender, target, amount). Some
/// operations are valid when funds allow; others are built to be refused (replay, wrong chain, unknown type,
/// malformed or oversized payload, nonce ahead, an account with no funds), so every property sees both kinds.
/// </summary>
internal sealed class ScriptedTraffic
{
    public const int OperationCount = 13;

    private readonly TestChain _chain;
    private readonly List<Transaction> _sent = [];
    private readonly Dictionary<AccountAddress, ulong> _pending = [];

    public ScriptedTraffic(TestChain chain) => _chain = chain;

    /// <summary>Builds the next transaction, with the nonce the node expects after the ones already built for this block.</summary>
    /// <returns>The transaction, and whether it must be refused whatever the state.</returns>
    public (Transaction Transaction, bool MustBeRejected) Next(ReadOnlySpan<byte> op, Func<AccountAddress, ulong> nextNonce)
    {
        int kind = op[0] % OperationCount;
        LedgerSigningKey sender = kind == 12 ? _chain.Outsider : _chain.Actors[op[1] % _chain.Actors.Length];
        AccountAddress target = _chain.Actors[op[2] % _chain.Actors.Length].Address;
        ulong amount = op[3] * 3_000UL;
        ulong nonce = nextNonce(sender.Address) + _pending.GetValueOrDefault(sender.Address);
        ulong chainId = TestChain.ChainId;
        bool mustFail = true;
        (TransactionType type, byte[] payload) = kind switch
        {
            0 or 1 => (TransactionType.RewardTransfer, RewardPayloads.Transfer(target, amount)),
            2 => (TransactionType.RewardEscrow, RewardPayloads.Escrow(target, amount)),
            3 => (TransactionType.RewardRelease, RewardPayloads.Release(target, amount)),
            4 => (TransactionType.RewardPayment, RewardPayloads.Reward(target, amount)),
            5 => (TransactionType.RewardSlash, RewardPayloads.Slash(target, amount)),
            6 => (TransactionType.RewardTransfer, RewardPayloads.Transfer(target, amount)),
            7 => (TransactionType.RewardTransfer, RewardPayloads.Transfer(target, amount)),
            8 => ((TransactionType)(100 + op[3]), []),
            9 => (TransactionType.RewardTransfer, new byte[op[3] % 40]),
            10 => (TransactionType.RewardEscrow, new byte[_chain.Parameters.MaxPayloadBytes + 1]),
            11 => (TransactionType.RewardTransfer, RewardPayloads.Transfer(target, amount)),
            _ => (TransactionType.RewardTransfer, RewardPayloads.Transfer(target, amount + 1)),
        };

        switch (kind)
        {
            case <= 5:
                mustFail = false;
                break;
            case 6:
                // Replay, byte for byte, an earlier transaction whose nonce is used (a rejected one may still be valid).
                Transaction[] used = [.. _sent.Where(t => t.ChainId == TestChain.ChainId && t.Nonce < nextNonce(t.SenderAddress))];
                if (used.Length > 0)
                {
                    return (used[op[3] % used.Length], true);
                }

                chainId++;
                break;
            case 7:
                chainId++;
                break;
            case 11:
                nonce += 1 + op[3] % 5UL;
                break;
        }

        Transaction tx = Transaction.Create(chainId, type, nonce, payload, sender);
        if (!mustFail)
        {
            _pending[sender.Address] = _pending.GetValueOrDefault(sender.Address) + 1;
        }

        _sent.Add(tx);
        return (tx, mustFail);
    }

    /// <summary>Forgets this block's pending nonces (call after each proposal).</summary>
    public void EndBlock() => _pending.Clear();
}
