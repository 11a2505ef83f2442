namespace DeepChain.Crypto.Ckks.Multiparty;

/// <summary>
/// One party's partial decryption of one ciphertext: hᵢ = c₁·sᵢ + smudging noise, bound to the ciphertext by its digest.
/// </summary>
public sealed class CkksPartialDecryption
{
    private readonly byte[] _ciphertextDigest;

    internal CkksPartialDecryption(int partyIndex, byte[] ciphertextDigest, ulong[] value, int limbCount)
    {
        PartyIndex = partyIndex;
        _ciphertextDigest = ciphertextDigest;
        Value = value;
        LimbCount = limbCount;
    }

    /// <summary>Gets the index of the party that made it (1 … n).</summary>
    public int PartyIndex { get; }

    /// <summary>Gets the SHA-256 digest of the ciphertext it decrypts.</summary>
    public ReadOnlySpan<byte> CiphertextDigest => _ciphertextDigest;

    /// <summary>Gets the number of limbs (the ciphertext's).</summary>
    public int LimbCount { get; }

    /// <summary>hᵢ in NTT form, limb-major.</summary>
    internal ulong[] Value { get; }

    /// <summary>Describes the partial decryption.</summary>
    /// <returns>A string such as <c>CkksPartialDecryption(party 2, 3 limbs)</c>.</returns>
    public override string ToString() => $"CkksPartialDecryption(party {PartyIndex}, {LimbCount} limbs)";
}
