using System.Numerics;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;
using DeepChain.Crypto.Serialization;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier.Threshold;

/// <summary>
/// Binary and JSON round-trips of threshold public material, key shares, decryption shares and batches; malformed,
/// truncated or mismatched input gives the specific exception and nothing else.
/// </summary>
public sealed class ThresholdPaillierSerializationTests : IClassFixture<ThresholdTestPrimes>, IDisposable
{
    private readonly ThresholdPaillierKeySet _keys;
    private readonly ThresholdPaillierKeySet _otherKeys;
    private readonly PaillierCiphertext _ciphertext;
    private readonly PaillierCiphertext[] _ciphertexts;

    public ThresholdPaillierSerializationTests(ThresholdTestPrimes primes)
    {
        _keys = primes.Deal(5, 3);
        _otherKeys = primes.Deal(5, 3);
        _ciphertext = _keys.PublicKey.PaillierKey.Encrypt(424_242);
        _ciphertexts = _keys.PublicKey.PaillierKey.Encrypt([1, 2, 3, 4]);
    }

    private ThresholdPaillierPublicKey PublicKey => _keys.PublicKey;

    [Fact]
    public void PublicKey_BinaryRoundTrip_IsEqualAndVerifiesShares()
    {
        byte[] blob = ThresholdPaillierBinaryFormat.ExportPublicKey(PublicKey);

        ThresholdPaillierPublicKey imported = ThresholdPaillierBinaryFormat.ImportPublicKey(blob, allowInsecureTestSizes: true);

        AssertSameKey(PublicKey, imported);
        Assert.True(imported.Verify(imported.PaillierKey.Import(_ciphertext.Value), _keys.Shares[0].CreateDecryptionShare(_ciphertext)));
    }

    [Fact]
    public void PublicKey_JsonRoundTrip_IsEqual()
    {
        string json = ThresholdPaillierJson.ExportPublicKey(PublicKey);

        AssertSameKey(PublicKey, ThresholdPaillierJson.ImportPublicKey(json, allowInsecureTestSizes: true));
    }

    [Fact]
    public void PublicKey_PublicImport_RefusesTestSizedModulus()
    {
        Assert.Throws<KeyFormatException>(() => ThresholdPaillierBinaryFormat.ImportPublicKey(ThresholdPaillierBinaryFormat.ExportPublicKey(PublicKey)));
        Assert.Throws<KeyFormatException>(() => ThresholdPaillierJson.ImportPublicKey(ThresholdPaillierJson.ExportPublicKey(PublicKey)));
    }

    [Fact]
    public void KeyShare_BinaryAndJsonRoundTrips_MakeSharesThatCombine()
    {
        byte[] blob = ThresholdPaillierBinaryFormat.ExportKeyShare(_keys.Shares[1]);
        string json = ThresholdPaillierJson.ExportKeyShare(_keys.Shares[3]);

        using ThresholdKeyShare fromBlob = ThresholdPaillierBinaryFormat.ImportKeyShare(blob, allowInsecureTestSizes: true);
        using ThresholdKeyShare fromJson = ThresholdPaillierJson.ImportKeyShare(json, allowInsecureTestSizes: true);

        Assert.Equal(2, fromBlob.Index);
        Assert.Equal(4, fromJson.Index);
        Assert.Equal(_keys.Shares[1].Secret, fromBlob.Secret);
        Assert.Equal(_keys.Shares[3].Secret, fromJson.Secret);
        Assert.Equal(PublicKey, fromBlob.PublicKey);
        DecryptionShare[] shares = [fromBlob.CreateDecryptionShare(_ciphertext), fromJson.CreateDecryptionShare(_ciphertext), _keys.Shares[4].CreateDecryptionShare(_ciphertext)];
        Assert.Equal(424_242, new DecryptionShareCombiner(PublicKey).Combine(_ciphertext, shares).Plaintext);
    }

