namespace DeepChain.Crypto.Ckks.Multiparty;

/// <summary>One party's contribution to the collective public key: pᵢ = −a·sᵢ + eᵢ over the common random polynomial a.</summary>
public sealed class CkksPublicKeyShare
{
    internal CkksPublicKeyShare(CkksContext context, int partyIndex, ulong[] value)
    {
        Context = context;
        PartyIndex = partyIndex;
        Value = value;
    }

    /// <summary>Gets the context.</summary>
    public CkksContext Context { get; }

    /// <summary>Gets the index of the party that made the share (1 … n).</summary>
    public int PartyIndex { get; }

    /// <summary>pᵢ in NTT form, limb-major over all primes (the special prime included).</summary>
    internal ulong[] Value { get; }

    /// <summary>Describes the share.</summary>
    /// <returns>A string such as <c>CkksPublicKeyShare(party 2)</c>.</returns>
    public override string ToString() => $"CkksPublicKeyShare(party {PartyIndex})";
}
