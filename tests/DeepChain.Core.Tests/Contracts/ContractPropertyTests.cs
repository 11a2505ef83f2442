using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>
/// The contracts' laws over random traffic of valid and invalid transactions (see <see cref="ContractTraffic"/>):
/// replaying the ledger from genesis reaches the live state (balances, deposits, every task, round, attempt and
/// nonce); every transaction conserves the total supply; a rejected transaction changes nothing; replayed
/// transactions, other chains, unknown types, malformed, oversized and blob payloads are always rejected; bytes signed
/// by another key than the sender's never decode.
/// </summary>
/// <remarks>That any single-byte change to a stored block, transaction or signature is detected at its height is
/// <see cref="Ledger.TamperDetectionTests"/>' property (both stores); transactions alone in
/// <see cref="Ledger.TransactionTests"/>.</remarks>
public sealed class ContractPropertyTests : IClassFixture<ContractTrafficFixture>
{
    private readonly ContractTrafficFixture _keys;

    public ContractPropertyTests(ContractTrafficFixture keys) => _keys = keys;

    [Property(MaxTest = 30)]
    public Property Replay_FromGenesis_ReachesTheLiveState(byte[] script, byte[] blockSizes)
    {
        script ??= [];
        using var s = new ContractScenario(_keys.Chain, _keys.Genesis, ContractTraffic.Verifier);
        var traffic = new ContractTraffic(_keys, s);
        int ops = script.Length / 4;
        int block = 0;
        bool conserved = true;
        for (int done = 0; done < ops;)
        {
            int size = 1 + ((blockSizes is { Length: > 0 } ? blockSizes[block++ % blockSizes.Length] : 3) % 6);
            var txs = new List<Transaction>();
            for (int i = 0; i < size && done < ops; i++, done++)
            {
                ReadOnlySpan<byte> op = script.AsSpan(done * 4, 4);
                (Transaction? tx, _) = traffic.Next(op);
                if (tx is not null)
                {
                    txs.Add(tx);
                }
                else if (ContractTraffic.KindOf(op[0]) == ContractTraffic.Advance)
                {
                    s.AdvanceTo(s.Height + (op[3] % 3));
                }
            }

            BlockProposal proposal = s.Propose(txs);
            conserved &= s.Balances.ComputeSupply() == s.Balances.TotalSupply && proposal.Block.Transactions.Length + proposal.Rejected.Length == txs.Count;
        }

        (var balances, var trading, var processing) = s.Replay();
        string live = StateDump.Of(s.Balances, s.Trading, s.Processing);
        bool same = live == StateDump.Of(balances, trading, processing);
        return (conserved && same).Label($"conserved {conserved}, same state {same}");
    }

    [Property(MaxTest = 30)]
    public Property EachTransaction_AcceptedConservesSupply_RejectedChangesNothing(byte[] script)
    {
        script ??= [];
        using var s = new ContractScenario(_keys.Chain, _keys.Genesis, ContractTraffic.Verifier);
        var traffic = new ContractTraffic(_keys, s);
        AccountAddress[] everyone = [.. _keys.Everyone.Select(k => k.Address)];
        for (int done = 0; done < script.Length / 4; done++)
        {
            ReadOnlySpan<byte> op = script.AsSpan(done * 4, 4);
            string before = StateDump.Of(s.Balances, s.Trading, s.Processing);
            ulong[] noncesBefore = [.. everyone.Select(s.Node.GetNextNonce)];
            (Transaction? tx, bool mustBeRejected) = traffic.Next(op);
            if (tx is null)
            {
                if (mustBeRejected && !traffic.ForgeWithAnotherKey(op))
                {
                    return false.Label("bytes signed by another key than the sender's decoded");
                }

                s.AdvanceTo(s.Height + 1);
                continue;
            }

            BlockProposal proposal = s.Propose([tx]);
            bool rejected = proposal.Rejected.Length == 1;
            if (s.Balances.ComputeSupply() != s.Balances.TotalSupply)
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
                bool unchanged = before == StateDump.Of(s.Balances, s.Trading, s.Processing) && noncesBefore.SequenceEqual(everyone.Select(s.Node.GetNextNonce))
                    && proposal.Block.Transactions.IsEmpty && r.Id == tx.Id && r.Reason.Length > 0;
                if (!unchanged)
                {
                    return false.Label($"rejected {tx} changed state ({r.Reason})");
                }
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 40)]
    public Property ContractLedger_AnySingleByteChange_IsDetectedAtItsHeight(PositiveInt block, PositiveInt position, byte mask)
    {
        // The store-level property is Ledger.TamperDetectionTests' (both stores); this one runs it on a ledger of
        // contract traffic (600 seeded operations).
        IReadOnlyList<byte[]> stored = SeededLedger();
        byte[][] blocks = [.. stored.Select(b => (byte[])b.Clone())];
        int height = block.Get % blocks.Length;
        int at = position.Get % blocks[height].Length;
        blocks[height][at] ^= mask == 0 ? (byte)0x40 : mask;
        LedgerIntegrityException? error = Record.Exception(() => InMemoryLedgerStore.Open(blocks, _keys.Chain.Parameters)) as LedgerIntegrityException;
        return (error is not null && error.Height == height).Label($"block {height} byte {at}: {error?.Height} {error?.Reason}");
    }

