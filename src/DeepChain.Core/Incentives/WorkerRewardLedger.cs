using System.Collections.Immutable;
using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Incentives;

/// <summary>
/// The balances behind DeepChain's incentives: accounts (address = SHA-256 of the owner's public key) with integer
/// balances in the smallest unit, a genesis allocation, and five moves: transfer, escrow, release, reward, slash.
/// </summary>
/// <remarks>
/// <para>Deposits are kept per <see cref="EscrowKey"/> (depositor, holder): only the holder a deposit was made for
/// can release or slash it, so the trading contract, the processing contract and any judging party never spend one
/// another's deposits.</para>
/// <para>Invariant: the sum of all available balances and deposits equals <see cref="TotalSupply"/>, fixed at genesis.
/// Every operation moves value and never creates or destroys it: a slashed deposit goes to a beneficiary.</para>
/// <para>Every operation checks everything before changing anything and uses checked integer arithmetic (never
/// floating point), so a rejected operation changes nothing. Amounts must be positive. This class does no
/// authorization of its own: the caller (<see cref="WorkerRewardContract"/>, or another contract) passes the parties
/// the transaction's signature proves. Not thread-safe; contracts run on the ledger's single writer.</para>
/// </remarks>
public sealed class WorkerRewardLedger
{
    private readonly Dictionary<AccountAddress, ulong> _available = [];
    private readonly Dictionary<AccountAddress, ulong> _escrowTotals = [];
    private readonly Dictionary<EscrowKey, ulong> _escrows = [];

    /// <summary>Gets a value indicating whether the genesis allocation has been made.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>Gets the total supply fixed at genesis (0 before).</summary>
    public ulong TotalSupply { get; private set; }

    /// <summary>Gets an account's balance (zero for an unknown account).</summary>
    /// <param name="account">The account.</param>
    /// <returns>The available balance and the sum of its deposits.</returns>
    public AccountBalance GetBalance(AccountAddress account) =>
        new(_available.GetValueOrDefault(account), _escrowTotals.GetValueOrDefault(account));

    /// <summary>Gets the deposit an account holds for one holder.</summary>
    /// <param name="account">The depositor.</param>
    /// <param name="holder">The holder.</param>
    /// <returns>The deposit (0 when none).</returns>
    public ulong GetEscrow(AccountAddress account, AccountAddress holder) => _escrows.GetValueOrDefault(new EscrowKey(account, holder));

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
            _available[allocation.Account] = allocation.Amount;
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
    public ContractResult Transfer(AccountAddress from, AccountAddress to, ulong amount) => Pay(from, to, amount, "transfer");

    /// <summary>Pays a worker from a payer's available balance (a task budget).</summary>
    /// <param name="payer">The paying account.</param>
    /// <param name="worker">The rewarded worker.</param>
    /// <param name="amount">The reward, positive, at most the payer's available balance.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Reward(AccountAddress payer, AccountAddress worker, ulong amount) => Pay(payer, worker, amount, "reward");

    /// <summary>Locks part of an account's available balance as a deposit for a holder.</summary>
    /// <param name="account">The depositor.</param>
    /// <param name="holder">Who may release or slash the deposit.</param>
    /// <param name="amount">The amount, positive, at most the available balance.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Escrow(AccountAddress account, AccountAddress holder, ulong amount)
    {
        ContractResult check = CheckCommon(amount, "escrow");
        if (!check.IsAccepted)
        {
            return check;
        }

        ulong available = _available.GetValueOrDefault(account);
        if (available < amount)
        {
            return ContractResult.Rejected($"cannot escrow {amount}: account {account} has {available} available");
        }

        var key = new EscrowKey(account, holder);
        ulong deposit = checked(_escrows.GetValueOrDefault(key) + amount);
        ulong total = checked(_escrowTotals.GetValueOrDefault(account) + amount);
        SetAvailable(account, available - amount);
        SetEscrow(key, deposit, total);
        return ContractResult.Accepted;
    }

    /// <summary>Unlocks part of a deposit back to its depositor's available balance.</summary>
    /// <param name="holder">The deposit's holder (the party releasing it).</param>
    /// <param name="account">The depositor.</param>
    /// <param name="amount">The amount, positive, at most the deposit.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Release(AccountAddress holder, AccountAddress account, ulong amount) =>
        TakeFromEscrow(holder, account, account, amount, "release");

