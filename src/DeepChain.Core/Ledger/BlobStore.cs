using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DeepChain.Core.Ledger;

/// <summary>
/// Content-addressed files: a blob is stored under the hex SHA-256 of its content (as IPFS addresses blocks), and is
/// verified against that hash whenever it is read. Large payloads (ciphertexts) live here; the ledger holds their
/// <see cref="BlobReference"/>.
/// </summary>
/// <remarks>
/// A blob is written to a temporary file in the same directory, flushed to disk, then renamed into place, so a crash
/// leaves either the whole blob or none of it under its name. Writing the same content twice stores it once; writing it again over a corrupt file repairs the file. Files sit
/// in 256 subdirectories named by the hash's first byte. Safe for concurrent use within one process.
/// The directory entry itself is not flushed (.NET has no portable call for it), so after a power failure a blob
/// written just before may be missing; it is never present with wrong content, because every read checks the hash.
/// </remarks>
public sealed class BlobStore
{
    /// <summary>The default size limit of one blob (1 GiB).</summary>
    public const long DefaultMaxBlobBytes = 1L << 30;

    private const string TempSuffix = ".tmp";

    /// <summary>Opens (or creates) a blob store in a directory.</summary>
    /// <param name="directory">The directory; created if missing.</param>
    /// <param name="maxBlobBytes">The largest blob accepted or read, at least 1 byte, at most <see cref="int.MaxValue"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBlobBytes"/> is out of range.</exception>
    public BlobStore(string directory, long maxBlobBytes = DefaultMaxBlobBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlobBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBlobBytes, int.MaxValue);
        Directory = Path.GetFullPath(directory);
        MaxBlobBytes = maxBlobBytes;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Gets the store's directory.</summary>
    public string Directory { get; }

    /// <summary>Gets the size limit of one blob in bytes.</summary>
    public long MaxBlobBytes { get; }

    /// <summary>Stores a blob.</summary>
    /// <param name="content">The content.</param>
    /// <returns>The blob's id and length, for a transaction to reference.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The content is larger than <see cref="MaxBlobBytes"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public BlobReference Put(ReadOnlySpan<byte> content)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(content.Length, MaxBlobBytes, nameof(content));
        var id = new BlobId(Digest32.Sha256(content));
        string path = PathOf(id);
        if (!IsIntact(id))
        {
            string temp = NewTempPath(path);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            Commit(temp, path);
        }

        return new BlobReference(id, content.Length);
    }

    /// <summary>Stores a blob read from a stream, hashing it as it is written.</summary>
    /// <param name="content">The stream, read to its end.</param>
    /// <returns>The blob's id and length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The stream holds more than <see cref="MaxBlobBytes"/> bytes.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public BlobReference Put(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        string temp = NewTempPath(Path.Combine(Directory, "incoming"));
        try
        {
            long length = 0;
            byte[] digest;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                byte[] buffer = new byte[81920];
                int read;
                while ((read = content.Read(buffer)) > 0)
                {
                    length += read;
                    if (length > MaxBlobBytes)
                    {
                        throw new ArgumentOutOfRangeException(nameof(content), $"The blob exceeds the limit of {MaxBlobBytes} bytes.");
                    }

                    hash.AppendData(buffer, 0, read);
                    file.Write(buffer, 0, read);
                }

                file.Flush(flushToDisk: true);
                digest = hash.GetHashAndReset();
            }

            var id = new BlobId(digest);
            string path = PathOf(id);
            if (IsIntact(id))
            {
                File.Delete(temp);
            }
            else
            {
                Commit(temp, path);
            }

            return new BlobReference(id, length);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Tells whether a blob is stored (without verifying it).</summary>
    /// <param name="id">The blob id.</param>
    /// <returns><see langword="true"/> when a file with that name exists.</returns>
    public bool Contains(BlobId id) => File.Exists(PathOf(id));

    /// <summary>Reads a blob and verifies it against its id.</summary>
    /// <param name="id">The blob id.</param>
    /// <returns>The content.</returns>
    /// <exception cref="FileNotFoundException">The blob is not stored.</exception>
    /// <exception cref="InvalidDataException">The stored file does not hash to <paramref name="id"/> (it was altered).</exception>
    public byte[] Read(BlobId id)
    {
        if (TryRead(id, out byte[]? content, out string? reason))
        {
            return content;
        }

        if (!Contains(id))
        {
            throw new FileNotFoundException($"Blob {id} is not in the store.", PathOf(id));
        }

        throw new InvalidDataException($"Blob {id} is corrupt: {reason}.");
    }

    /// <summary>Tries to read a blob and verify it against its id.</summary>
    /// <param name="id">The blob id.</param>
    /// <param name="content">The content, when the blob is stored and intact.</param>
    /// <param name="reason">Why it could not be read, when it could not.</param>
    /// <returns><see langword="true"/> when the blob is stored and hashes to <paramref name="id"/>.</returns>
    public bool TryRead(BlobId id, [NotNullWhen(true)] out byte[]? content, [NotNullWhen(false)] out string? reason)
    {
        content = null;
        string path = PathOf(id);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                reason = "the blob is not stored";
                return false;
            }

            if (info.Length > MaxBlobBytes)
            {
                reason = $"the stored file has {info.Length} bytes, over the limit of {MaxBlobBytes}";
                return false;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            reason = $"the file could not be read ({e.GetType().Name})";
            return false;
        }

        if (new BlobId(Digest32.Sha256(bytes)) != id)
        {
            reason = "the stored content does not hash to its id";
            return false;
        }

        content = bytes;
        reason = null;
        return true;
    }

    /// <summary>Gets the file path a blob is stored under.</summary>
    /// <param name="id">The blob id.</param>
    /// <returns>The absolute path (the file may not exist).</returns>
    public string PathOf(BlobId id)
    {
        string hex = id.ToString();
        return Path.Combine(Directory, hex[..2], hex);
    }

    private static string NewTempPath(string finalPath)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        return finalPath + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + TempSuffix;
    }

    private bool IsIntact(BlobId id) => File.Exists(PathOf(id)) && TryRead(id, out _, out _);

    private static void Commit(string temp, string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Overwrite: the content is fixed by the name, so whatever is there (a corrupt file, or the same bytes from a
        // concurrent writer) may be replaced by ours, which was hashed as it was written.
        File.Move(temp, path, overwrite: true);
    }
}