    [Fact]
    public void KeyShare_SecretOfAnotherParty_IsRefused()
    {
        byte[] blob = ThresholdPaillierBinaryFormat.ExportKeyShare(_keys.Shares[0]);
        blob[6] = 2; // the index field (little-endian) now says party 2, the secret is party 1's

        var error = Assert.Throws<KeyFormatException>(() => ThresholdPaillierBinaryFormat.ImportKeyShare(blob, allowInsecureTestSizes: true));
        Assert.Equal("secret", error.Field);
    }

    [Fact]
    public void KeyShare_ToStringAndJsonOfPublicKey_NeverShowTheSecret()
    {
        ThresholdKeyShare share = _keys.Shares[2];
        string secretDecimal = share.Secret.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.DoesNotContain(secretDecimal, share.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secretDecimal[..12], _keys.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"s\"", ThresholdPaillierJson.ExportPublicKey(PublicKey), StringComparison.Ordinal);
    }

    [Fact]
    public void KeyShare_Disposed_RefusesToMakeSharesOrExport()
    {
        using ThresholdPaillierKeySet keys = _keys.PublicKey.Parties == 5 ? ThresholdPaillierDealerForTests(_keys) : throw new InvalidOperationException();
        ThresholdKeyShare share = keys.Shares[0];
        share.Dispose();

        Assert.Throws<ObjectDisposedException>(() => share.CreateDecryptionShare(_ciphertext));
        Assert.Throws<ObjectDisposedException>(() => ThresholdPaillierBinaryFormat.ExportKeyShare(share));
        Assert.Throws<ObjectDisposedException>(() => ThresholdPaillierJson.ExportKeyShare(share));
    }

    [Fact]
    public void DecryptionShare_BinaryAndJsonRoundTrips_KeepEveryFieldAndVerify()
    {
        DecryptionShare share = _keys.Shares[0].CreateDecryptionShare(_ciphertext);

        DecryptionShare fromBlob = ThresholdPaillierBinaryFormat.ImportDecryptionShare(PublicKey, ThresholdPaillierBinaryFormat.ExportDecryptionShare(PublicKey, share));
        DecryptionShare fromJson = ThresholdPaillierJson.ImportDecryptionShare(PublicKey, ThresholdPaillierJson.ExportDecryptionShare(PublicKey, share));

        foreach (DecryptionShare copy in new[] { fromBlob, fromJson })
        {
            Assert.Equal(share.Index, copy.Index);
            Assert.Equal(share.Value, copy.Value);
            Assert.Equal(share.Proof.Challenge.ToArray(), copy.Proof.Challenge.ToArray());
            Assert.Equal(share.Proof.Response, copy.Proof.Response);
            Assert.True(PublicKey.Verify(_ciphertext, copy));
        }
    }

    [Fact]
    public void DecryptionShareBatch_BinaryRoundTrip_KeepsEveryValueAndVerifies()
    {
        DecryptionShareBatch batch = _keys.Shares[2].CreateDecryptionShares(_ciphertexts);

        DecryptionShareBatch copy = ThresholdPaillierBinaryFormat.ImportDecryptionShareBatch(PublicKey, ThresholdPaillierBinaryFormat.ExportDecryptionShareBatch(PublicKey, batch));

        Assert.Equal(batch.Index, copy.Index);
        Assert.Equal(batch.Values, copy.Values);
        Assert.Equal(batch.Proof.Response, copy.Proof.Response);
        Assert.True(PublicKey.Verify(_ciphertexts, copy));
    }

