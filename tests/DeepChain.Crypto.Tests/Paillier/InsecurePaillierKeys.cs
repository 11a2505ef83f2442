using System.Numerics;
using DeepChain.Crypto.Paillier;

namespace DeepChain.Crypto.Tests.Paillier;

/// <summary>
/// Two deliberately small, insecure 512-bit key pairs, generated once for each test class that takes this fixture
/// (key generation and the encryptor's fixed-base table are not free).
/// </summary>
public sealed class InsecurePaillierKeys : IDisposable
{
    /// <summary>The modulus size of both key pairs: far below the public minimum, so tests stay fast.</summary>
    public const int ModulusBits = 512;

    public InsecurePaillierKeys()
    {
        Keys = PaillierKeyPair.GenerateInsecureForTests(ModulusBits);
        OtherKeys = PaillierKeyPair.GenerateInsecureForTests(ModulusBits);

        // Build the fixed-base tables here rather than inside the first (timed) test.
        _ = Keys.PublicKey.Encrypt(BigInteger.Zero);
        _ = OtherKeys.PublicKey.Encrypt(BigInteger.Zero);
    }

    /// <summary>Gets the key pair most tests use.</summary>
    public PaillierKeyPair Keys { get; }

    /// <summary>Gets a second, unrelated key pair (for key-mismatch tests).</summary>
    public PaillierKeyPair OtherKeys { get; }

    public PaillierPublicKey PublicKey => Keys.PublicKey;

    public PaillierPrivateKey PrivateKey => Keys.PrivateKey;

    public BigInteger N => Keys.PublicKey.N;

    /// <summary>Reads FsCheck-supplied bytes as an unsigned little-endian integer reduced modulo n.</summary>
    /// <remarks>FsCheck grows arrays with the test size, so this yields 0, small values and (beyond 64 bytes) full-size ones.</remarks>
    public BigInteger Plaintext(byte[]? bytes) =>
        bytes is null ? BigInteger.Zero : new BigInteger(bytes, isUnsigned: true) % N;

    public void Dispose()
    {
        Keys.Dispose();
        OtherKeys.Dispose();
    }
}
