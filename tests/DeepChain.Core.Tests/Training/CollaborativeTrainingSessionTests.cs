using DeepChain.Core.Aggregation;
using DeepChain.Core.Contracts;
using DeepChain.Core.Training;

namespace DeepChain.Core.Tests.Training;

public sealed class CollaborativeTrainingSessionTests
{
    private const int Features = 20;
    private const int Classes = 3;

    private static readonly SyntheticDataSet s_test = SyntheticDataSet.Create(1000, Features, Classes, centreSeed: 11, sampleSeed: 999);

    public static TheoryData<AggregationSchemeKind> EncryptedSchemes =>
        [AggregationSchemeKind.Paillier, AggregationSchemeKind.ThresholdPaillier, AggregationSchemeKind.Ckks, AggregationSchemeKind.MultipartyCkks];

    [Theory]
    [MemberData(nameof(EncryptedSchemes))]
    public void Run_TenRoundsFourParties_MatchesPlainAccuracyAndReplays(AggregationSchemeKind kind)
    {
        const int Parties = 4;
        var options = new CollaborativeTrainingOptions { Rounds = 10, LearningRate = 0.5f, LocalSteps = 2 };
        (double plainAccuracy, _) = Train(AggregationSchemeKind.Plain, Parties, options);
        (double accuracy, SessionAudit audit) = Train(kind, Parties, options);

        Assert.True(plainAccuracy > 0.8, $"the plain baseline reached only {plainAccuracy:P1}");
        Assert.InRange(accuracy, plainAccuracy - 0.005, plainAccuracy + 0.005);
        Assert.True(audit.Passed, audit.Problem);
    }

    [Fact]
    public void RunRound_PartyDropsOut_DecryptsWithTheRestAndPenalisesIt()
    {
        using Harness h = Harness.Create(parties: 4, threshold: 3);
        RoundMetrics round = h.Session.RunRound(new RoundFaults { DroppedParties = [3] });

        Assert.True(round.Decrypted, round.FailureReason);
        Assert.Equal([0, 1, 2], round.Contributors.ToArray());
        TradingRound closed = h.Session.TradingContract.GetRound(h.Session.Task, 0)!;
        Assert.Equal(TradingRoundOutcome.Decrypted, closed.Outcome);
        PartyForfeit forfeit = Assert.Single(closed.Forfeits);
        Assert.Equal(h.Session.Participants.Parties[3], forfeit.Party);
        Assert.Equal(h.Options.PartyDeposit - forfeit.Amount, h.Session.TradingContract.GetDeposit(h.Session.Task, h.Session.Participants.Parties[3]));
        Assert.True(h.Session.Audit().Passed);
    }

    [Fact]
    public void RunRound_MalformedUpload_IsRejectedPenalisedAndTheRoundGoesOn()
    {
        using Harness h = Harness.Create(parties: 4, threshold: 3);
        float[] before = h.Parameters();
        RoundMetrics round = h.Session.RunRound(new RoundFaults { MalformedUploads = [1] });

        Assert.True(round.Decrypted, round.FailureReason);
        Assert.Equal([0, 2, 3], round.Contributors.ToArray());
        Assert.NotEqual(before, h.Parameters());
        TradingRound closed = h.Session.TradingContract.GetRound(h.Session.Task, 0)!;
        Assert.DoesNotContain(closed.Gradients, g => g.Party == h.Session.Participants.Parties[1]);
        Assert.Equal(h.Session.Participants.Parties[1], Assert.Single(closed.Forfeits).Party);
        Assert.True(h.Session.Audit().Passed);
    }

    [Fact]
    public void RunRound_WorkerSubmitsWrongAggregate_IsOutvotedAndSlashed()
    {
        using Harness h = Harness.Create(parties: 4, threshold: 3);
        RoundMetrics round = h.Session.RunRound(new RoundFaults { WrongAggregateWorkers = [0] });

        Assert.True(round.Decrypted, round.FailureReason);
        ProcessingRound processing = h.Session.ProcessingContract.GetRound(h.Session.Task, 0)!;
        ProcessingAttempt attempt = processing.CurrentAttempt!;
        Assert.Equal(ProcessingAttemptOutcome.Agreed, attempt.Outcome);
        Assert.Equal(2, attempt.Agreeing.Length);
        WorkerPenalty penalty = Assert.Single(attempt.Penalties);
        Assert.Equal(h.Session.Participants.Workers[0], penalty.Worker);
        Assert.Equal(WorkerFault.Dissent, penalty.Fault);
        Assert.True(h.Session.Audit().Passed);
    }

