using DeepChain.Core.Ledger;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Ledger;

public sealed class BlobStoreTests
{
    [Property(MaxTest = 25)]
    public bool Put_ThenRead_GivesTheContentUnderItsSha256(byte[] content)
    {
        content ??= [];
        using var directory = new TempDirectory();
        var store = new BlobStore(directory.Path);
        BlobReference reference = store.Put(content);
        BlobReference fromStream = store.Put(new MemoryStream(content));
        return reference == fromStream && reference.Length == content.Length
            && reference.Id == new BlobId(System.Security.Cryptography.SHA256.HashData(content))
            && store.Read(reference.Id).AsSpan().SequenceEqual(content)
            && Directory.GetFiles(directory.Path, "*.tmp", SearchOption.AllDirectories).Length == 0;
    }

    [Fact]
    public void Read_AlteredFile_IsDetected_AndPutRepairsIt()
    {
        using var directory = new TempDirectory();
        var store = new BlobStore(directory.Path);
        byte[] content = [1, 2, 3, 4, 5];
        BlobReference reference = store.Put(content);
        string path = store.PathOf(reference.Id);
        File.WriteAllBytes(path, [1, 2, 3, 4, 6]);

        Assert.False(store.TryRead(reference.Id, out _, out string? reason));
        Assert.Contains("hash", reason, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => store.Read(reference.Id));

        store.Put(content);
        Assert.Equal(content, store.Read(reference.Id));
    }

    [Fact]
    public void Read_MissingBlob_Throws()
    {
        using var directory = new TempDirectory();
        var store = new BlobStore(directory.Path);
        Assert.False(store.Contains(BlobId.Zero));
        Assert.Throws<FileNotFoundException>(() => store.Read(BlobId.Zero));
    }

    [Fact]
    public void Put_OverTheLimit_IsRefusedAndLeavesNoFile()
    {
        using var directory = new TempDirectory();
        var store = new BlobStore(directory.Path, maxBlobBytes: 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Put(new byte[17]));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Put(new MemoryStream(new byte[17])));
        Assert.Empty(Directory.GetFiles(directory.Path, "*", SearchOption.AllDirectories));
    }
}
