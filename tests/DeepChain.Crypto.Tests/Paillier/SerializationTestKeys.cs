using System.Numerics;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Crypto.Tests.Paillier;

/// <summary>Small, insecure keys shared by the serialization tests (generated once per test run).</summary>
internal static class SerializationTestKeys
{
    private static readonly Lazy<PaillierKeyPair> s_first = new(() => PaillierKeyPair.GenerateInsecureForTests(512));
    private static readonly Lazy<PaillierKeyPair> s_second = new(() => PaillierKeyPair.GenerateInsecureForTests(512));

    /// <summary>A 512-bit key pair.</summary>
    public static PaillierKeyPair First => s_first.Value;

    /// <summary>Another 512-bit key pair, different from <see cref="First"/>.</summary>
    public static PaillierKeyPair Second => s_second.Value;

    /// <summary>A plaintext below n from arbitrary bytes.</summary>
    public static BigInteger Plaintext(byte[]? bytes, PaillierPublicKey key) =>
        bytes is null ? BigInteger.Zero : new BigInteger(bytes, isUnsigned: true) % key.N;

    /// <summary>The textual forms of a secret that must never show up in messages: decimal, hex and base64url.</summary>
    public static IEnumerable<string> SecretRenderings(BigInteger secret)
    {
        byte[] bytes = secret.ToByteArray(isUnsigned: true, isBigEndian: true);
        yield return secret.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return Convert.ToHexStringLower(bytes);
        yield return Convert.ToHexString(bytes);
        yield return System.Buffers.Text.Base64Url.EncodeToString(bytes);
        yield return Convert.ToBase64String(bytes);
    }
}
