using System.Buffers.Binary;
using System.Numerics;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Serialization;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier;

public class PaillierBinaryFormatTests
{
    private static PaillierPublicKey PublicKey => SerializationTestKeys.First.PublicKey;

    private static PaillierPrivateKey PrivateKey => SerializationTestKeys.First.PrivateKey;

    private static PaillierPublicKey OtherKey => SerializationTestKeys.Second.PublicKey;

    private static byte[] PublicBlob() => PaillierBinaryFormat.ExportPublicKey(PublicKey);

    private static byte[] PrivateBlob() => PaillierBinaryFormat.ExportPrivateKey(PrivateKey);

    private static byte[] CiphertextBlob() => PaillierBinaryFormat.ExportCiphertext(PublicKey, PublicKey.Encrypt(12345));

    private static byte[] CiphertextArrayBlob() =>
        PaillierBinaryFormat.ExportCiphertexts(PublicKey, PublicKey.Encrypt([1, 2, 3]));

    /// <summary>Imports a blob of the given kind; throws whatever the import throws.</summary>
    private static void Import(string kind, byte[] blob)
    {
        switch (kind)
        {
            case "public":
                PaillierBinaryFormat.ImportPublicKey(blob, allowInsecureTestSizes: true);
                break;
            case "private":
                PaillierBinaryFormat.ImportPrivateKey(blob, allowInsecureTestSizes: true).Dispose();
                break;
            case "ciphertext":
                PaillierBinaryFormat.ImportCiphertext(blob, PublicKey);
                break;
            case "ciphertexts":
                PaillierBinaryFormat.ImportCiphertexts(blob, PublicKey);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static byte[] Blob(string kind) => kind switch
    {
        "public" => PublicBlob(),
        "private" => PrivateBlob(),
        "ciphertext" => CiphertextBlob(),
        "ciphertexts" => CiphertextArrayBlob(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Type FormatExceptionType(string kind) =>
        kind is "public" or "private" ? typeof(KeyFormatException) : typeof(CiphertextFormatException);

    private static readonly string[] s_allKinds = ["public", "private", "ciphertext", "ciphertexts"];

    public static TheoryData<string> Kinds => new(s_allKinds);

    [Fact]
    public void ExportPublicKey_ThenImport_SameModulusAndSameBytes()
    {
        byte[] blob = PublicBlob();
        PaillierPublicKey imported = PaillierBinaryFormat.ImportPublicKey(blob, allowInsecureTestSizes: true);

        Assert.Equal(PublicKey, imported);
        Assert.Equal(blob, PaillierBinaryFormat.ExportPublicKey(imported));
        Assert.Equal("DCPK"u8.ToArray(), blob[..4]);
        Assert.Equal(PaillierBinaryFormat.CurrentVersion, blob[4]);
        Assert.Equal(PaillierBinaryFormat.GetPublicKeySize(PublicKey), blob.Length);
    }

    [Fact]
    public void ExportPrivateKey_ThenImport_SamePrimesAndDecrypts()
    {
        byte[] blob = PrivateBlob();
        using PaillierPrivateKey imported = PaillierBinaryFormat.ImportPrivateKey(blob, allowInsecureTestSizes: true);

        Assert.Equal(PrivateKey.P, imported.P);
        Assert.Equal(PrivateKey.Q, imported.Q);
        Assert.Equal(PublicKey, imported.PublicKey);
        Assert.Equal(new BigInteger(987654321), imported.Decrypt(PublicKey.Encrypt(987654321)));
        Assert.Equal(blob, PaillierBinaryFormat.ExportPrivateKey(imported));
    }

    [Property(MaxTest = 60)]
    public void ExportCiphertext_ThenImport_DecryptsToPlaintext(byte[] plaintextBytes)
    {
        BigInteger m = SerializationTestKeys.Plaintext(plaintextBytes, PublicKey);
        PaillierCiphertext c = PublicKey.Encrypt(m);

        byte[] blob = PaillierBinaryFormat.ExportCiphertext(PublicKey, c);
        PaillierCiphertext imported = PaillierBinaryFormat.ImportCiphertext(blob, PublicKey);

        Assert.Equal(c, imported);
        Assert.Equal(m, PrivateKey.Decrypt(imported));
        Assert.Equal(PaillierBinaryFormat.GetCiphertextSize(PublicKey), blob.Length);
    }

    [Property(MaxTest = 30)]
    public void ExportCiphertexts_ThenImport_DecryptsToPlaintexts(byte[][] plaintextBytes)
    {
        BigInteger[] plaintexts = (plaintextBytes ?? []).Take(8).Select(b => SerializationTestKeys.Plaintext(b, PublicKey)).ToArray();
        PaillierCiphertext[] ciphertexts = PublicKey.Encrypt(plaintexts);

        byte[] blob = PaillierBinaryFormat.ExportCiphertexts(PublicKey, ciphertexts);
        PaillierCiphertext[] imported = PaillierBinaryFormat.ImportCiphertexts(blob, PublicKey);

        Assert.Equal(ciphertexts, imported);
        Assert.Equal(plaintexts, PrivateKey.Decrypt(imported));
        Assert.Equal(PaillierBinaryFormat.GetCiphertextsSize(PublicKey, plaintexts.Length), blob.Length);
    }

    [Fact]
    public void ExportCiphertext_SmallValue_IsPaddedToTheWidthOfNSquared()
    {
        var small = new PaillierCiphertext(BigInteger.One);

        byte[] blob = PaillierBinaryFormat.ExportCiphertext(PublicKey, small);

        int width = PublicKey.NSquared.GetByteCount(isUnsigned: true);
        Assert.Equal((uint)width, BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(14)));
        Assert.Equal(BigInteger.One, PaillierBinaryFormat.ImportCiphertext(blob, PublicKey).Value);
    }

    [Fact]
    public void ExportCiphertext_Fingerprint_MatchesGetFingerprint()
    {
        byte[] blob = CiphertextBlob();

        Assert.Equal(PublicKey.GetFingerprint(), Convert.ToHexStringLower(blob.AsSpan(6, 8)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TryExport_DestinationTooSmall_ReturnsFalseAndWritesNothing(string kind)
    {
        byte[] expected = Blob(kind);
        var destination = new byte[expected.Length - 1];

        bool ok = TryExport(kind, destination, out int written);

        Assert.False(ok);
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ExportToSpan_DestinationTooSmall_ThrowsArgumentException(string kind)
    {
        byte[] expected = Blob(kind);
        var destination = new byte[expected.Length - 1];

        var ex = Assert.Throws<ArgumentException>(() => ExportToSpan(kind, destination));
        Assert.Equal("destination", ex.ParamName);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ExportToSpan_LargerDestination_WritesTheBlobAndReturnsItsLength(string kind)
    {
        var destination = new byte[4096];

        int written = ExportToSpan(kind, destination);
        Assert.True(TryExport(kind, destination, out int tryWritten));

        Assert.Equal(written, tryWritten);
        Import(kind, destination[..written]);
        Assert.Equal(Blob(kind).Length, written);
    }

    [Fact]
    public void ExportToSpan_DeterministicKinds_EqualTheArrayForm()
    {
        var destination = new byte[4096];
        Assert.Equal(PublicBlob(), destination[..PaillierBinaryFormat.ExportPublicKey(PublicKey, destination)]);
        Assert.Equal(PrivateBlob(), destination[..PaillierBinaryFormat.ExportPrivateKey(PrivateKey, destination)]);
        PaillierCiphertext c = PublicKey.Encrypt(5);
        Assert.Equal(PaillierBinaryFormat.ExportCiphertext(PublicKey, c), destination[..PaillierBinaryFormat.ExportCiphertext(PublicKey, c, destination)]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Import_EveryTruncation_ThrowsFormatException(string kind)
    {
        byte[] blob = Blob(kind);
        Type expected = FormatExceptionType(kind);

        for (int length = 0; length < blob.Length; length++)
        {
            Exception ex = Record.Exception(() => Import(kind, blob[..length]));
            Assert.NotNull(ex);
            Assert.IsType(expected, ex);
        }
    }

    [Property(MaxTest = 100)]
    public void Import_TruncatedAtRandomCutPoint_ThrowsFormatException(byte kindIndex, int cut)
    {
        string kind = s_allKinds[kindIndex % s_allKinds.Length];
        byte[] blob = Blob(kind);
        int length = (int)((uint)cut % (uint)blob.Length);

        Exception? ex = Record.Exception(() => Import(kind, blob[..length]));

        Assert.IsType(FormatExceptionType(kind), ex);
    }

    [Property(MaxTest = 100)]
    public void Import_TrailingGarbage_ThrowsFormatException(byte kindIndex, byte[] garbage)
    {
        string kind = s_allKinds[kindIndex % s_allKinds.Length];
        byte[] extra = garbage is { Length: > 0 } ? garbage : [0];

        Exception? ex = Record.Exception(() => Import(kind, [.. Blob(kind), .. extra]));

        var format = Assert.IsAssignableFrom<FormatException>(ex);
        Assert.IsType(FormatExceptionType(kind), format);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Import_FlippedMagicByte_ThrowsFormatExceptionNamingMagic(string kind)
    {
        for (int i = 0; i < 4; i++)
        {
            byte[] blob = Blob(kind);
            blob[i] ^= 0x20;

            Exception? ex = Record.Exception(() => Import(kind, blob));

            Assert.IsType(FormatExceptionType(kind), ex);
            Assert.Equal("magic", FieldOf(ex));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Import_OtherKindsMagic_ThrowsFormatExceptionNamingMagic(string kind)
    {
        foreach (string other in s_allKinds.Where(k => k != kind))
        {
            Exception? ex = Record.Exception(() => Import(kind, Blob(other)));

            Assert.IsType(FormatExceptionType(kind), ex);
            Assert.Equal("magic", FieldOf(ex));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Import_UnknownVersion_ThrowsFormatExceptionNamingVersion(string kind)
    {
        foreach (byte version in (byte[])[0, 2, 255])
        {
            byte[] blob = Blob(kind);
            blob[4] = version;

            Exception? ex = Record.Exception(() => Import(kind, blob));

            Assert.IsType(FormatExceptionType(kind), ex);
            Assert.Equal("version", FieldOf(ex));
            Assert.Contains($"version {version}", ex!.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Import_UnknownScheme_ThrowsFormatExceptionNamingScheme(string kind)
    {
        byte[] blob = Blob(kind);
        blob[5] = 2;

        Exception? ex = Record.Exception(() => Import(kind, blob));

        Assert.IsType(FormatExceptionType(kind), ex);
        Assert.Equal("scheme", FieldOf(ex));
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(2049u)]
    public void ImportPublicKey_LengthBeyondLimitOrEnd_ThrowsKeyFormatExceptionNamingN(uint length)
    {
        byte[] blob = PublicBlob();
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(6), length);

        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPublicKey(blob, allowInsecureTestSizes: true));

        Assert.Equal("n", ex.Field);
    }

    [Fact]
    public void ImportPublicKey_LengthOnePastTheEnd_ThrowsKeyFormatException()
    {
        byte[] blob = PublicBlob();
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(6));
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(6), length + 1);

        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPublicKey(blob, allowInsecureTestSizes: true));

        Assert.Equal("n", ex.Field);
        Assert.Contains("past the end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportPrivateKey_FirstLengthPointsIntoSecondField_ThrowsKeyFormatException()
    {
        byte[] blob = PrivateBlob();
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(6));
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(6), length + 2);

        Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPrivateKey(blob, allowInsecureTestSizes: true));
    }

    [Fact]
    public void ImportPublicKey_LeadingZeroByte_ThrowsKeyFormatException()
    {
        byte[] n = PublicKey.N.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] blob = [.. "DCPK"u8, 1, 1, .. Length(n.Length + 1), 0, .. n];

        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPublicKey(blob, allowInsecureTestSizes: true));

        Assert.Equal("n", ex.Field);
        Assert.Contains("minimal", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportPublicKey_EvenModulus_ThrowsKeyFormatException()
    {
        byte[] n = (PublicKey.N + 1).ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] blob = [.. "DCPK"u8, 1, 1, .. Length(n.Length), .. n];

        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPublicKey(blob, allowInsecureTestSizes: true));

        Assert.Equal("n", ex.Field);
    }

    [Fact]
    public void ImportPublicKey_PublicApiWithInsecureSize_ThrowsKeyFormatException()
    {
        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPublicKey(PublicBlob()));

        Assert.Equal("n", ex.Field);
        Assert.Contains("2048", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportPrivateKey_PublicApiWithInsecureSize_ThrowsKeyFormatException()
    {
        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPrivateKey(PrivateBlob()));

        Assert.Equal("n", ex.Field);
    }

    [Fact]
    public void ImportPrivateKey_CompositeP_ThrowsKeyFormatExceptionNamingP()
    {
        byte[] blob = PrivateKeyBlob(PrivateKey.P * 3, PrivateKey.Q);

        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPrivateKey(blob, allowInsecureTestSizes: true));

        Assert.Equal("p", ex.Field);
    }

    [Fact]
    public void ImportPrivateKey_EqualPrimes_ThrowsKeyFormatException()
    {
        byte[] blob = PrivateKeyBlob(PrivateKey.P, PrivateKey.P);

        var ex = Assert.Throws<KeyFormatException>(() => PaillierBinaryFormat.ImportPrivateKey(blob, allowInsecureTestSizes: true));

        Assert.Equal("q", ex.Field);
    }

    [Fact]
    public void ImportCiphertext_OtherKeysBlob_ThrowsPaillierKeyMismatchException()
    {
        byte[] blob = PaillierBinaryFormat.ExportCiphertext(OtherKey, OtherKey.Encrypt(7));

        var ex = Assert.Throws<PaillierKeyMismatchException>(() => PaillierBinaryFormat.ImportCiphertext(blob, PublicKey));

        Assert.Contains(OtherKey.GetFingerprint(), ex.Message, StringComparison.Ordinal);
        Assert.Contains(PublicKey.GetFingerprint(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportCiphertexts_OtherKeysBlob_ThrowsPaillierKeyMismatchException()
    {
        byte[] blob = PaillierBinaryFormat.ExportCiphertexts(OtherKey, OtherKey.Encrypt([7, 8]));

        Assert.Throws<PaillierKeyMismatchException>(() => PaillierBinaryFormat.ImportCiphertexts(blob, PublicKey));
    }

    [Fact]
    public void ExportCiphertext_CiphertextOfOtherKey_ThrowsPaillierKeyMismatchException()
    {
        PaillierCiphertext foreign = OtherKey.Encrypt(7);

        Assert.Throws<PaillierKeyMismatchException>(() => PaillierBinaryFormat.ExportCiphertext(PublicKey, foreign));
        Assert.Throws<PaillierKeyMismatchException>(() => PaillierBinaryFormat.ExportCiphertexts(PublicKey, [PublicKey.Encrypt(1), foreign]));
    }

    [Fact]
    public void ImportCiphertext_ValueAtLeastNSquared_ThrowsInvalidCiphertextException()
    {
        byte[] blob = CiphertextBlob();
        blob.AsSpan(18).Fill(0xFF);

        Assert.Throws<InvalidCiphertextException>(() => PaillierBinaryFormat.ImportCiphertext(blob, PublicKey));
    }

    [Fact]
    public void ImportCiphertext_ValueExactlyNSquared_ThrowsInvalidCiphertextException()
    {
        byte[] blob = CiphertextBlob();
        PublicKey.NSquared.TryWriteBytes(blob.AsSpan(18), out _, isUnsigned: true, isBigEndian: true);

        Assert.Throws<InvalidCiphertextException>(() => PaillierBinaryFormat.ImportCiphertext(blob, PublicKey));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ImportCiphertext_ZeroOrMultipleOfP_ThrowsInvalidCiphertextException(int which)
    {
        byte[] blob = CiphertextBlob();
        BigInteger value = which == 0 ? BigInteger.Zero : PrivateKey.P;
        blob.AsSpan(18).Clear();
        value.TryWriteBytes(blob.AsSpan(blob.Length - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);

        Assert.Throws<InvalidCiphertextException>(() => PaillierBinaryFormat.ImportCiphertext(blob, PublicKey));
    }

    [Fact]
    public void ImportCiphertexts_OneElementAtLeastNSquared_ThrowsInvalidCiphertextException()
    {
        byte[] blob = CiphertextArrayBlob();
        int width = PublicKey.NSquared.GetByteCount(isUnsigned: true);
        blob.AsSpan(22 + width, width).Fill(0xFF);

        var ex = Assert.Throws<InvalidCiphertextException>(() => PaillierBinaryFormat.ImportCiphertexts(blob, PublicKey));

        Assert.Contains("Ciphertext 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportCiphertext_ValueAtLeastNSquared_ThrowsInvalidCiphertextException()
    {
        var tooLarge = new PaillierCiphertext(PublicKey.NSquared + 1);

        Assert.Throws<InvalidCiphertextException>(() => PaillierBinaryFormat.ExportCiphertext(PublicKey, tooLarge));
    }

    [Fact]
    public void ImportCiphertexts_CountDisagreesWithLength_ThrowsCiphertextFormatException()
    {
        foreach (uint count in (uint[])[0, 2, 4, 0xFFFFFFFF])
        {
            byte[] blob = CiphertextArrayBlob();
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(14), count);

            var ex = Assert.Throws<CiphertextFormatException>(() => PaillierBinaryFormat.ImportCiphertexts(blob, PublicKey));

            Assert.Equal("count", ex.Field);
        }
    }

    [Fact]
    public void ImportCiphertexts_Empty_RoundTrips()
    {
        byte[] blob = PaillierBinaryFormat.ExportCiphertexts(PublicKey, []);

        Assert.Empty(PaillierBinaryFormat.ImportCiphertexts(blob, PublicKey));
        Assert.Equal(22, blob.Length);
    }

    [Fact]
    public void ImportCiphertext_WidthOfAnotherKeySize_ThrowsCiphertextFormatException()
    {
        byte[] blob = CiphertextBlob();
        byte[] shorter = [.. blob.AsSpan(0, 14), .. Length(blob.Length - 19), .. blob.AsSpan(19)];

        var ex = Assert.Throws<CiphertextFormatException>(() => PaillierBinaryFormat.ImportCiphertext(shorter, PublicKey));

        Assert.Equal("c", ex.Field);
    }

    [Property(MaxTest = 200)]
    public void Import_RandomByteCorruption_ThrowsOnlyDocumentedExceptionsOrSucceeds(byte kindIndex, int position, byte mask)
    {
        string kind = s_allKinds[kindIndex % s_allKinds.Length];
        byte[] blob = Blob(kind);
        blob[(int)((uint)position % (uint)blob.Length)] ^= mask == 0 ? (byte)1 : mask;

        Exception? ex = Record.Exception(() => Import(kind, blob));

        if (ex is not null)
        {
            Type[] documented = kind is "public" or "private"
                ? [typeof(KeyFormatException)]
                : [typeof(CiphertextFormatException), typeof(PaillierKeyMismatchException), typeof(InvalidCiphertextException)];
            Assert.Contains(ex.GetType(), documented);
        }
    }

    [Fact]
    public void ExportPrivateKey_DisposedKey_ThrowsObjectDisposedException()
    {
        PaillierPrivateKey key = PaillierBinaryFormat.ImportPrivateKey(PrivateBlob(), allowInsecureTestSizes: true);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => PaillierBinaryFormat.ExportPrivateKey(key));
    }

    [Fact]
    public void ToStringAndExceptionMessages_NeverContainPrimes()
    {
        PaillierPrivateKey key = PrivateKey;
        string[] secrets = SerializationTestKeys.SecretRenderings(key.P).Concat(SerializationTestKeys.SecretRenderings(key.Q))
            .SelectMany(s => (string[])[s, s[..16]]).ToArray();
        var texts = new List<string> { key.ToString(), SerializationTestKeys.First.ToString(), PublicKey.ToString(), PublicKey.Encrypt(3).ToString() };

        void Provoke(Action action) => texts.Add(Assert.ThrowsAny<Exception>(action).ToString());

        byte[] privateBlob = PrivateBlob();
        for (int length = 0; length < privateBlob.Length; length += 7)
        {
            Provoke(() => PaillierBinaryFormat.ImportPrivateKey(privateBlob.AsSpan(0, length), allowInsecureTestSizes: true));
        }

        Provoke(() => PaillierBinaryFormat.ImportPrivateKey(privateBlob));
        Provoke(() => PaillierBinaryFormat.ImportPrivateKey([.. privateBlob, 1, 2, 3], allowInsecureTestSizes: true));
        Provoke(() => PaillierBinaryFormat.ImportPrivateKey(PrivateKeyBlob(key.P * 3, key.Q), allowInsecureTestSizes: true));
        Provoke(() => PaillierBinaryFormat.ImportPrivateKey(PrivateKeyBlob(key.P, key.Q * 5), allowInsecureTestSizes: true));
        Provoke(() => PaillierBinaryFormat.ImportPrivateKey(PrivateKeyBlob(key.P, key.P), allowInsecureTestSizes: true));
        Provoke(() => PaillierBinaryFormat.ImportPrivateKey(PrivateKeyBlob(key.P, 2), allowInsecureTestSizes: true));
        Provoke(() => PaillierBinaryFormat.ImportCiphertext(PaillierBinaryFormat.ExportCiphertext(OtherKey, OtherKey.Encrypt(1)), PublicKey));
        Provoke(() => PublicKey.Import(key.P));
        Provoke(() => key.Decrypt(new PaillierCiphertext(key.P * key.P)));

        string publicJson = PaillierJsonWebKey.ExportPublicKey(PublicKey);
        string privateJson = PaillierJsonWebKey.ExportPrivateKey(key);
        for (int length = 0; length < privateJson.Length; length += 5)
        {
            Provoke(() => PaillierJsonWebKey.ImportPrivateKey(privateJson[..length], allowInsecureTestSizes: true));
        }

        Provoke(() => PaillierJsonWebKey.ImportPrivateKey(privateJson));
        Provoke(() => PaillierJsonWebKey.ImportPublicKey(publicJson));
        Provoke(() => PaillierJsonWebKey.ImportPrivateKey(privateJson.Replace("\"p\":\"", "\"p\":\"+", StringComparison.Ordinal), allowInsecureTestSizes: true));
        Provoke(() => PaillierJsonWebKey.ImportPrivateKey(privateJson.Replace("\"q\":\"", "\"q\":\"!", StringComparison.Ordinal), allowInsecureTestSizes: true));
        Provoke(() => PaillierJsonWebKey.ImportPrivateKey(privateJson.Replace("\"p\":\"", "\"p\":\"A", StringComparison.Ordinal), allowInsecureTestSizes: true));

        foreach (string text in texts)
        {
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    private static bool TryExport(string kind, Span<byte> destination, out int written) => kind switch
    {
        "public" => PaillierBinaryFormat.TryExportPublicKey(PublicKey, destination, out written),
        "private" => PaillierBinaryFormat.TryExportPrivateKey(PrivateKey, destination, out written),
        "ciphertext" => PaillierBinaryFormat.TryExportCiphertext(PublicKey, PublicKey.Encrypt(12345), destination, out written),
        "ciphertexts" => PaillierBinaryFormat.TryExportCiphertexts(PublicKey, PublicKey.Encrypt([1, 2, 3]), destination, out written),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static int ExportToSpan(string kind, Span<byte> destination) => kind switch
    {
        "public" => PaillierBinaryFormat.ExportPublicKey(PublicKey, destination),
        "private" => PaillierBinaryFormat.ExportPrivateKey(PrivateKey, destination),
        "ciphertext" => PaillierBinaryFormat.ExportCiphertext(PublicKey, PublicKey.Encrypt(12345), destination),
        "ciphertexts" => PaillierBinaryFormat.ExportCiphertexts(PublicKey, PublicKey.Encrypt([1, 2, 3]), destination),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string? FieldOf(Exception? ex) => ex switch
    {
        KeyFormatException k => k.Field,
        CiphertextFormatException c => c.Field,
        _ => null,
    };

    private static byte[] Length(int length)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)length);
        return bytes;
    }

    private static byte[] PrivateKeyBlob(BigInteger p, BigInteger q)
    {
        byte[] pBytes = p.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] qBytes = q.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. "DCSK"u8, 1, 1, .. Length(pBytes.Length), .. pBytes, .. Length(qBytes.Length), .. qBytes];
    }
}
