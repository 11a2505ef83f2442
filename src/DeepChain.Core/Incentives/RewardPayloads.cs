using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Incentives;

/// <summary>
/// The canonical payload encodings of the worker reward transactions (integers little-endian, addresses 32 bytes).
/// </summary>
/// <remarks>
/// <code>
/// RewardGenesis:  count u32 | count × (address, amount u64), addresses strictly ascending
/// RewardTransfer: recipient | amount u64
/// RewardEscrow:   holder | amount u64
/// RewardRelease, RewardPayment, RewardSlash: account | amount u64
/// </code>
/// Decoding demands the exact length and ascending genesis addresses, so each payload has exactly one encoding.
/// </remarks>
public static class RewardPayloads
{
    private const int AccountAmountSize = AccountAddress.Size + sizeof(ulong);

    /// <summary>Encodes a genesis allocation (sorted by address here, so callers may pass any order).</summary>
    /// <param name="allocations">The opening balances.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="allocations"/> is null.</exception>
    public static byte[] Genesis(IEnumerable<GenesisAllocation> allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        GenesisAllocation[] sorted = [.. allocations.OrderBy(a => a.Account)];
        byte[] payload = new byte[4 + (sorted.Length * AccountAmountSize)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)sorted.Length);
        for (int i = 0; i < sorted.Length; i++)
        {
            WriteAccountAmount(payload.AsSpan(4 + (i * AccountAmountSize)), sorted[i].Account, sorted[i].Amount);
        }

        return payload;
    }

    /// <summary>Encodes a transfer from the sender to a recipient.</summary>
    /// <param name="recipient">The receiving account.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The payload.</returns>
    public static byte[] Transfer(AccountAddress recipient, ulong amount) => AccountAmount(recipient, amount);

    /// <summary>Encodes a deposit of the sender's own funds for a holder.</summary>
    /// <param name="holder">Who may release or slash the deposit.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The payload.</returns>
    public static byte[] Escrow(AccountAddress holder, ulong amount) => AccountAmount(holder, amount);

    /// <summary>Encodes a release of an account's deposit held by the sender.</summary>
    /// <param name="account">The account whose deposit is released.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The payload.</returns>
    public static byte[] Release(AccountAddress account, ulong amount) => AccountAmount(account, amount);

    /// <summary>Encodes a reward paid by the sender to a worker.</summary>
    /// <param name="worker">The rewarded worker.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The payload.</returns>
    public static byte[] Reward(AccountAddress worker, ulong amount) => AccountAmount(worker, amount);

    /// <summary>Encodes a slash of an account's deposit held by the sender (the sender receives it).</summary>
    /// <param name="account">The slashed account.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The payload.</returns>
    public static byte[] Slash(AccountAddress account, ulong amount) => AccountAmount(account, amount);

    internal static bool TryDecodeGenesis(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out GenesisAllocation[]? allocations, [NotNullWhen(false)] out string? reason)
    {
        allocations = null;
        if (payload.Length < 4)
        {
            reason = "the genesis payload is shorter than its count";
            return false;
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if ((ulong)payload.Length != 4 + ((ulong)count * AccountAmountSize))
        {
            reason = $"the genesis payload has {payload.Length} bytes; {count} allocations take {4 + ((ulong)count * AccountAmountSize)}";
            return false;
        }

        var result = new GenesisAllocation[count];
        for (int i = 0; i < result.Length; i++)
        {
            ReadAccountAmount(payload.Slice(4 + (i * AccountAmountSize), AccountAmountSize), out AccountAddress account, out ulong amount);
            if (i > 0 && account <= result[i - 1].Account)
            {
                reason = "the genesis addresses are not strictly ascending";
                return false;
            }

            result[i] = new GenesisAllocation(account, amount);
        }

        allocations = result;
        reason = null;
        return true;
    }

    internal static bool TryDecodeAccountAmount(ReadOnlySpan<byte> payload, out AccountAddress account, out ulong amount, [NotNullWhen(false)] out string? reason)
    {
        account = default;
        amount = 0;
        if (payload.Length != AccountAmountSize)
        {
            reason = $"the payload has {payload.Length} bytes; an account and an amount take {AccountAmountSize}";
            return false;
        }

        ReadAccountAmount(payload, out account, out amount);
        reason = null;
        return true;
    }

    private static byte[] AccountAmount(AccountAddress account, ulong amount)
    {
        byte[] payload = new byte[AccountAmountSize];
        WriteAccountAmount(payload, account, amount);
        return payload;
    }

    private static void WriteAccountAmount(Span<byte> destination, AccountAddress account, ulong amount)
    {
        account.CopyTo(destination);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[AccountAddress.Size..], amount);
    }

    private static void ReadAccountAmount(ReadOnlySpan<byte> source, out AccountAddress account, out ulong amount)
    {
        account = new AccountAddress(source[..AccountAddress.Size]);
        amount = BinaryPrimitives.ReadUInt64LittleEndian(source[AccountAddress.Size..]);
    }
}
