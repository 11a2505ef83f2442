using DeepChain.Core.Ledger;

namespace DeepChain.Core.Incentives;

/// <summary>One deposit slot: an account's funds locked for one holder, who alone may release or slash them.</summary>
/// <param name="Account">The depositor.</param>
/// <param name="Holder">The account (a judging party, or a contract's own address) that controls the deposit.</param>
public readonly record struct EscrowKey(AccountAddress Account, AccountAddress Holder) : IComparable<EscrowKey>
{
    /// <inheritdoc/>
    public int CompareTo(EscrowKey other)
    {
        int c = Account.CompareTo(other.Account);
        return c != 0 ? c : Holder.CompareTo(other.Holder);
    }

    /// <summary>Orders keys by depositor, then holder.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(EscrowKey left, EscrowKey right) => left.CompareTo(right) < 0;

    /// <summary>Orders keys by depositor, then holder.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(EscrowKey left, EscrowKey right) => left.CompareTo(right) > 0;

    /// <summary>Orders keys by depositor, then holder.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or equal.</returns>
    public static bool operator <=(EscrowKey left, EscrowKey right) => left.CompareTo(right) <= 0;

    /// <summary>Orders keys by depositor, then holder.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or equal.</returns>
    public static bool operator >=(EscrowKey left, EscrowKey right) => left.CompareTo(right) >= 0;
}
