using System.Collections.Immutable;
using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Incentives;

/// <summary>
/// The balances behind DeepChain's incentives: accounts (address = SHA-256 of the owner's public key) with integer
/// balances in the smallest unit, a genesis allocation, and the five moves: transfer, escrow, release, reward, slash.
/// </summary>
/// <remarks>
/// <para>Invariant: the sum of all available and escrowed balances equals <see cref="TotalSupply"/>, fixed at genesis.
/// Every operation moves value between accounts and never creates or destroys it; slashed deposits go to the
/// beneficiary (the task's authority), not into thin air.</para>
/// <para>Every operation checks everything before changing anything and uses checked integer arithmetic (never
/// floating point), so a rejected operation changes nothing. Amounts must be positive. This class does no
/// authorization: <see cref="WorkerRewardContract"/> decides who may call what.</para>
/// </remarks>
public sealed class WorkerRewardLedger
{
    private readonly Dictionary<AccountAddress, AccountBalance> _accounts = [];

    /// <summary>Gets a value indicating whether the genesis allocation has been made.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>Gets the total supply fixed at genesis (0 before).</summary>
    public ulong TotalSupply { get; private set; }

    /// <summary>Gets the number of accounts with a non-zero balance.</summary>
    public int AccountCount => _accounts.Count;

    /// <summary>Gets an account's balance (zero for an unknown account).</summary>
    /// <param name="account">The account.</param>
    /// <returns>The balance.</returns>
    public AccountBalance GetBalance(AccountAddress account) => _accounts.GetValueOrDefault(account);

    /// <summary>Makes the genesis allocation, once.</summary>
    /// <param name="allocations">Opening balances: distinct accounts, positive amounts, a total that fits in 64 bits.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="allocations"/> is null.</exception>
    public ContractResult Initialize(IReadOnlyList<GenesisAllocation> allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        if (IsInitialized)
        {
            return ContractResult.Rejected("the genesis allocation has already been made");
        }

        var seen = new HashSet<AccountAddress>();
        UInt128 total = 0;
        foreach (GenesisAllocation allocation in allocations)
        {
            if (allocation.Amount == 0)
            {
                return ContractResult.Rejected($"the genesis allocation to {allocation.Account} is zero");
            }

            if (!seen.Add(allocation.Account))
            {
                return ContractResult.Rejected($"account {allocation.Account} appears twice in the genesis allocation");
            }

            total += allocation.Amount;
        }

        if (total > ulong.MaxValue)
        {
            return ContractResult.Rejected("the genesis allocation's total exceeds 2^64 − 1");
        }

        foreach (GenesisAllocation allocation in allocations)
        {
            _accounts[allocation.Account] = new AccountBalance(allocation.Amount, 0);
        }

        TotalSupply = (ulong)total;
        IsInitialized = true;
        return ContractResult.Accepted;
    }

    /// <summary>Moves available balance from one account to another.</summary>
    /// <param name="from">The paying account.</param>
    /// <param name="to">The receiving account (may equal <paramref name="from"/>: a no-op that still needs the funds).</param>
    /// <param name="amount">The amount, positive.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Transfer(AccountAddress from, AccountAddress to, ulong amount) =>
        Move(from, to, amount, fromEscrow: false, "transfer");

    /// <summary>Locks part of an account's available balance as a deposit.</summary>
    /// <param name="account">The account.</param>
    /// <param name="amount">The amount, positive, at most the available balance.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Escrow(AccountAddress account, ulong amount)
    {
        ContractResult check = CheckCommon(amount, "escrow");
        if (!check.IsAccepted)
        {
            return check;
        }

        AccountBalance balance = GetBalance(account);
        if (balance.Available < amount)
        {
            return ContractResult.Rejected($"cannot escrow {amount}: account {account} has {balance.Available} available");
        }

        Set(account, new AccountBalance(balance.Available - amount, checked(balance.Escrowed + amount)));
        return ContractResult.Accepted;
    }