    [Fact]
    public void SeededTraffic_AcceptsEveryContractTransactionType_AndReplaysToTheSameState() => RunSeededTraffic(3_000, checkCoverage: true);

    private IReadOnlyList<byte[]> SeededLedger()
    {
        if (_keys.SeededLedger is null)
        {
            RunSeededTraffic(600, checkCoverage: false);
        }

        return _keys.SeededLedger!;
    }

    private void RunSeededTraffic(int operations, bool checkCoverage)
    {
        // A fixed seed (randomness is not the subject here), blocks of up to 8 operations (one per sender, so a rejection
        // does not push the sender's later nonces ahead). 3 000 operations are enough for every contract transaction
        // type to be accepted at least once, which shows the traffic of the properties above reaches deep states.
        var random = new Random(20261125);
        byte[] script = new byte[4 * operations];
        random.NextBytes(script);
        using var s = new ContractScenario(_keys.Chain, _keys.Genesis, ContractTraffic.Verifier);
        var traffic = new ContractTraffic(_keys, s);
        var accepted = new HashSet<TransactionType>();
        int rejected = 0;
        var txs = new List<(Transaction Tx, bool MustBeRejected)>();
        void ProposeBlock()
        {
            BlockProposal proposal = s.Propose(txs.Select(t => t.Tx));
            accepted.UnionWith(proposal.Block.Transactions.Select(t => t.Type));
            rejected += proposal.Rejected.Length;
            Assert.DoesNotContain(txs, t => t.MustBeRejected && proposal.Block.Transactions.Contains(t.Tx));
            Assert.Equal((UInt128)s.Balances.TotalSupply, s.Balances.ComputeSupply());
            txs.Clear();
        }

        for (int done = 0; done < script.Length / 4; done++)
        {
            ReadOnlySpan<byte> op = script.AsSpan(done * 4, 4);
            (Transaction? tx, bool mustBeRejected) = traffic.Next(op);
            if (tx is not null && txs.Exists(t => t.Tx.SenderAddress == tx.SenderAddress))
            {
                ProposeBlock();
                (tx, mustBeRejected) = traffic.Next(op);
            }

            if (tx is not null)
            {
                txs.Add((tx, mustBeRejected));
            }

            if (txs.Count == 8)
            {
                ProposeBlock();
            }
        }

        ProposeBlock();
        Assert.True(rejected > 0);
        s.AssertReplayReachesTheLiveState();
        if (checkCoverage)
        {
            TransactionType[] contractTypes = [.. s.Trading.TransactionTypes.Concat(s.Processing.TransactionTypes).Order()];
            Assert.Equal(contractTypes, [.. contractTypes.Where(accepted.Contains)]);
        }
        else
        {
            _keys.SeededLedger = s.ExportEncodedBlocks();
        }
    }
}
