using System.Collections.Immutable;
using DeepChain.Core.Contracts;

namespace DeepChain.Core.Ledger;

/// <summary>
/// The single writer of a chain: it admits transactions (chain id, payload size, per-sender nonce, a contract for the
/// type, and the contract's own verdict), signs blocks of the accepted ones, commits them to an
/// <see cref="ILedgerStore"/>, and reports the rejected ones with their reasons.
/// </summary>
/// <remarks>
/// <para>State is derived from the ledger: <see cref="Open"/> replays every stored block through the same admission
/// rules and contracts, so a node opened on a store reaches exactly the state of the node that wrote it. A stored
/// transaction that is refused on replay makes <see cref="Open"/> throw <see cref="LedgerIntegrityException"/>.</para>
/// <para>Nonces: a sender's first transaction has nonce 0 and each accepted one uses the next; a rejected transaction
/// uses none, so the sender may resubmit with the same nonce. Not thread-safe: one proposer, one thread.</para>
/// <para>If the store fails to commit a block, the contracts have already applied it in memory; the node is then
/// faulted and refuses further proposals. Open a new node (with fresh contracts) from the store, which holds exactly the
/// committed blocks.</para>
/// </remarks>
public sealed class LedgerNode
{
    private readonly ILedgerStore _store;
    private readonly Dictionary<TransactionType, IContract> _routes = [];
    private readonly Dictionary<AccountAddress, ulong> _nextNonces = [];
    private readonly LedgerSigningKey? _proposerKey;
    private readonly TimeProvider _time;
    private bool _faulted;

    private LedgerNode(ILedgerStore store, IEnumerable<IContract> contracts, LedgerSigningKey? proposerKey, TimeProvider time)
    {
        _store = store;
        _proposerKey = proposerKey;
        _time = time;
        foreach (IContract contract in contracts)
        {
            ArgumentNullException.ThrowIfNull(contract, nameof(contracts));
            foreach (TransactionType type in contract.TransactionTypes)
            {
                if (type == TransactionType.None || !_routes.TryAdd(type, contract))
                {
                    throw new ArgumentException($"Transaction type {type} is claimed by two contracts or is not a valid type.", nameof(contracts));
                }
            }
        }
    }

    /// <summary>Gets the chain's parameters.</summary>
    public ChainParameters Parameters => _store.Parameters;

    /// <summary>Gets the number of committed blocks (the height of the next block).</summary>
    public long BlockCount => _store.Count;

    /// <summary>Gets the hash of the last committed block (zero before the first).</summary>
    public BlockHash Head => _store.Head;

    /// <summary>Opens a node on a store: re-verifies every stored block (signatures in parallel) and replays it through
    /// the admission rules and the contracts, in one pass.</summary>
    /// <param name="store">The store; the caller keeps ownership.</param>
    /// <param name="contracts">The contracts, in their initial (pre-genesis) state; each transaction type belongs to one.</param>
    /// <param name="proposerKey">The chain proposer's signing key, or <see langword="null"/> for a read-only node.</param>
    /// <param name="timeProvider">The clock for block timestamps (<see cref="TimeProvider.System"/> when null).</param>
    /// <returns>The node, in the state the stored ledger implies.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="contracts"/> is null.</exception>
    /// <exception cref="ArgumentException">Two contracts claim one type, or the key is not the chain's proposer.</exception>
    /// <exception cref="LedgerIntegrityException">A stored block fails verification or its transactions are refused on replay.</exception>
    public static LedgerNode Open(ILedgerStore store, IEnumerable<IContract> contracts, LedgerSigningKey? proposerKey = null, TimeProvider? timeProvider = null) =>
        OpenCore(store, contracts, proposerKey, timeProvider, null);

    /// <summary>Opens a read-only node on a store, as <see cref="Open"/> does, and shows the verdict on every replayed
    /// transaction to an observer: this is how a tool lists what the contracts made of each stored transaction.</summary>
    /// <param name="store">The store; the caller keeps ownership.</param>
    /// <param name="contracts">The contracts, in their initial (pre-genesis) state; each transaction type belongs to one.</param>
    /// <param name="replayed">Called on the calling thread, in ledger order, with each block, the transaction's position
    /// in it and the verdict; a refused transaction is shown before <see cref="LedgerIntegrityException"/> is thrown.</param>
    /// <returns>The node, in the state the stored ledger implies.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two contracts claim one type.</exception>
    /// <exception cref="LedgerIntegrityException">A stored block fails verification or its transactions are refused on replay.</exception>
    public static LedgerNode Replay(ILedgerStore store, IEnumerable<IContract> contracts, Action<Block, int, ContractResult> replayed)
    {
        ArgumentNullException.ThrowIfNull(replayed);
        return OpenCore(store, contracts, null, null, replayed);
    }

    private static LedgerNode OpenCore(ILedgerStore store, IEnumerable<IContract> contracts, LedgerSigningKey? proposerKey, TimeProvider? timeProvider, Action<Block, int, ContractResult>? replayed)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(contracts);
        if (proposerKey is not null && !proposerKey.PublicKey.Equals(store.Parameters.Proposer))
        {
            throw new ArgumentException("The signing key is not this chain's proposer.", nameof(proposerKey));
        }