    /// <summary>Unlocks part of an account's deposit back to its available balance.</summary>
    /// <param name="account">The account.</param>
    /// <param name="amount">The amount, positive, at most the escrowed balance.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Release(AccountAddress account, ulong amount)
    {
        ContractResult check = CheckCommon(amount, "release");
        if (!check.IsAccepted)
        {
            return check;
        }

        AccountBalance balance = GetBalance(account);
        if (balance.Escrowed < amount)
        {
            return ContractResult.Rejected($"cannot release {amount}: account {account} has {balance.Escrowed} in escrow");
        }

        Set(account, new AccountBalance(checked(balance.Available + amount), balance.Escrowed - amount));
        return ContractResult.Accepted;
    }

    /// <summary>Pays a worker from a payer's available balance (the task budget).</summary>
    /// <param name="payer">The paying account.</param>
    /// <param name="worker">The rewarded worker.</param>
    /// <param name="amount">The reward, positive, at most the payer's available balance.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Reward(AccountAddress payer, AccountAddress worker, ulong amount) =>
        Move(payer, worker, amount, fromEscrow: false, "reward");

    /// <summary>Moves part of an account's deposit to a beneficiary's available balance.</summary>
    /// <param name="account">The slashed account.</param>
    /// <param name="beneficiary">The receiving account (the task's authority).</param>
    /// <param name="amount">The amount, positive, at most the slashed account's escrowed balance.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Slash(AccountAddress account, AccountAddress beneficiary, ulong amount) =>
        Move(account, beneficiary, amount, fromEscrow: true, "slash");

    /// <summary>Adds up every balance (for audits and tests: it always equals <see cref="TotalSupply"/>).</summary>
    /// <returns>The sum of all available and escrowed balances.</returns>
    public UInt128 ComputeSupply()
    {
        UInt128 sum = 0;
        foreach (AccountBalance balance in _accounts.Values)
        {
            sum += balance.Total;
        }

        return sum;
    }

    /// <summary>Returns every non-empty account's balance, ordered by address.</summary>
    /// <returns>An immutable snapshot.</returns>
    public ImmutableSortedDictionary<AccountAddress, AccountBalance> Snapshot() => _accounts.ToImmutableSortedDictionary();

    private ContractResult CheckCommon(ulong amount, string operation)
    {
        if (!IsInitialized)
        {
            return ContractResult.Rejected($"cannot {operation} before the genesis allocation");
        }

        return amount == 0 ? ContractResult.Rejected($"the {operation} amount must be positive") : ContractResult.Accepted;
    }

    private ContractResult Move(AccountAddress from, AccountAddress to, ulong amount, bool fromEscrow, string operation)
    {
        ContractResult check = CheckCommon(amount, operation);
        if (!check.IsAccepted)
        {
            return check;
        }

        AccountBalance source = GetBalance(from);
        ulong funds = fromEscrow ? source.Escrowed : source.Available;
        if (funds < amount)
        {
            return ContractResult.Rejected($"cannot {operation} {amount}: account {from} has {funds} {(fromEscrow ? "in escrow" : "available")}");
        }

        AccountBalance debited = fromEscrow ? source with { Escrowed = source.Escrowed - amount } : source with { Available = source.Available - amount };
        AccountBalance target = from == to ? debited : GetBalance(to);

        // Checked although it cannot overflow (every balance is bounded by the supply): compute, then commit.
        AccountBalance credited = target with { Available = checked(target.Available + amount) };
        if (from != to)
        {
            Set(from, debited);
        }

        Set(to, credited);
        return ContractResult.Accepted;
    }

    private void Set(AccountAddress account, AccountBalance balance)
    {
        if (balance.IsEmpty)
        {
            _accounts.Remove(account);
        }
        else
        {
            _accounts[account] = balance;
        }
    }
}