    [Fact]
    public void DecryptionShare_ImportUnderAnotherKey_ThrowsKeyMismatch()
    {
        DecryptionShare share = _keys.Shares[0].CreateDecryptionShare(_ciphertext);
        DecryptionShareBatch batch = _keys.Shares[0].CreateDecryptionShares(_ciphertexts);

        Assert.Throws<PaillierKeyMismatchException>(() => ThresholdPaillierBinaryFormat.ImportDecryptionShare(_otherKeys.PublicKey, ThresholdPaillierBinaryFormat.ExportDecryptionShare(PublicKey, share)));
        Assert.Throws<PaillierKeyMismatchException>(() => ThresholdPaillierBinaryFormat.ImportDecryptionShareBatch(_otherKeys.PublicKey, ThresholdPaillierBinaryFormat.ExportDecryptionShareBatch(PublicKey, batch)));
        Assert.Throws<PaillierKeyMismatchException>(() => ThresholdPaillierJson.ImportDecryptionShare(_otherKeys.PublicKey, ThresholdPaillierJson.ExportDecryptionShare(PublicKey, share)));
    }

    [Fact]
    public void TryExport_DestinationTooSmall_ReturnsFalseAndWritesNothing()
    {
        DecryptionShare share = _keys.Shares[0].CreateDecryptionShare(_ciphertext);
        var small = new byte[ThresholdPaillierBinaryFormat.GetDecryptionShareSize(PublicKey, share) - 1];

        Assert.False(ThresholdPaillierBinaryFormat.TryExportDecryptionShare(PublicKey, share, small, out int written));
        Assert.Equal(0, written);
        Assert.All(small, b => Assert.Equal(0, b));
        Assert.False(ThresholdPaillierBinaryFormat.TryExportPublicKey(PublicKey, small.AsSpan(0, 10), out _));
        Assert.Throws<ArgumentException>(() => ThresholdPaillierBinaryFormat.ExportKeyShare(_keys.Shares[0], small));
        var exact = new byte[ThresholdPaillierBinaryFormat.GetKeyShareSize(_keys.Shares[0])];
        Assert.True(ThresholdPaillierBinaryFormat.TryExportKeyShare(_keys.Shares[0], exact, out written));
        Assert.Equal(exact.Length, written);
    }

    [Property(MaxTest = 60)]
    public void Import_TruncatedBlob_ThrowsTheFormatException(ushort cutSource)
    {
        DecryptionShare share = _keys.Shares[0].CreateDecryptionShare(_ciphertext);
        byte[] publicBlob = ThresholdPaillierBinaryFormat.ExportPublicKey(PublicKey);
        byte[] keyShareBlob = ThresholdPaillierBinaryFormat.ExportKeyShare(_keys.Shares[0]);
        byte[] shareBlob = ThresholdPaillierBinaryFormat.ExportDecryptionShare(PublicKey, share);
        byte[] batchBlob = ThresholdPaillierBinaryFormat.ExportDecryptionShareBatch(PublicKey, _keys.Shares[0].CreateDecryptionShares(_ciphertexts));

        Assert.Throws<KeyFormatException>(() => ThresholdPaillierBinaryFormat.ImportPublicKey(publicBlob.AsSpan(0, cutSource % publicBlob.Length), allowInsecureTestSizes: true));
        Assert.Throws<KeyFormatException>(() => ThresholdPaillierBinaryFormat.ImportKeyShare(keyShareBlob.AsSpan(0, cutSource % keyShareBlob.Length), allowInsecureTestSizes: true));
        Assert.Throws<CiphertextFormatException>(() => ThresholdPaillierBinaryFormat.ImportDecryptionShare(PublicKey, shareBlob.AsSpan(0, cutSource % shareBlob.Length)));
        Assert.Throws<CiphertextFormatException>(() => ThresholdPaillierBinaryFormat.ImportDecryptionShareBatch(PublicKey, batchBlob.AsSpan(0, cutSource % batchBlob.Length)));
    }

