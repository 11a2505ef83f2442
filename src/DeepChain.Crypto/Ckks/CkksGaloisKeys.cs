using System.Collections.ObjectModel;

namespace DeepChain.Crypto.Ckks;

/// <summary>
/// Galois keys: one key-switching key per Galois element g (X ↦ Xᵍ), switching σ_g(s) back to s, so ciphertext slots
/// can be rotated (g = 5<sup>r</sup> mod 2N rotates left by r) or conjugated (g = 2N − 1).
/// </summary>
public sealed class CkksGaloisKeys
{
    private readonly Dictionary<ulong, CkksSwitchingKey> _keys;

    internal CkksGaloisKeys(CkksContext context, Dictionary<ulong, CkksSwitchingKey> keys)
    {
        Context = context;
        _keys = keys;
        GaloisElements = new ReadOnlyCollection<ulong>([.. keys.Keys.Order()]);
    }

    /// <summary>Gets the context the keys belong to.</summary>
    public CkksContext Context { get; }

    /// <summary>Gets the Galois elements these keys cover.</summary>
    public IReadOnlyList<ulong> GaloisElements { get; }

    internal bool TryGet(ulong galoisElement, out CkksSwitchingKey key) => _keys.TryGetValue(galoisElement, out key!);

    /// <summary>Describes the keys.</summary>
    /// <returns>A string such as <c>CkksGaloisKeys(N = 8192, 26 elements)</c>.</returns>
    public override string ToString() => $"CkksGaloisKeys(N = {Context.Degree}, {_keys.Count} elements)";
}
