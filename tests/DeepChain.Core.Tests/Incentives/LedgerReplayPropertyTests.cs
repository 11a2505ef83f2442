using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Incentives;

/// <summary>
/// The ledger's laws over random traffic: replaying from genesis reaches the live state, every block conserves the
/// total supply, a rejected transaction changes nothing, and transactions built to be invalid are always rejected.
/// </summary>
public sealed class LedgerReplayPropertyTests : IClassFixture<TestChain>
{
    private readonly TestChain _chain;

    public LedgerReplayPropertyTests(TestChain chain) => _chain = chain;

    [Property(MaxTest = 40)]
    public Property Replay_FromGenesis_ReachesTheLiveState(byte[] script, byte[] blockSizes)
    {
        script ??= [];
        var store = new InMemoryLedgerStore(_chain.Parameters);
        (LedgerNode node, WorkerRewardContract live) = _chain.OpenNode(store);
        node.ProposeBlock([_chain.GenesisTransaction()]);
        var traffic = new ScriptedTraffic(_chain);
        int ops = script.Length / 4;
        int done = 0;
        int block = 0;
        bool conserved = true;
        while (done < ops)
        {
            int size = 1 + ((blockSizes is { Length: > 0 } ? blockSizes[block++ % blockSizes.Length] : 3) % 6);
            var txs = new List<Transaction>();
            for (int i = 0; i < size && done < ops; i++, done++)
            {
                txs.Add(traffic.Next(script.AsSpan(done * 4, 4), node.GetNextNonce).Transaction);
            }

            BlockProposal proposal = node.ProposeBlock(txs);
            traffic.EndBlock();
            conserved &= live.Ledger.ComputeSupply() == live.Ledger.TotalSupply && proposal.Block.Transactions.Length + proposal.Rejected.Length == txs.Count;
        }

        InMemoryLedgerStore copy = InMemoryLedgerStore.Open(store.ExportEncodedBlocks(), _chain.Parameters);
        (LedgerNode replayedNode, WorkerRewardContract replayed) = _chain.OpenNode(copy);
        bool sameBalances = live.Ledger.Snapshot().SequenceEqual(replayed.Ledger.Snapshot()) && live.Ledger.EscrowSnapshot().SequenceEqual(replayed.Ledger.EscrowSnapshot());
        bool sameNonces = _chain.Actors.Append(_chain.Outsider).All(a => node.GetNextNonce(a.Address) == replayedNode.GetNextNonce(a.Address));
        return (conserved && sameBalances && sameNonces && copy.Head == store.Head)
            .Label($"conserved {conserved}, balances {sameBalances}, nonces {sameNonces}");
    }

    [Property(MaxTest = 40)]
    public Property EachTransaction_AcceptedConservesSupply_RejectedChangesNothing(byte[] script)
    {
        script ??= [];
        var store = new InMemoryLedgerStore(_chain.Parameters);
        (LedgerNode node, WorkerRewardContract contract) = _chain.OpenNode(store);
        node.ProposeBlock([_chain.GenesisTransaction()]);
        var traffic = new ScriptedTraffic(_chain);
        AccountAddress[] everyone = [.. _chain.Actors.Append(_chain.Outsider).Select(a => a.Address)];
        for (int done = 0; done < script.Length / 4; done++)
        {
            var before = contract.Ledger.Snapshot();
            var escrowsBefore = contract.Ledger.EscrowSnapshot();
            ulong[] noncesBefore = [.. everyone.Select(node.GetNextNonce)];
            (Transaction tx, bool mustBeRejected) = traffic.Next(script.AsSpan(done * 4, 4), node.GetNextNonce);
            BlockProposal proposal = node.ProposeBlock([tx]);
            traffic.EndBlock();
            bool rejected = proposal.Rejected.Length == 1;
            if (contract.Ledger.ComputeSupply() != 4 * TestChain.GenesisPerAccount)
            {
                return false.Label($"supply changed by {tx}");
            }

            if (mustBeRejected && !rejected)
            {
                return false.Label($"accepted an invalid {tx}");
            }

            if (rejected)
            {
                TransactionRejection r = proposal.Rejected[0];
                bool unchanged = before.SequenceEqual(contract.Ledger.Snapshot()) && escrowsBefore.SequenceEqual(contract.Ledger.EscrowSnapshot()) && noncesBefore.SequenceEqual(everyone.Select(node.GetNextNonce))
                    && proposal.Block.Transactions.IsEmpty && r.Id == tx.Id && r.Sender == tx.SenderAddress && r.Reason.Length > 0;
                if (!unchanged)
                {
                    return false.Label($"rejected {tx} changed state ({r.Reason})");
                }
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void SeededTraffic_AcceptsEveryOperationKind_AndReplaysOnSqlite()
    {
        // A fixed seed (not the subject here): 400 operations, so every kind is accepted at least once.
        var random = new Random(20260101);
        byte[] script = new byte[1_600];
        random.NextBytes(script);
        using var directory = new TempDirectory();
        string path = directory.File("ledger.db");
        var accepted = new HashSet<TransactionType>();
        ImmutableSnapshotOf live;
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path, _chain.Parameters))
        {
            (LedgerNode node, WorkerRewardContract contract) = _chain.OpenNode(store);
            node.ProposeBlock([_chain.GenesisTransaction()]);
            var traffic = new ScriptedTraffic(_chain);
            for (int done = 0; done < script.Length / 4;)
            {
                var txs = new List<Transaction>();
                for (int i = 0; i < 8 && done < script.Length / 4; i++, done++)
                {
                    txs.Add(traffic.Next(script.AsSpan(done * 4, 4), node.GetNextNonce).Transaction);
                }

                accepted.UnionWith(node.ProposeBlock(txs).Block.Transactions.Select(t => t.Type));
                traffic.EndBlock();
            }

            live = new ImmutableSnapshotOf([.. contract.Ledger.Snapshot()], [.. contract.Ledger.EscrowSnapshot()], store.Head, store.Count);
        }

        Assert.Equal(
            [TransactionType.RewardTransfer, TransactionType.RewardEscrow, TransactionType.RewardRelease, TransactionType.RewardPayment, TransactionType.RewardSlash],
            accepted.Order());
        using SqliteLedgerStore reopened = SqliteLedgerStore.Open(path, _chain.Parameters);
        (_, WorkerRewardContract replayed) = _chain.OpenNode(reopened);
        Assert.Equal(live.Count, reopened.Count);
        Assert.Equal(live.Head, reopened.Head);
        Assert.Equal(live.Balances, [.. replayed.Ledger.Snapshot()]);
        Assert.Equal(live.Escrows, [.. replayed.Ledger.EscrowSnapshot()]);
        Assert.NotEmpty(live.Escrows);
    }

    private sealed record ImmutableSnapshotOf(KeyValuePair<AccountAddress, AccountBalance>[] Balances, KeyValuePair<EscrowKey, ulong>[] Escrows, BlockHash Head, long Count);
}