    [Property(MaxTest = 100)]
    public void Import_BlobWithOneByteChanged_ThrowsAFormatExceptionOrFailsVerification(ushort positionSource, byte xor)
    {
        DecryptionShare share = _keys.Shares[0].CreateDecryptionShare(_ciphertext);
        byte[] shareBlob = ThresholdPaillierBinaryFormat.ExportDecryptionShare(PublicKey, share);
        byte[] keyShareBlob = ThresholdPaillierBinaryFormat.ExportKeyShare(_keys.Shares[0]);
        byte change = xor == 0 ? (byte)1 : xor;
        shareBlob[positionSource % shareBlob.Length] ^= change;
        keyShareBlob[positionSource % keyShareBlob.Length] ^= change;

        try
        {
            DecryptionShare altered = ThresholdPaillierBinaryFormat.ImportDecryptionShare(PublicKey, shareBlob);
            Assert.False(PublicKey.Verify(_ciphertext, altered));
        }
        catch (Exception ex) when (ex is CiphertextFormatException or PaillierKeyMismatchException)
        {
        }

        try
        {
            // A change in another party's verification key still imports (with different public material); everything
            // else the import itself refuses.
            using ThresholdKeyShare altered = ThresholdPaillierBinaryFormat.ImportKeyShare(keyShareBlob, allowInsecureTestSizes: true);
            Assert.NotEqual(PublicKey, altered.PublicKey);
        }
        catch (KeyFormatException)
        {
        }
    }

    [Theory]
    [InlineData("{}", "kty")]
    [InlineData("{\"kty\":\"DC-TPAI\",\"ver\":2}", "ver")]
    [InlineData("{\"kty\":\"DAJ\",\"ver\":1}", "kty")]
    [InlineData("[1]", "(root)")]
    public void PublicKey_MalformedJson_ThrowsKeyFormatExceptionNamingTheField(string json, string field)
    {
        var error = Assert.Throws<KeyFormatException>(() => ThresholdPaillierJson.ImportPublicKey(json, allowInsecureTestSizes: true));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void PublicKey_JsonWithWrongNumberOfVerificationKeys_IsRefused()
    {
        string json = ThresholdPaillierJson.ExportPublicKey(PublicKey).Replace("\"parties\":5", "\"parties\":4", StringComparison.Ordinal);

        var error = Assert.Throws<KeyFormatException>(() => ThresholdPaillierJson.ImportPublicKey(json, allowInsecureTestSizes: true));
        Assert.Equal("vk", error.Field);
    }

    [Fact]
    public void Blobs_WrongMagicOrScheme_AreRefused()
    {
        byte[] publicBlob = ThresholdPaillierBinaryFormat.ExportPublicKey(PublicKey);
        byte[] ordinaryBlob = PaillierBinaryFormat.ExportPublicKey(PublicKey.PaillierKey);
        byte[] wrongScheme = (byte[])publicBlob.Clone();
        wrongScheme[5] = 1;

        Assert.Equal("magic", Assert.Throws<KeyFormatException>(() => ThresholdPaillierBinaryFormat.ImportPublicKey(ordinaryBlob, allowInsecureTestSizes: true)).Field);
        Assert.Equal("scheme", Assert.Throws<KeyFormatException>(() => ThresholdPaillierBinaryFormat.ImportPublicKey(wrongScheme, allowInsecureTestSizes: true)).Field);
        Assert.Equal("magic", Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPublicKey(publicBlob)).Field);
    }

    public void Dispose()
    {
        _keys.Dispose();
        _otherKeys.Dispose();
    }

    private static ThresholdPaillierKeySet ThresholdPaillierDealerForTests(ThresholdPaillierKeySet template)
    {
        ThresholdPaillierPublicKey key = template.PublicKey;
        var shares = template.Shares.Select(s => new ThresholdKeyShare(key, s.Index, s.Secret)).ToArray();
        return new ThresholdPaillierKeySet(key, shares);
    }

    private static void AssertSameKey(ThresholdPaillierPublicKey expected, ThresholdPaillierPublicKey actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected.N, actual.N);
        Assert.Equal(expected.Parties, actual.Parties);
        Assert.Equal(expected.Threshold, actual.Threshold);
        Assert.Equal(expected.VerificationBase, actual.VerificationBase);
        Assert.Equal(expected.VerificationKeys, actual.VerificationKeys);
        Assert.Equal(expected.GetFingerprint(), actual.GetFingerprint());
    }
}
