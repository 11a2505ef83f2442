using System.Security.Cryptography;
using DeepChain.Core.Contracts;
using DeepChain.Core.Incentives;
using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>
/// One whole task as the issue describes it: 8 parties, 3 workers, 3 rounds; party 7 skips round 1's gradient, party 6
/// sends an invalid decryption share in round 2, worker 2 submits a wrong aggregate in round 0. Every balance at the
/// end is checked against a table computed by hand below.
/// </summary>
public sealed class ProtocolTests : IClassFixture<TestChain>
{
    // Terms. Trading: deposit 10 000, penalty 30 % = 3 000 per fault, reward budget 24 002 over 3 rounds, so
    // RoundReward = ⌊24 002 / 3⌋ = 8 000 (remainder 2). Threshold 5 of 8.
    private const ulong Deposit = 10_000;
    private const int PenaltyBasisPoints = 3_000;
    private const ulong RewardBudget = 24_002;

    // Processing: budget 9 500, 3 000 per round, stake 5 000, committee of 3, dissent 20 % = 1 000, absence 10 % = 500.
    private const ulong WorkerBudget = 9_500;
    private const ulong RewardPerRound = 3_000;
    private const ulong WorkerStake = 5_000;

    private const ulong OwnerFunds = 1_000_000;
    private const ulong PartyFunds = 100_000;
    private const ulong WorkerFunds = 100_000;

    // Heights: registration up to 3; each round takes G = 2, A = 3, D = 2 blocks, so round r starts at 4 + 7r:
    //   round 0: gradients [4, 5], aggregation [6, 8], decryption [9, 10], closable from 11
    //   round 1: gradients [11, 12], aggregation [13, 15], decryption [16, 17], closable from 18
    //   round 2: gradients [18, 19], aggregation [20, 22], decryption [23, 24], closable from 25 = finish
    private const long RegistrationDeadline = 3;

    private readonly TestChain _chain;

    public ProtocolTests(TestChain chain) => _chain = chain;