        var node = new LedgerNode(store, contracts, proposerKey, timeProvider ?? TimeProvider.System);

        // One pass: the store re-verifies every block (signatures in parallel) and hands them over in height order.
        ChainVerificationResult verified = store.Verify(block =>
        {
            var context = new TransactionContext(block.Height, block.Timestamp, block.PreviousHash);
            for (int i = 0; i < block.Transactions.Length; i++)
            {
                ContractResult result = node.Admit(block.Transactions[i], context);
                replayed?.Invoke(block, i, result);
                if (!result.IsAccepted)
                {
                    return $"transaction {i} ({block.Transactions[i].Id}) is refused on replay: {result.Reason}";
                }
            }

            return null;
        });
        if (!verified.IsValid)
        {
            throw new LedgerIntegrityException(verified.FirstBadHeight!.Value, verified.Reason!);
        }

        if (verified.BlockCount != store.Count || verified.Head != store.Head)
        {
            throw new LedgerIntegrityException(verified.BlockCount, "the store changed while it was being replayed");
        }

        return node;
    }

    /// <summary>Gets the nonce a sender's next transaction must carry.</summary>
    /// <param name="sender">The sender's address.</param>
    /// <returns>0 for a sender with no accepted transaction, else one more than the last accepted nonce.</returns>
    public ulong GetNextNonce(AccountAddress sender) => _nextNonces.GetValueOrDefault(sender);

    /// <summary>Admits the transactions in order, signs a block of the accepted ones and commits it.</summary>
    /// <param name="transactions">Candidate transactions, applied in this order (so a sender's nonces must ascend).</param>
    /// <returns>The committed block and the rejected transactions with their reasons.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The node has no proposer key, or is faulted by an earlier failed commit.</exception>
    /// <remarks>Transactions past the block's capacity are rejected ("block full") and may be resubmitted unchanged.
    /// An empty block is committed when nothing is accepted.</remarks>
    public BlockProposal ProposeBlock(IEnumerable<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (_proposerKey is null)
        {
            throw new InvalidOperationException("This node has no proposer key and cannot propose blocks.");
        }

        if (_faulted)
        {
            throw new InvalidOperationException("An earlier block failed to commit; open a new node from the store.");
        }

        long height = _store.Count;
        DateTimeOffset now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        DateTimeOffset timestamp = _store.LastTimestamp is { } last && last > now ? last : now;
        var context = new TransactionContext(height, timestamp, _store.Head);
        var accepted = new List<Transaction>();
        var rejected = ImmutableArray.CreateBuilder<TransactionRejection>();
        foreach (Transaction tx in transactions)
        {
            ArgumentNullException.ThrowIfNull(tx, nameof(transactions));
            ContractResult result = accepted.Count >= Parameters.MaxTransactionsPerBlock
                ? ContractResult.Rejected($"the block is full ({Parameters.MaxTransactionsPerBlock} transactions); resubmit it")
                : Admit(tx, context);
            if (result.IsAccepted)
            {
                accepted.Add(tx);
            }
            else
            {
                rejected.Add(new TransactionRejection(tx.Id, tx.SenderAddress, tx.Nonce, result.Reason));
            }
        }

        Block block = Block.Create(Parameters.ChainId, height, _store.Head, timestamp, accepted, _proposerKey);
        try
        {
            _store.Append(block);
        }
        catch
        {
            _faulted = true;
            throw;
        }

        return new BlockProposal(block, rejected.ToImmutable());
    }

    /// <summary>The admission rules, shared by proposal and replay; applies the transaction when it passes them.</summary>
    private ContractResult Admit(Transaction tx, TransactionContext context)
    {
        if (tx.ChainId != Parameters.ChainId)
        {
            return ContractResult.Rejected($"the transaction is for chain {tx.ChainId}; this ledger is chain {Parameters.ChainId}");
        }

        if (tx.Payload.Length > Parameters.MaxPayloadBytes)
        {
            return ContractResult.Rejected($"the payload has {tx.Payload.Length} bytes; this chain's limit is {Parameters.MaxPayloadBytes} (put larger data in the blob store)");
        }

        ulong next = GetNextNonce(tx.SenderAddress);
        if (tx.Nonce != next)
        {
            return ContractResult.Rejected(tx.Nonce < next
                ? $"nonce {tx.Nonce} was already used (replay); the sender's next nonce is {next}"
                : $"nonce {tx.Nonce} is ahead of the sender's next nonce {next}");
        }

        if (next == ulong.MaxValue)
        {
            return ContractResult.Rejected("the sender's nonces are exhausted");
        }

        if (!_routes.TryGetValue(tx.Type, out IContract? contract))
        {
            return ContractResult.Rejected($"transaction type {(ushort)tx.Type} is not handled by any contract of this ledger");
        }

        ContractResult result = contract.Apply(tx, context);
        if (result.IsAccepted)
        {
            _nextNonces[tx.SenderAddress] = next + 1;
        }

        return result;
    }
}
