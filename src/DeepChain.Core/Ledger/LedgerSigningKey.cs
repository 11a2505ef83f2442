using System.Security.Cryptography;

namespace DeepChain.Core.Ledger;

/// <summary>
/// An ECDSA P-256 private key that signs transactions and blocks. It never shows its secret in
/// <see cref="ToString"/>; dispose it to release the key material.
/// </summary>
public sealed class LedgerSigningKey : IDisposable
{
    private readonly ECDsa _ecdsa;
    private bool _disposed;

    private LedgerSigningKey(ECDsa ecdsa)
    {
        _ecdsa = ecdsa;
        ECParameters parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        byte[] encoded = new byte[LedgerPublicKey.EncodedSize];
        encoded[0] = 0x04;
        parameters.Q.X!.CopyTo(encoded, 1);
        parameters.Q.Y!.CopyTo(encoded, 33);
        PublicKey = LedgerPublicKey.FromEncoded(encoded);
    }

    /// <summary>Gets the public half of the key.</summary>
    public LedgerPublicKey PublicKey { get; }

    /// <summary>Gets the account address of the key.</summary>
    public AccountAddress Address => PublicKey.Address;

    /// <summary>Generates a fresh key from the operating system's random number generator.</summary>
    /// <returns>A new key.</returns>
    public static LedgerSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Imports a P-256 private key from its PKCS#8 encoding.</summary>
    /// <param name="pkcs8">The PKCS#8 PrivateKeyInfo bytes.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CryptographicException">The bytes are not a P-256 PKCS#8 private key.</exception>
    public static LedgerSigningKey ImportPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        ECDsa ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            if (ecdsa.KeySize != 256 || ecdsa.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new CryptographicException("The private key is not on the P-256 curve.");
            }

            return new LedgerSigningKey(ecdsa);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    /// <summary>Exports the private key in PKCS#8 form (keep the result secret and zero it after use).</summary>
    /// <returns>The PKCS#8 PrivateKeyInfo bytes.</returns>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public byte[] ExportPkcs8()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _ecdsa.ExportPkcs8PrivateKey();
    }

    /// <summary>Signs a 32-byte hash, giving a 64-byte low-S P1363 signature.</summary>
    internal byte[] SignHash(ReadOnlySpan<byte> hash)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] signature = new byte[LedgerPublicKey.SignatureSize];
        if (!_ecdsa.TrySignHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written)
            || written != signature.Length)
        {
            throw new CryptographicException("ECDSA signing did not produce a 64-byte signature.");
        }

        LedgerPublicKey.NormalizeToLowS(signature);
        return signature;
    }

    /// <summary>Returns the key's public address; never the secret.</summary>
    /// <returns>A description naming only the public address.</returns>
    public override string ToString() => $"P-256 signing key of {Address}";

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ecdsa.Dispose();
        }
    }
}