    [Fact]
    public void FullTask_EightPartiesThreeWorkersThreeRounds_EveryBalanceMatchesTheHandComputedTable()
    {
        LedgerSigningKey owner = LedgerSigningKey.Generate();
        LedgerSigningKey[] parties = [.. Enumerable.Range(0, 8).Select(_ => LedgerSigningKey.Generate())];
        LedgerSigningKey[] workers = [.. Enumerable.Range(0, 3).Select(_ => LedgerSigningKey.Generate())];
        try
        {
            BlobReference invalidShare = Blob("share", 2, 6);
            var verifier = new RejectingShareVerifier(invalidShare.Id);
            using var s = new ContractScenario(
                _chain,
                [(owner, OwnerFunds), .. parties.Select(p => (p, PartyFunds)), .. workers.Select(w => (w, WorkerFunds))],
                verifier);

            // Height 1: open. Height 2: fund processing, 8 registrations, 3 stakes.
            var terms = new TradingTaskParameters(
                new BlobId(SHA256.HashData("model"u8)), ParameterCount: 100_000, Rounds: 3, AggregationScheme: 3, Threshold: 5,
                MinParties: 8, MaxParties: 8, Deposit, PenaltyBasisPoints, RewardBudget, RegistrationDeadline,
                GradientBlocks: 2, AggregationBlocks: 3, DecryptionBlocks: 2);
            TaskId task = s.Open(owner, terms);
            Assert.Equal(4, terms.GradientWindow(0).First);
            Assert.Equal(new HeightWindow(23, 24), terms.DecryptionWindow(2));
            Assert.Equal(25, terms.FinishFrom);
            var processingTerms = new ProcessingTerms(WorkerBudget, RewardPerRound, WorkerStake, CommitteeSize: 3,
                DissentPenaltyBasisPoints: 2_000, AbsencePenaltyBasisPoints: 1_000, AttemptBlocks: 2);
            s.AcceptAll([
                s.Tx(owner, TransactionType.ProcessingFundTask, ProcessingPayloads.FundTask(task, processingTerms)),
                .. parties.Select(p => s.Tx(p, TransactionType.TradingRegister, TradingPayloads.Register(task))),
                .. workers.Select(w => s.Tx(w, TransactionType.ProcessingStake, ProcessingPayloads.Stake(task))),
            ]);

            BlobReference[] agreed = [Blob("aggregate", 0, 0), Blob("aggregate", 1, 0), Blob("aggregate", 2, 0)];
            for (int round = 0; round < 3; round++)
            {
                long start = terms.RoundStart(round);
                s.AdvanceTo(start);
                if (round > 0)
                {
                    s.AcceptAll(s.Tx(owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, round - 1)));
                    s.AdvanceTo(start + 1);
                }

                // Gradients (party 7 skips round 1).
                s.AcceptAll(parties.Where((_, i) => !(round == 1 && i == 7))
                    .Select((p, i) => s.Tx(p, TransactionType.TradingSubmitGradient, TradingPayloads.SubmitGradient(task, round, Blob("gradient", round, i)))));

                // Aggregation: the committee is drawn from the hash of the block before the assignment.
                long assignAt = terms.AggregationWindow(round).First;
                s.AdvanceTo(assignAt);
                s.AcceptAll(s.Tx(owner, TransactionType.ProcessingAssignRound, ProcessingPayloads.AssignRound(task, round)));
                ProcessingAttempt attempt = s.Processing.GetRound(task, round)!.CurrentAttempt!;
                Assert.Equal(s.HashAt(assignAt - 1), attempt.Seed);
                Assert.Equal(ProcessingContract.DrawCommittee(attempt.Seed, task, round, 0, [.. workers.Select(w => w.Address)], 3).AsEnumerable(), attempt.Committee.AsEnumerable());
                Assert.Equal(workers.Select(w => w.Address).Order(), attempt.Committee.Order());
                s.AcceptAll(workers.Select((w, i) => s.Tx(w, TransactionType.ProcessingSubmitAggregate,
                    ProcessingPayloads.SubmitAggregate(task, round, round == 0 && i == 2 ? Blob("wrong", 0, 2) : agreed[round]))));
                s.AcceptAll(s.Tx(parties[0], TransactionType.ProcessingSettleRound, ProcessingPayloads.SettleRound(task, round)));
                Assert.Equal(agreed[round], s.Processing.GetAgreedAggregate(task, round));

                // Decryption shares: parties 0–5 in rounds 0 and 1; parties 0–4 and party 6 (invalid) in round 2.
                s.AdvanceTo(terms.DecryptionWindow(round).First);
                int[] sharing = round < 2 ? [0, 1, 2, 3, 4, 5] : [0, 1, 2, 3, 4, 6];
                s.AcceptAll(sharing.Select(i => s.Tx(parties[i], TransactionType.TradingSubmitDecryptionShare,
                    TradingPayloads.SubmitDecryptionShare(task, round, round == 2 && i == 6 ? invalidShare : Blob("share", round, i)))));
            }

            s.AcceptAll(s.Tx(workers[0], TransactionType.ProcessingCloseTask, ProcessingPayloads.CloseTask(task)));
            s.AdvanceTo(terms.FinishFrom);
            s.AcceptAll(
                s.Tx(owner, TransactionType.TradingCloseRound, TradingPayloads.CloseRound(task, 2)),
                s.Tx(owner, TransactionType.TradingFinishTask, TradingPayloads.FinishTask(task)));

            // Rounds as recorded.
            // Round 0: 8 gradients, 6 valid shares (≥ 5): decrypted; nobody at fault; 8 000 / 8 = 1 000 each.
            // Round 1: party 7 missed its gradient: forfeits 3 000; 7 parties share 8 000 + 3 000 = 11 000: 1 571 each (3 left over).
            // Round 2: party 6's share is invalid: forfeits 3 000; 5 valid shares (= t): decrypted; the 7 others get 1 571 each (3 left over).
            TradingRound r0 = s.Trading.GetRound(task, 0)!, r1 = s.Trading.GetRound(task, 1)!, r2 = s.Trading.GetRound(task, 2)!;
            Assert.Equal((TradingRoundOutcome.Decrypted, 6, 1_000UL, 8), (r0.Outcome, r0.ValidShareCount, r0.RewardPerParty, r0.Rewarded.Length));
            Assert.Empty(r0.Forfeits);
            Assert.Equal((TradingRoundOutcome.Decrypted, 6, 1_571UL, 7), (r1.Outcome, r1.ValidShareCount, r1.RewardPerParty, r1.Rewarded.Length));
            Assert.Equal([new PartyForfeit(parties[7].Address, PartyFault.MissingGradient, 3_000)], r1.Forfeits.AsEnumerable());
            Assert.Equal((TradingRoundOutcome.Decrypted, 5, 1_571UL, 7), (r2.Outcome, r2.ValidShareCount, r2.RewardPerParty, r2.Rewarded.Length));
            Assert.Equal([new PartyForfeit(parties[6].Address, PartyFault.InvalidDecryptionShare, 3_000)], r2.Forfeits.AsEnumerable());
            Assert.False(Assert.Single(r2.Shares, x => x.Party == parties[6].Address).IsValid);
            Assert.Equal(new DecryptionShareClaim(task, 2, parties[6].Address, 6, invalidShare), Assert.Single(verifier.Claims, c => c.Share == invalidShare));

            // Processing round 0: workers 0 and 1 agree (2 of 3 is a majority); worker 2 dissents and loses 1 000, which
            // joins the round's reward: (3 000 + 1 000) / 2 = 2 000 each. Rounds 1 and 2: all agree, 3 000 / 3 = 1 000 each.
            ProcessingAttempt p0 = s.Processing.GetRound(task, 0)!.CurrentAttempt!;
            Assert.Equal([new WorkerPenalty(workers[2].Address, WorkerFault.Dissent, 1_000)], p0.Penalties.AsEnumerable());
            Assert.Equal((2_000UL, 2), (p0.RewardPerWorker, p0.Agreeing.Length));
            Assert.Equal(1_000UL, s.Processing.GetRound(task, 1)!.CurrentAttempt!.RewardPerWorker);
            Assert.True(s.Processing.GetTask(task)!.IsClosed);
            Assert.True(s.Trading.GetTask(task)!.IsFinished);

            // The table. Parties (start 100 000, deposits refunded in full at finish less their penalties):
            //   0–5: + 1 000 + 1 571 + 1 571                  = 104 142
            //   6:   + 1 000 + 1 571 + 0     − 3 000 (share)  =  99 571
            //   7:   + 1 000 + 0     + 1 571 − 3 000 (gradient) = 99 571
            // Workers (start 100 000, stakes refunded at close less their penalties):
            //   0, 1: + 2 000 + 1 000 + 1 000                 = 104 000
            //   2:    − 1 000 + 0     + 1 000 + 1 000         = 101 000
            // Owner (start 1 000 000): − 24 002 budget − 9 500 worker budget
            //   + trading pool left: 24 002 + 6 000 forfeits − 8 000 − 7·1 571 − 7·1 571 = 8
            //   + processing pool left: 9 500 + 1 000 slashed − 4 000 − 3 000 − 3 000 = 500
            //   = 1 000 000 − 24 002 − 9 500 + 8 + 500 = 967 006
            // Check: 967 006 + 6·104 142 + 2·99 571 + 2·104 000 + 101 000 = 2 100 000 = the genesis total.
            var expected = new Dictionary<AccountAddress, ulong> { [owner.Address] = 967_006 };
            for (int i = 0; i < 8; i++)
            {
                expected[parties[i].Address] = i < 6 ? 104_142UL : 99_571UL;
            }

            expected[workers[0].Address] = 104_000;
            expected[workers[1].Address] = 104_000;
            expected[workers[2].Address] = 101_000;
            Assert.Equal(2_100_000UL, expected.Values.Aggregate(0UL, (a, b) => a + b));
            Assert.Equal(expected.OrderBy(e => e.Key).Select(e => (e.Key, new AccountBalance(e.Value, 0))),
                s.Balances.Snapshot().Select(e => (e.Key, e.Value)));
            Assert.Empty(s.Balances.EscrowSnapshot());
            Assert.Equal(0UL, s.Trading.GetTask(task)!.RewardPool);
            Assert.Equal(0UL, s.Processing.GetTask(task)!.Pool);
            s.AssertReplayReachesTheLiveState();
        }
        finally
        {
            owner.Dispose();
            foreach (LedgerSigningKey key in parties.Concat(workers))
            {
                key.Dispose();
            }
        }
    }

    private static BlobReference Blob(string kind, int round, int index) =>
        new(new BlobId(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes($"{kind}/{round}/{index}"))), 4096);
}
