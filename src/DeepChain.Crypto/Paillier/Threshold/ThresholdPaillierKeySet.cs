using System.Collections.ObjectModel;

namespace DeepChain.Crypto.Paillier.Threshold;

/// <summary>What the dealer hands out: the public material and one key share per party.</summary>
/// <remarks>Give share i to party i only (for example as a file written with <c>ThresholdPaillierBinaryFormat</c>), then
/// dispose this set so the dealer keeps no secrets.</remarks>
public sealed class ThresholdPaillierKeySet : IDisposable
{
    private readonly ThresholdKeyShare[] _shares;

    internal ThresholdPaillierKeySet(ThresholdPaillierPublicKey publicKey, ThresholdKeyShare[] shares)
    {
        PublicKey = publicKey;
        _shares = shares;
        Shares = new ReadOnlyCollection<ThresholdKeyShare>(shares);
    }

    /// <summary>Gets the public material every party, worker and verifier uses.</summary>
    public ThresholdPaillierPublicKey PublicKey { get; }

    /// <summary>Gets the key shares; entry i − 1 belongs to party i.</summary>
    public IReadOnlyList<ThresholdKeyShare> Shares { get; }

    /// <summary>Disposes every key share.</summary>
    public void Dispose()
    {
        foreach (ThresholdKeyShare share in _shares)
        {
            share.Dispose();
        }
    }

    /// <summary>Describes the set by its public key.</summary>
    /// <returns>A string such as <c>ThresholdPaillierKeySet(ThresholdPaillierPublicKey(2048 bits, 5 of 8, …))</c>.</returns>
    public override string ToString() => $"ThresholdPaillierKeySet({PublicKey})";
}