    [Fact]
    public void RunRound_FewerThanThresholdHonestShares_FailsCleanlyAndLeavesTheModel()
    {
        using Harness h = Harness.Create(parties: 4, threshold: 3);
        float[] before = h.Parameters();
        RoundMetrics round = h.Session.RunRound(new RoundFaults { InvalidShareParties = [0, 1] });

        Assert.False(round.Decrypted);
        Assert.Contains("2 valid decryption shares", round.FailureReason, StringComparison.Ordinal);
        Assert.Equal([0, 1], round.InvalidShares.ToArray());
        Assert.Equal(before, h.Parameters());
        TradingRound closed = h.Session.TradingContract.GetRound(h.Session.Task, 0)!;
        Assert.Equal(TradingRoundOutcome.Failed, closed.Outcome);
        Assert.Equal(2, closed.Forfeits.Length);
        Assert.True(h.Session.Audit().Passed);
    }

    [Fact]
    public void Run_AllRoundsThenFinish_RefundsDepositsAndConservesSupply()
    {
        using Harness h = Harness.Create(parties: 3, threshold: 2, rounds: 2);
        ulong before = h.Session.Participants.BalanceOf(h.Session.Participants.Parties[0]);
        h.Session.Run();

        // Every party behaved: its deposit came back and it earned its share of both rounds' rewards.
        foreach (var party in h.Session.Participants.Parties)
        {
            Assert.Equal(0ul, h.Session.TradingContract.GetDeposit(h.Session.Task, party));
        }

        ulong reward = h.Options.PartyRewardPerRound / 3 * 2;
        Assert.Equal(before + h.Options.PartyDeposit + reward, h.Session.Participants.BalanceOf(h.Session.Participants.Parties[0]));
        SessionAudit audit = h.Session.Audit();
        Assert.True(audit.Passed, audit.Problem);
        Assert.Throws<InvalidOperationException>(() => h.Session.RunRound());
    }

    [Fact]
    public void Constructor_TrainerCountDiffersFromParties_Throws()
    {
        using IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.Plain, new AggregationSchemeOptions { Parties = 3 });
        Assert.Throws<ArgumentException>(() => new CollaborativeTrainingSession(scheme, MakeTrainers(2)));
    }

    private static (double Accuracy, SessionAudit Audit) Train(AggregationSchemeKind kind, int parties, CollaborativeTrainingOptions options)
    {
        using IAggregationScheme scheme = AggregationSchemes.Create(kind, SchemeOptions(parties, parties - 1));
        using var session = new CollaborativeTrainingSession(scheme, MakeTrainers(parties), options);
        IReadOnlyList<RoundMetrics> rounds = session.Run();
        Assert.All(rounds, r => Assert.True(r.Decrypted, r.FailureReason));
        return (rounds[^1].Evaluation!.Value.Accuracy, session.Audit());
    }

    private static AggregationSchemeOptions SchemeOptions(int parties, int threshold) => new()
    {
        Parties = parties,
        Threshold = threshold,
        PaillierModulusBits = 512,
        CkksPolyModulusDegree = 1024,
        ClipRange = 4f,
        AllowInsecureTestParameters = true,
    };

    private static LogisticRegressionTrainer[] MakeTrainers(int parties) =>
        [.. Enumerable.Range(0, parties).Select(p => new LogisticRegressionTrainer(
            SyntheticDataSet.Create(200, Features, Classes, centreSeed: 11, sampleSeed: 100 + p), s_test))];

    private sealed class Harness : IDisposable
    {
        private Harness(IAggregationScheme scheme, CollaborativeTrainingSession session, LogisticRegressionTrainer[] trainers, CollaborativeTrainingOptions options)
        {
            Scheme = scheme;
            Session = session;
            Trainers = trainers;
            Options = options;
        }

        public IAggregationScheme Scheme { get; }

        public CollaborativeTrainingSession Session { get; }

        public LogisticRegressionTrainer[] Trainers { get; }

        public CollaborativeTrainingOptions Options { get; }

        public static Harness Create(int parties, int threshold, int rounds = 3)
        {
            IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.ThresholdPaillier, SchemeOptions(parties, threshold));
            LogisticRegressionTrainer[] trainers = MakeTrainers(parties);
            var options = new CollaborativeTrainingOptions { Rounds = rounds, LearningRate = 0.5f };
            return new Harness(scheme, new CollaborativeTrainingSession(scheme, trainers, options), trainers, options);
        }

        public float[] Parameters()
        {
            var parameters = new float[Trainers[0].ParameterCount];
            Trainers[0].GetParameters(parameters);
            return parameters;
        }

        public void Dispose()
        {
            Session.Dispose();
            Scheme.Dispose();
        }
    }
}
