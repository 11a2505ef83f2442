namespace DeepChain.Crypto.Ckks;

/// <summary>
/// A CKKS public key (b, a) = (−a·s + e, a) modulo the data primes, in NTT form.
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

    /// <summary>b = −a·s + e, limb-major over the data primes, NTT form.</summary>
    internal ulong[] B { get; }

    /// <summary>a, uniform, limb-major over the data primes, NTT form.</summary>
    internal ulong[] A { get; }

    /// <summary>Describes the key.</summary>
    /// <returns>A string such as <c>CkksPublicKey(N = 8192, 3 limbs)</c>.</returns>
    public override string ToString() => $"CkksPublicKey(N = {Context.Degree}, {Context.DataPrimeCount} limbs)";
}
