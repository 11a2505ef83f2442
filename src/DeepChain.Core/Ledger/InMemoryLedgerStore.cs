namespace DeepChain.Core.Ledger;

/// <summary>
/// A ledger store in memory, for tests and short-lived sessions. It keeps each block's canonical encoding, so a chain
/// can be exported and opened again (with full verification) elsewhere.
/// </summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly List<byte[]> _encoded = [];
    private readonly List<Block> _blocks = [];
    private readonly object _gate = new();

    /// <summary>Creates an empty store.</summary>
    /// <param name="parameters">The chain's parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public InMemoryLedgerStore(ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    /// <inheritdoc/>
    public ChainParameters Parameters { get; }

    /// <inheritdoc/>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _blocks.Count;
            }
        }
    }

    /// <inheritdoc/>
    public BlockHash Head
    {
        get
        {
            lock (_gate)
            {
                return _blocks.Count == 0 ? BlockHash.Zero : _blocks[^1].Hash;
            }
        }
    }

    /// <inheritdoc/>
    public DateTimeOffset? LastTimestamp
    {
        get
        {
            lock (_gate)
            {
                return _blocks.Count == 0 ? null : _blocks[^1].Timestamp;
            }
        }
    }

    /// <summary>Opens a store from encoded blocks (for example from <see cref="ExportEncodedBlocks"/>), verifying them all.</summary>
    /// <param name="encodedBlocks">The blocks' encodings in height order.</param>
    /// <param name="parameters">The chain's parameters.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="LedgerIntegrityException">A block fails verification; the exception names the first bad height.</exception>
    public static InMemoryLedgerStore Open(IEnumerable<byte[]> encodedBlocks, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(encodedBlocks);
        var store = new InMemoryLedgerStore(parameters);
        ChainVerificationResult result = ChainVerifier.Verify(encodedBlocks.Select(b => new ChainVerifier.StoredBytes((byte[])b.Clone(), null)), parameters, null, block =>
        {
            store._blocks.Add(block);
            store._encoded.Add(block.Encode());
            return null;
        });
        if (!result.IsValid)
        {
            throw new LedgerIntegrityException(result.FirstBadHeight!.Value, result.Reason!);
        }

        return store;
    }

    /// <summary>Returns copies of the stored blocks' encodings in height order.</summary>
    /// <returns>One array per block.</returns>
    public IReadOnlyList<byte[]> ExportEncodedBlocks()
    {
        lock (_gate)
        {
            return [.. _encoded.Select(b => (byte[])b.Clone())];
        }
    }

    /// <inheritdoc/>
    public void Append(Block block)
    {
        lock (_gate)
        {
            ChainVerifier.ThrowIfNotAppendable(block, Parameters, _blocks.Count, _blocks.Count == 0 ? BlockHash.Zero : _blocks[^1].Hash, _blocks.Count == 0 ? null : _blocks[^1].Timestamp);
            byte[] encoded = block.Encode();
            _encoded.Add(encoded);
            _blocks.Add(block);
        }
    }

    /// <inheritdoc/>
    public Block ReadBlock(long height)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(height);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(height, _blocks.Count);
            return _blocks[(int)height];
        }
    }

    /// <inheritdoc/>
    public ChainVerificationResult Verify() => Verify(null);

    /// <inheritdoc/>
    public ChainVerificationResult Verify(Func<Block, string?>? visitor)
    {
        List<byte[]> snapshot;
        lock (_gate)
        {
            snapshot = [.. _encoded];
        }

        return ChainVerifier.Verify(snapshot.Select(b => new ChainVerifier.StoredBytes(b, null)), Parameters, null, visitor);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