    /// <summary>Moves part of a deposit to a beneficiary's available balance.</summary>
    /// <param name="holder">The deposit's holder (the party slashing it).</param>
    /// <param name="account">The slashed depositor.</param>
    /// <param name="beneficiary">Who receives the slashed amount (typically the holder or a task budget).</param>
    /// <param name="amount">The amount, positive, at most the deposit.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult Slash(AccountAddress holder, AccountAddress account, AccountAddress beneficiary, ulong amount) =>
        TakeFromEscrow(holder, account, beneficiary, amount, "slash");

    /// <summary>Pays out of a deposit to anyone: how a contract spends a budget that its owner escrowed with it.</summary>
    /// <param name="holder">The deposit's holder (the paying contract).</param>
    /// <param name="account">The depositor (the budget's owner).</param>
    /// <param name="beneficiary">Who is paid.</param>
    /// <param name="amount">The amount, positive, at most the deposit.</param>
    /// <returns>Accepted, or rejected with a reason.</returns>
    public ContractResult PayFromEscrow(AccountAddress holder, AccountAddress account, AccountAddress beneficiary, ulong amount) =>
        TakeFromEscrow(holder, account, beneficiary, amount, "pay");

    /// <summary>Adds up every available balance and deposit (for audits and tests: it always equals <see cref="TotalSupply"/>).</summary>
    /// <returns>The sum.</returns>
    public UInt128 ComputeSupply()
    {
        UInt128 sum = 0;
        foreach (ulong value in _available.Values)
        {
            sum += value;
        }

        foreach (ulong value in _escrows.Values)
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>Returns every non-empty account's balance, ordered by address.</summary>
    /// <returns>An immutable snapshot.</returns>
    public ImmutableSortedDictionary<AccountAddress, AccountBalance> Snapshot() =>
        _available.Keys.Union(_escrowTotals.Keys).ToImmutableSortedDictionary(a => a, GetBalance);

    /// <summary>Returns every non-zero deposit, ordered by depositor then holder.</summary>
    /// <returns>An immutable snapshot.</returns>
    public ImmutableSortedDictionary<EscrowKey, ulong> EscrowSnapshot() => _escrows.ToImmutableSortedDictionary();

    private ContractResult CheckCommon(ulong amount, string operation)
    {
        if (!IsInitialized)
        {
            return ContractResult.Rejected($"cannot {operation} before the genesis allocation");
        }

        return amount == 0 ? ContractResult.Rejected($"the {operation} amount must be positive") : ContractResult.Accepted;
    }

    private ContractResult Pay(AccountAddress from, AccountAddress to, ulong amount, string operation)
    {
        ContractResult check = CheckCommon(amount, operation);
        if (!check.IsAccepted)
        {
            return check;
        }

        ulong funds = _available.GetValueOrDefault(from);
        if (funds < amount)
        {
            return ContractResult.Rejected($"cannot {operation} {amount}: account {from} has {funds} available");
        }

        if (from != to)
        {
            // Checked although it cannot overflow (every balance is bounded by the supply): compute, then commit.
            ulong credited = checked(_available.GetValueOrDefault(to) + amount);
            SetAvailable(from, funds - amount);
            SetAvailable(to, credited);
        }

        return ContractResult.Accepted;
    }

    private ContractResult TakeFromEscrow(AccountAddress holder, AccountAddress account, AccountAddress beneficiary, ulong amount, string operation)
    {
        ContractResult check = CheckCommon(amount, operation);
        if (!check.IsAccepted)
        {
            return check;
        }

        var key = new EscrowKey(account, holder);
        ulong deposit = _escrows.GetValueOrDefault(key);
        if (deposit < amount)
        {
            return ContractResult.Rejected($"cannot {operation} {amount}: account {account} has {deposit} in escrow for {holder}");
        }

        ulong credited = checked(_available.GetValueOrDefault(beneficiary) + amount);
        SetEscrow(key, deposit - amount, _escrowTotals[account] - amount);
        SetAvailable(beneficiary, credited);
        return ContractResult.Accepted;
    }

    private void SetAvailable(AccountAddress account, ulong value)
    {
        if (value == 0)
        {
            _available.Remove(account);
        }
        else
        {
            _available[account] = value;
        }
    }

    private void SetEscrow(EscrowKey key, ulong deposit, ulong accountTotal)
    {
        if (deposit == 0)
        {
            _escrows.Remove(key);
        }
        else
        {
            _escrows[key] = deposit;
        }

        if (accountTotal == 0)
        {
            _escrowTotals.Remove(key.Account);
        }
        else
        {
            _escrowTotals[key.Account] = accountTotal;
        }
    }
}
