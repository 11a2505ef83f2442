using DeepChain.Core.Ledger;

namespace DeepChain.Core.Incentives;

/// <summary>One account's opening balance in the genesis allocation.</summary>
/// <param name="Account">The account.</param>
/// <param name="Amount">Its opening available balance, in the smallest unit (positive).</param>
public readonly record struct GenesisAllocation(AccountAddress Account, ulong Amount);
