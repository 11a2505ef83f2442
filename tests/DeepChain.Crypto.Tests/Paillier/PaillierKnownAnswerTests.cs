using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Serialization;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier;

/// <summary>
/// Known answers from an independent implementation, paillier-bigint (TestVectors/paillier-bigint-kat.json, made by
/// tools/paillier-kat/generate.mjs), and a live cross-check in which paillier-bigint decrypts our ciphertexts.
/// </summary>
public class PaillierKnownAnswerTests
{
    private static readonly Lazy<KnownAnswerKey[]> s_keys = new(LoadKeys);

    public static TheoryData<int> KeyIndices => new() { 0, 1 };

    private static KnownAnswerKey[] Keys => s_keys.Value;

    [Fact]
    public void Vectors_Metadata_NameTheGeneratorAndUseGEqualsNPlusOne()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(VectorPath()));
        Assert.StartsWith("paillier-bigint ", document.RootElement.GetProperty("generator").GetString(), StringComparison.Ordinal);

        Assert.Equal(2, Keys.Length);
        Assert.All(Keys, key =>
        {
            Assert.Equal(key.N + 1, key.G);
            Assert.Equal(2048, (int)key.N.GetBitLength());
            Assert.Equal(key.N, key.P * key.Q);
            Assert.Equal(6, key.Encryptions.Length);
        });
    }

    [Theory]
    [MemberData(nameof(KeyIndices))]
    public void Vectors_Ciphertexts_AreTextbookEncryptionsWithTheRecordedRandomness(int index)
    {
        KnownAnswerKey key = Keys[index];
        BigInteger nSquared = key.N * key.N;
        var context = new MontgomeryContext(nSquared);

        foreach (KnownAnswerEncryption e in key.Encryptions)
        {
            Assert.Equal(e.C, (1 + (e.M * key.N)) * context.Pow(e.R, key.N) % nSquared);
        }
    }

    [Theory]
    [MemberData(nameof(KeyIndices))]
    public void Decrypt_PaillierBigintCiphertexts_GivesRecordedPlaintexts(int index)
    {
        KnownAnswerKey key = Keys[index];

        foreach (KnownAnswerEncryption e in key.Encryptions)
        {
            Assert.Equal(e.M, key.PrivateKey.Decrypt(key.PrivateKey.PublicKey.Import(e.C)));
        }

        Assert.Equal(key.Encryptions.Select(e => e.M), key.PrivateKey.Decrypt(key.Encryptions.Select(e => new PaillierCiphertext(e.C)).ToArray()));
    }

    [Theory]
    [MemberData(nameof(KeyIndices))]
    public void Add_PaillierBigintCiphertexts_MatchesRecordedProductAndSum(int index)
    {
        KnownAnswerKey key = Keys[index];
        PaillierPublicKey publicKey = key.PrivateKey.PublicKey;

        foreach (KnownAnswerSum sum in key.Sums)
        {
            PaillierCiphertext product = publicKey.Add(publicKey.Import(sum.C1), publicKey.Import(sum.C2));

            Assert.Equal(sum.Product, product.Value);
            Assert.Equal(sum.Sum, key.PrivateKey.Decrypt(product));
            Assert.Equal((sum.M1 + sum.M2) % key.N, sum.Sum);
            Assert.Equal(sum.M1, key.PrivateKey.Decrypt(new PaillierCiphertext(sum.C1)));
        }
    }

    [Theory]
    [MemberData(nameof(KeyIndices))]
    public void ImportPrivateKey_PaillierBigintLambdaAndMu_RecoversRecordedPrimes(int index)
    {
        KnownAnswerKey key = Keys[index];
        var jwk = new JsonObject
        {
            ["kty"] = "DAJ",
            ["key_ops"] = new JsonArray("decrypt"),
            ["lambda"] = Base64Url(key.Lambda),
            ["mu"] = Base64Url(key.Mu),
            ["pub"] = JsonNode.Parse(PaillierJsonWebKey.ExportPublicKey(new PaillierPublicKey(key.N))),
        };

        using PaillierPrivateKey imported = PaillierJsonWebKey.ImportPrivateKey(jwk.ToJsonString());

        Assert.Equal(new[] { key.P, key.Q }.Order(), new[] { imported.P, imported.Q }.Order());
        Assert.Equal(key.Encryptions[4].M, imported.Decrypt(new PaillierCiphertext(key.Encryptions[4].C)));
    }

    [Theory]
    [MemberData(nameof(KeyIndices))]
    public void Export_FullSizeKeys_RoundTripThroughThePublicApi(int index)
    {
        PaillierPrivateKey key = Keys[index].PrivateKey;

        using PaillierPrivateKey fromJson = PaillierJsonWebKey.ImportPrivateKey(PaillierJsonWebKey.ExportPrivateKey(key, "kat"));
        using PaillierPrivateKey fromBlob = PaillierBinaryFormat.ImportPrivateKey(PaillierBinaryFormat.ExportPrivateKey(key));
        PaillierPublicKey publicFromJson = PaillierJsonWebKey.ImportPublicKey(PaillierJsonWebKey.ExportPublicKey(key.PublicKey));
        PaillierPublicKey publicFromBlob = PaillierBinaryFormat.ImportPublicKey(PaillierBinaryFormat.ExportPublicKey(key.PublicKey));

        Assert.Equal(key.P, fromJson.P);
        Assert.Equal(key.Q, fromBlob.Q);
        Assert.Equal(key.PublicKey, publicFromJson);
        Assert.Equal(key.PublicKey, publicFromBlob);
    }

    [SkippableFact]
    public async Task Encrypt_RecordedPlaintexts_PaillierBigintDecryptsThem()
    {
        string? node = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node");
        Skip.If(node is null, "Node.js (node) is not on PATH; the paillier-bigint cross-check needs it.");
        string? root = RepositoryRoot();
        Skip.If(root is null, "The repository root (DeepChain.sln) was not found above the test output directory.");
        string tool = Path.Combine(root!, "tools", "paillier-kat");
        Skip.IfNot(Directory.Exists(Path.Combine(tool, "node_modules", "paillier-bigint")),
            "tools/paillier-kat/node_modules is missing; run `npm install` in tools/paillier-kat to enable the cross-check.");

        var requests = new JsonArray();
        var expected = new List<string[]>();
        foreach (KnownAnswerKey key in Keys)
        {
            PaillierPublicKey publicKey = key.PrivateKey.PublicKey;
            BigInteger[] plaintexts = [.. key.Encryptions.Select(e => e.M), .. key.Sums.Select(s => s.Sum)];
            PaillierCiphertext[] fresh = publicKey.Encrypt(key.Encryptions.Select(e => e.M).ToArray());
            PaillierCiphertext[] sums = key.Sums.Select(s => publicKey.Add(publicKey.Encrypt(s.M1), publicKey.Encrypt(s.M2))).ToArray();

            // What crosses to the other implementation is what our binary format carries.
            byte[] blob = PaillierBinaryFormat.ExportCiphertexts(publicKey, [.. fresh, .. sums]);
            JsonArray ciphertexts = [.. PaillierBinaryFormat.ImportCiphertexts(blob, publicKey).Select(c => JsonValue.Create(Decimal(c.Value)))];
            string[] want = plaintexts.Select(Decimal).ToArray();

            requests.Add(new JsonObject { ["n"] = Decimal(key.N), ["p"] = Decimal(key.P), ["q"] = Decimal(key.Q), ["ciphertexts"] = ciphertexts.DeepClone() });
            requests.Add(new JsonObject { ["jwk"] = JsonNode.Parse(PaillierJsonWebKey.ExportPrivateKey(key.PrivateKey)), ["ciphertexts"] = ciphertexts.DeepClone() });
            requests.Add(new JsonObject { ["n"] = Decimal(key.N), ["lambda"] = Decimal(key.Lambda), ["mu"] = Decimal(key.Mu), ["ciphertexts"] = ciphertexts });
            expected.AddRange([want, want, want]);
        }

        string output = await RunNodeAsync(node!, Path.Combine(tool, "decrypt.mjs"), tool, new JsonObject { ["keys"] = requests }.ToJsonString());

        JsonNode result = JsonNode.Parse(output)!;
        Assert.StartsWith("paillier-bigint", result["decryptor"]!.GetValue<string>(), StringComparison.Ordinal);
        string[][] actual = result["plaintexts"]!.AsArray().Select(k => k!.AsArray().Select(m => m!.GetValue<string>()).ToArray()).ToArray();
        Assert.Equal(expected, actual);
    }

    private static async Task<string> RunNodeAsync(string node, string script, string workingDirectory, string input)
    {
        var start = new ProcessStartInfo(node)
        {
            ArgumentList = { script },
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("node decrypt.mjs did not finish within 60 s.");
        }

        string error = await stderr;
        Assert.True(process.ExitCode == 0, $"node decrypt.mjs exited with {process.ExitCode}: {error}");
        return await stdout;
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DeepChain.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static string VectorPath() => Path.Combine(AppContext.BaseDirectory, "TestVectors", "paillier-bigint-kat.json");

    private static string Decimal(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Base64Url(BigInteger value) =>
        System.Buffers.Text.Base64Url.EncodeToString(value.ToByteArray(isUnsigned: true, isBigEndian: true));

    private static KnownAnswerKey[] LoadKeys()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(VectorPath()));
        return document.RootElement.GetProperty("keys").EnumerateArray().Select(k =>
        {
            BigInteger Get(JsonElement e, string name) => BigInteger.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
            BigInteger p = Get(k, "p"), q = Get(k, "q");
            return new KnownAnswerKey(
                Get(k, "n"), Get(k, "g"), p, q, Get(k, "lambda"), Get(k, "mu"),
                k.GetProperty("encryptions").EnumerateArray().Select(e => new KnownAnswerEncryption(Get(e, "m"), Get(e, "r"), Get(e, "c"))).ToArray(),
                k.GetProperty("sums").EnumerateArray().Select(s => new KnownAnswerSum(
                    Get(s, "m1"), Get(s, "m2"), Get(s, "c1"), Get(s, "c2"), Get(s, "product"), Get(s, "sum"))).ToArray(),
                PaillierPrivateKey.FromPrimes(p, q));
        }).ToArray();
    }

    private sealed record KnownAnswerEncryption(BigInteger M, BigInteger R, BigInteger C);

    private sealed record KnownAnswerSum(BigInteger M1, BigInteger M2, BigInteger C1, BigInteger C2, BigInteger Product, BigInteger Sum);

    private sealed record KnownAnswerKey(
        BigInteger N, BigInteger G, BigInteger P, BigInteger Q, BigInteger Lambda, BigInteger Mu,
        KnownAnswerEncryption[] Encryptions, KnownAnswerSum[] Sums, PaillierPrivateKey PrivateKey);
}
