using DeepChain.Core.Ledger;

namespace DeepChain.Core.Training;

/// <summary>
/// Where a <see cref="CollaborativeTrainingSession"/> keeps its ledger and its blobs (the encrypted gradients,
/// aggregates and decryption shares).
/// </summary>
/// <remarks>Choose <see cref="InMemory"/> for tests and throw-away experiments, <see cref="Sqlite"/> to keep an auditable
/// record that <c>deepchain ledger verify</c> and any SQLite tool can read afterwards.</remarks>
public sealed class SessionStorage
{
    private readonly string? _ledgerPath;

    private SessionStorage(string? ledgerPath, string blobDirectory, bool deleteBlobsOnDispose)
    {
        _ledgerPath = ledgerPath;
        BlobDirectory = blobDirectory;
        DeletesBlobsOnDispose = deleteBlobsOnDispose;
    }

    /// <summary>Gets the path of the SQLite ledger file, or <see langword="null"/> for an in-memory ledger.</summary>
    public string? LedgerPath => _ledgerPath;

    /// <summary>Gets the directory of the content-addressed blob store.</summary>
    public string BlobDirectory { get; }

    /// <summary>Gets whether the session deletes the blob directory when it is disposed (only a temporary one).</summary>
    public bool DeletesBlobsOnDispose { get; }

    /// <summary>An in-memory ledger and a blob store in <paramref name="blobDirectory"/>, or in a new temporary directory
    /// that the session deletes when it is disposed.</summary>
    /// <param name="blobDirectory">The blob directory, or <see langword="null"/> for a temporary one.</param>
    /// <returns>The storage choice.</returns>
    public static SessionStorage InMemory(string? blobDirectory = null) =>
        blobDirectory is null ? CreateTemporary() : new SessionStorage(null, Path.GetFullPath(blobDirectory), deleteBlobsOnDispose: false);

    /// <summary>A SQLite ledger at <paramref name="ledgerPath"/> (created; it must not hold another chain) and a blob
    /// store in <paramref name="blobDirectory"/>; both are kept after the session.</summary>
    /// <param name="ledgerPath">The SQLite file.</param>
    /// <param name="blobDirectory">The blob directory.</param>
    /// <returns>The storage choice.</returns>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    public static SessionStorage Sqlite(string ledgerPath, string blobDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(ledgerPath);
        ArgumentException.ThrowIfNullOrEmpty(blobDirectory);
        return new SessionStorage(Path.GetFullPath(ledgerPath), Path.GetFullPath(blobDirectory), deleteBlobsOnDispose: false);
    }

    internal static SessionStorage CreateTemporary() =>
        new(null, Path.Combine(Path.GetTempPath(), "deepchain-session-" + Guid.NewGuid().ToString("N")), deleteBlobsOnDispose: true);

    internal ILedgerStore OpenStore(ChainParameters parameters) =>
        _ledgerPath is null ? new InMemoryLedgerStore(parameters) : SqliteLedgerStore.Open(_ledgerPath, parameters);
}
