namespace DeepChain.Crypto.Ckks;

/// <summary>
/// A CKKS public key (b, a) = (−a·s + e, a) modulo every prime (the data primes and the special prime), in NTT form.
/// </summary>
public sealed class CkksPublicKey
{
    internal CkksPublicKey(CkksContext context, ulong[] b, ulong[] a)
    {
        Context = context;
        B = b;
        A = a;
    }

    /// <summary>Gets the context the key belongs to.</summary>
    public CkksContext Context { get; }

    /// <summary>b = −a·s + e, limb-major over all primes (block i modulo prime i), NTT form.</summary>
    internal ulong[] B { get; }

    /// <summary>a, uniform, limb-major over all primes, NTT form.</summary>
    internal ulong[] A { get; }

    /// <summary>Describes the key.</summary>
    /// <returns>A string such as <c>CkksPublicKey(N = 8192, 4 primes)</c>.</returns>
    public override string ToString() => $"CkksPublicKey(N = {Context.Degree}, {Context.Moduli.Count} primes)";
}
