using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Incentives;

public sealed class WorkerRewardLedgerTests
{
    private static readonly AccountAddress[] s_accounts = [.. Enumerable.Range(1, 5).Select(i => new AccountAddress(System.Security.Cryptography.SHA256.HashData([(byte)i])))];

    [Property(MaxTest = 200)]
    public Property EveryOperation_ConservesSupply_AndARejectionChangesNothing(ulong[] amounts, byte[] script)
    {
        var ledger = new WorkerRewardLedger();
        Assert.True(ledger.Initialize([.. s_accounts.Select((a, i) => new GenesisAllocation(a, 1_000 * (ulong)(i + 1)))]).IsAccepted);
        ulong supply = ledger.TotalSupply;
        script ??= [];
        amounts = amounts is { Length: > 0 } ? amounts : [0, 1, 500, ulong.MaxValue];
        for (int i = 0; i + 3 < script.Length; i += 4)
        {
            AccountAddress a = s_accounts[script[i + 1] % s_accounts.Length];
            AccountAddress b = s_accounts[script[i + 2] % s_accounts.Length];
            AccountAddress c = s_accounts[script[i + 3] % s_accounts.Length];
            ulong amount = amounts[i % amounts.Length] % 3_000;
            var before = ledger.Snapshot();
            var escrowsBefore = ledger.EscrowSnapshot();
            ContractResult result = (script[i] % 5) switch
            {
                0 => ledger.Transfer(a, b, amount),
                1 => ledger.Escrow(a, b, amount),
                2 => ledger.Release(a, b, amount),
                3 => ledger.Reward(a, b, amount),
                _ => ledger.Slash(a, b, c, amount),
            };
            if (ledger.ComputeSupply() != supply || ledger.TotalSupply != supply)
            {
                return false.Label($"supply changed at step {i / 4}");
            }

            if (ledger.Snapshot().Values.Aggregate((UInt128)0, (sum, x) => sum + x.Total) != supply)
            {
                return false.Label($"account totals disagree with the deposits at step {i / 4}");
            }

            if (!result.IsAccepted && (!before.SequenceEqual(ledger.Snapshot()) || !escrowsBefore.SequenceEqual(ledger.EscrowSnapshot())))
            {
                return false.Label($"rejection '{result.Reason}' changed state");
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void Operations_MoveExactlyTheAmount()
    {
        var ledger = new WorkerRewardLedger();
        AccountAddress owner = s_accounts[0];
        AccountAddress worker = s_accounts[1];
        AccountAddress processing = s_accounts[4];
        ledger.Initialize([new GenesisAllocation(owner, 1_000), new GenesisAllocation(worker, 100)]);

        Assert.True(ledger.Escrow(worker, owner, 60).IsAccepted);
        Assert.True(ledger.Escrow(worker, processing, 10).IsAccepted);
        Assert.Equal(new AccountBalance(30, 70), ledger.GetBalance(worker));
        Assert.True(ledger.Slash(owner, worker, owner, 25).IsAccepted);
        Assert.Equal(new AccountBalance(30, 45), ledger.GetBalance(worker));
        Assert.Equal(35UL, ledger.GetEscrow(worker, owner));
        Assert.Equal(new AccountBalance(1_025, 0), ledger.GetBalance(owner));
        Assert.True(ledger.Release(owner, worker, 35).IsAccepted);
        Assert.False(ledger.Release(owner, worker, 1).IsAccepted); // the remaining 10 are the processing holder's
        Assert.True(ledger.Release(processing, worker, 10).IsAccepted);
        Assert.True(ledger.Reward(owner, worker, 300).IsAccepted);
        Assert.Equal(new AccountBalance(375, 0), ledger.GetBalance(worker));
        Assert.True(ledger.Transfer(worker, s_accounts[2], 375).IsAccepted);
        Assert.Equal(default, ledger.GetBalance(worker));
        Assert.Equal(2, ledger.Snapshot().Count);
        Assert.Empty(ledger.EscrowSnapshot());
        Assert.Equal((UInt128)1_100, ledger.ComputeSupply());
    }

    [Fact]
    public void Rejections_SayWhy()
    {
        var ledger = new WorkerRewardLedger();
        Assert.Contains("genesis", ledger.Transfer(s_accounts[0], s_accounts[1], 1).Reason, StringComparison.Ordinal);
        ledger.Initialize([new GenesisAllocation(s_accounts[0], 10)]);
        Assert.Contains("positive", ledger.Transfer(s_accounts[0], s_accounts[1], 0).Reason, StringComparison.Ordinal);
        Assert.Contains("available", ledger.Transfer(s_accounts[0], s_accounts[1], 11).Reason, StringComparison.Ordinal);
        Assert.Contains("available", ledger.Escrow(s_accounts[0], s_accounts[1], 11).Reason, StringComparison.Ordinal);
        Assert.Contains("escrow", ledger.Release(s_accounts[1], s_accounts[0], 1).Reason, StringComparison.Ordinal);
        Assert.Contains("escrow", ledger.Slash(s_accounts[1], s_accounts[0], s_accounts[1], 1).Reason, StringComparison.Ordinal);
        Assert.Contains("already", ledger.Initialize([]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_InvalidAllocations_AreRejectedAndChangeNothing()
    {
        var ledger = new WorkerRewardLedger();
        Assert.Contains("twice", ledger.Initialize([new GenesisAllocation(s_accounts[0], 1), new GenesisAllocation(s_accounts[0], 2)]).Reason, StringComparison.Ordinal);
        Assert.Contains("zero", ledger.Initialize([new GenesisAllocation(s_accounts[0], 0)]).Reason, StringComparison.Ordinal);
        Assert.Contains("2^64", ledger.Initialize([new GenesisAllocation(s_accounts[0], ulong.MaxValue), new GenesisAllocation(s_accounts[1], 1)]).Reason, StringComparison.Ordinal);
        Assert.False(ledger.IsInitialized);
        Assert.Empty(ledger.Snapshot());
        Assert.True(ledger.Initialize([new GenesisAllocation(s_accounts[0], ulong.MaxValue)]).IsAccepted);
        Assert.Equal(ulong.MaxValue, ledger.TotalSupply);
        Assert.True(ledger.Escrow(s_accounts[0], s_accounts[1], ulong.MaxValue).IsAccepted);
        Assert.Equal((UInt128)ulong.MaxValue, ledger.ComputeSupply());
    }

    [Fact]
    public void GenesisPayload_NotStrictlyAscending_IsRejected()
    {
        byte[] payload = RewardPayloads.Genesis([new GenesisAllocation(s_accounts[0], 1), new GenesisAllocation(s_accounts[1], 2)]);
        byte[] swapped = (byte[])payload.Clone();
        payload.AsSpan(4, 40).CopyTo(swapped.AsSpan(44));
        payload.AsSpan(44, 40).CopyTo(swapped.AsSpan(4));
        Assert.True(RewardPayloads.TryDecodeGenesis(payload, out _, out _));
        Assert.False(RewardPayloads.TryDecodeGenesis(swapped, out _, out string? reason));
        Assert.Contains("ascending", reason, StringComparison.Ordinal);
    }
}
