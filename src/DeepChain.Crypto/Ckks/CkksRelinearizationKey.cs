namespace DeepChain.Crypto.Ckks;

/// <summary>A relinearization key: switches the s² component of a product ciphertext back to s.</summary>
public sealed class CkksRelinearizationKey : CkksSwitchingKey
{
    internal CkksRelinearizationKey(CkksContext context, ulong[][] b, ulong[][] a)
        : base(context, b, a)
    {
    }

    /// <summary>Describes the key.</summary>
    /// <returns>A string such as <c>CkksRelinearizationKey(N = 8192)</c>.</returns>
    public override string ToString() => $"CkksRelinearizationKey(N = {Context.Degree})";
}
