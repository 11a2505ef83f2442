namespace DeepChain.Core.Ledger;

/// <summary>
/// The fixed parameters of one chain: its id (part of every signed transaction and block, so a signature made for
/// one chain is worthless on another), the single proposer's public key and the size limits.
/// </summary>
public sealed class ChainParameters
{
    /// <summary>The largest payload any chain accepts inline (16 MiB); larger data goes to a <see cref="BlobStore"/>.</summary>
    public const int AbsoluteMaxPayloadBytes = 16 * 1024 * 1024;

    /// <summary>The default payload limit (64 KiB).</summary>
    public const int DefaultMaxPayloadBytes = 64 * 1024;

    /// <summary>The default limit of transactions per block.</summary>
    public const int DefaultMaxTransactionsPerBlock = 4096;

    /// <summary>Creates the parameters of a chain.</summary>
    /// <param name="chainId">The chain id.</param>
    /// <param name="proposer">The public key of the one node that signs blocks.</param>
    /// <param name="maxPayloadBytes">The largest inline payload, 0 to <see cref="AbsoluteMaxPayloadBytes"/>.</param>
    /// <param name="maxTransactionsPerBlock">The most transactions in one block, at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="proposer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public ChainParameters(ulong chainId, LedgerPublicKey proposer, int maxPayloadBytes = DefaultMaxPayloadBytes, int maxTransactionsPerBlock = DefaultMaxTransactionsPerBlock)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPayloadBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadBytes, AbsoluteMaxPayloadBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTransactionsPerBlock, 1);
        ChainId = chainId;
        Proposer = proposer;
        MaxPayloadBytes = maxPayloadBytes;
        MaxTransactionsPerBlock = maxTransactionsPerBlock;
    }

    /// <summary>Gets the chain id.</summary>
    public ulong ChainId { get; }

    /// <summary>Gets the public key whose signature every block must carry.</summary>
    public LedgerPublicKey Proposer { get; }

    /// <summary>Gets the largest inline payload in bytes.</summary>
    public int MaxPayloadBytes { get; }

    /// <summary>Gets the most transactions one block may hold.</summary>
    public int MaxTransactionsPerBlock { get; }
}
