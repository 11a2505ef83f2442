using DeepChain.Core.Ledger;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Ledger;

public sealed class IdTests
{
    [Property(MaxTest = 100)]
    public bool ToString_ThenParse_RoundTrips(byte[] seed)
    {
        byte[] bytes = System.Security.Cryptography.SHA256.HashData(seed ?? []);
        var id = new TxId(bytes);
        string hex = id.ToString();
        return hex.Length == 64 && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') && TxId.Parse(hex) == id && TxId.Parse(hex.ToUpperInvariant()) == id
            && id.ToArray().AsSpan().SequenceEqual(bytes);
    }

    [Property(MaxTest = 100)]
    public bool Equality_FollowsBytes(byte[] a, byte[] b)
    {
        var x = new BlockHash(System.Security.Cryptography.SHA256.HashData(a ?? []));
        var y = new BlockHash(System.Security.Cryptography.SHA256.HashData(b ?? []));
        bool sameBytes = x.ToArray().AsSpan().SequenceEqual(y.ToArray());
        return (x == y) == sameBytes && (x != y) == !sameBytes && x.Equals((object)y) == sameBytes
            && (!sameBytes || x.GetHashCode() == y.GetHashCode()) && (x.CompareTo(y) == 0) == sameBytes;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000000")]
    public void TryParse_NotSixtyFourHexDigits_ReturnsFalse(string? text)
    {
        Assert.False(BlobId.TryParse(text, out BlobId id));
        Assert.True(id.IsZero);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => AccountAddress.Parse(text));
        }
    }

    [Fact]
    public void Constructor_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TxId(new byte[31]));
        Assert.Throws<ArgumentException>(() => new TxId(new byte[33]));
    }

    [Fact]
    public void Ordering_IsLexicographicOverBytes()
    {
        byte[] low = new byte[32];
        byte[] high = new byte[32];
        low[31] = 0xff;
        high[0] = 0x01;
        Assert.True(new AccountAddress(low) < new AccountAddress(high));
        Assert.True(AccountAddress.Zero < new AccountAddress(low));
    }
}
