namespace DeepChain.Core.Incentives;

/// <summary>An account's holdings in the smallest unit: what it can spend, and what is locked in deposits.</summary>
/// <param name="Available">The spendable balance.</param>
/// <param name="Escrowed">The sum of the account's deposits over all holders.</param>
public readonly record struct AccountBalance(ulong Available, ulong Escrowed)
{
    /// <summary>Gets the account's total holdings, <see cref="Available"/> + <see cref="Escrowed"/>.</summary>
    /// <remarks>Never overflows: both parts are bounded by the ledger's total supply, which fits in 64 bits.</remarks>
    public UInt128 Total => (UInt128)Available + Escrowed;

    /// <summary>Gets a value indicating whether the account holds nothing.</summary>
    public bool IsEmpty => Available == 0 && Escrowed == 0;
}
