namespace DeepChain.Crypto.Ckks;

/// <summary>
/// A key-switching key from a secret s′ to s (hybrid key switching with one special prime P, as in SEAL): for each data
/// prime qⱼ, kⱼ = (bⱼ, aⱼ) with bⱼ = −aⱼ·s + eⱼ + P·[j = i]·s′ in limb i, over the data primes and P, in NTT form.
/// </summary>
public class CkksSwitchingKey
{
    internal CkksSwitchingKey(CkksContext context, ulong[][] b, ulong[][] a)
    {
        Context = context;
        B = b;
        A = a;
    }

    /// <summary>Gets the context the key belongs to.</summary>
    public CkksContext Context { get; }

    /// <summary>bⱼ, limb-major over the data primes then P, NTT form; one per data prime.</summary>
    internal ulong[][] B { get; }

    /// <summary>aⱼ, likewise.</summary>
    internal ulong[][] A { get; }
}
