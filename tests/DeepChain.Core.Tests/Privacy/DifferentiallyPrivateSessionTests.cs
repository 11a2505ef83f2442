using DeepChain.Core.Aggregation;
using DeepChain.Core.Tests.Training;
using DeepChain.Core.Training;
using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Tests.Privacy;

/// <summary>The session end to end with differential privacy on: clipping, noise, accounting on the metrics and the
/// ledger, and the budget refusal.</summary>
public sealed class DifferentiallyPrivateSessionTests
{
    [Fact]
    public void RunRound_OutsizedGradients_EveryPartysContributionIsClippedToTheNorm()
    {
        const int Parties = 4;
        const int Length = 2_000;
        var privacy = new DifferentialPrivacyOptions { ClipNorm = 1.5, NoiseMultiplier = 1e-6 };
        PrecomputedGradientTrainer[] trainers = MakeTrainers(Parties, Length);
        using IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.Plain, new AggregationSchemeOptions { Parties = Parties });
        using var session = new CollaborativeTrainingSession(scheme, trainers, Options(Parties, privacy));

        // Round k: party k sends a gradient of norm 10^(k+1) along its own direction, the others send zeros, so
        // parties × the applied mean is party k's contribution (plus noise of norm ~10⁻⁴).
        for (int k = 0; k < Parties; k++)
        {
            for (int p = 0; p < Parties; p++)
            {
                var gradient = new float[Length];
                if (p == k)
                {
                    for (int i = 0; i < Length; i++)
                    {
                        gradient[i] = (float)(Math.Pow(10, k + 1) * Math.Sin(i + k) / Math.Sqrt(Length / 2.0));
                    }
                }

                trainers[p].NextGradient = gradient;
            }

            Assert.True(session.RunRound().Decrypted);
            double contribution = Math.Sqrt(trainers[0].LastUpdate.ToArray().Sum(v => (double)v * v)) * Parties;
            Assert.InRange(contribution, privacy.ClipNorm * 0.999, privacy.ClipNorm * 1.001);
        }
    }

    [Fact]
    public void RunRound_ZeroGradients_AppliedMeanIsNoiseOfTheConfiguredSpread()
    {
        const int Parties = 4;
        const int Length = 20_000;
        var privacy = new DifferentialPrivacyOptions { ClipNorm = 2, NoiseMultiplier = 0.5 };
        PrecomputedGradientTrainer[] trainers = MakeTrainers(Parties, Length);
        using IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.Plain, new AggregationSchemeOptions { Parties = Parties });
        using var session = new CollaborativeTrainingSession(scheme, trainers, Options(Parties, privacy), storage: null, GaussianNoiseSamplerTests.Seeded(21));

        Assert.True(session.RunRound().Decrypted);

        // The mean of 4 parties' N(0, (σC)²) noise is N(0, (σC/2)²) per value.
        double[] mean = [.. trainers[0].LastUpdate.ToArray().Select(v => (double)v)];
        double expected = privacy.NoiseMultiplier * privacy.ClipNorm / Math.Sqrt(Parties);
        double deviation = Math.Sqrt(mean.Sum(v => v * v) / Length);
        Assert.InRange(deviation, expected * (1 - (4.5 * Math.Sqrt(0.5 / Length))), expected * (1 + (4.5 * Math.Sqrt(0.5 / Length))));
    }

    [Fact]
    public void Run_ThresholdPaillier_ReportsTheSpentPrivacyPerRoundOnMetricsAndLedgerAndAudits()
    {
        const int Parties = 3;
        var privacy = new DifferentialPrivacyOptions { ClipNorm = 1, NoiseMultiplier = 1.1, Delta = 1e-5 };
        using IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.ThresholdPaillier, new AggregationSchemeOptions
        {
            Parties = Parties,
            Threshold = 2,
            PaillierModulusBits = 512,
            ClipRange = 4f,
            AllowInsecureTestParameters = true,
        });
        LogisticRegressionTrainer[] trainers = [.. Enumerable.Range(0, Parties).Select(p => new LogisticRegressionTrainer(
            SyntheticDataSet.Create(200, 20, 3, centreSeed: 11, sampleSeed: 100 + p), SyntheticDataSet.Create(300, 20, 3, centreSeed: 11, sampleSeed: 999)))];
        using var session = new CollaborativeTrainingSession(scheme, trainers, Options(Parties, privacy) with { Rounds = 3 });

        Assert.Equal(0, session.Privacy!.Value.Epsilon);
        IReadOnlyList<RoundMetrics> rounds = session.Run();

        var accountant = new RdpAccountant();
        for (int r = 0; r < rounds.Count; r++)
        {
            accountant.Compose(privacy.NoiseMultiplier);
            Assert.True(rounds[r].Decrypted, rounds[r].FailureReason);
            Assert.Equal(accountant.GetPrivacySpent(privacy.Delta), rounds[r].Privacy);
        }

        Assert.True(rounds[2].Privacy!.Value.Epsilon > rounds[0].Privacy!.Value.Epsilon);
        PrivacyBudgetRecord record = session.PrivacyContract.GetBudget(session.Task)!;
        Assert.Equal(3, record.RoundsRecorded);
        Assert.Equal(rounds[2].Privacy, record.Spent);
        Assert.Equal(privacy.NoiseMultiplier, record.Terms.NoiseMultiplier);
        Assert.Equal(double.PositiveInfinity, record.Terms.EpsilonBudget);
        SessionAudit audit = session.Audit();
        Assert.True(audit.Passed, audit.Problem);
    }

    [Fact]
    public void RunRound_PastTheBudget_IsRefusedBeforeAnythingRuns()
    {
        const int Parties = 2;
        const int Length = 50;
        double budget = new PrivacyBudgetTerms(2, 1, 1, 1e-5, double.PositiveInfinity).SpentAfter(2).Epsilon * 1.0001;
        var privacy = new DifferentialPrivacyOptions { ClipNorm = 1, NoiseMultiplier = 2, EpsilonBudget = budget };
        PrecomputedGradientTrainer[] trainers = MakeTrainers(Parties, Length);
        foreach (PrecomputedGradientTrainer trainer in trainers)
        {
            trainer.NextGradient = Enumerable.Repeat(0.1f, Length).ToArray();
        }

        using IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.Plain, new AggregationSchemeOptions { Parties = Parties });
        using var session = new CollaborativeTrainingSession(scheme, trainers, Options(Parties, privacy) with { Rounds = 5 });
        session.RunRound();
        session.RunRound();
        var parameters = new float[Length];
        trainers[0].GetParameters(parameters);
        long blocks = session.Node.BlockCount;

        PrivacyBudgetExceededException refused = Assert.Throws<PrivacyBudgetExceededException>(() => session.RunRound());

        Assert.Equal(2, refused.Round);
        Assert.Equal(budget, refused.Budget);
        Assert.True(refused.WouldSpend.Epsilon > budget);
        Assert.Equal(2, session.CompletedRounds);
        Assert.Equal(2, session.History.Count);
        Assert.Equal(blocks, session.Node.BlockCount);
        var after = new float[Length];
        trainers[0].GetParameters(after);
        Assert.Equal(parameters, after);
        Assert.Equal(2, session.PrivacyContract.GetBudget(session.Task)!.RoundsRecorded);
        Assert.True(session.Privacy!.Value.Epsilon <= budget);

        session.Finish();
        Assert.True(session.Audit().Passed);
    }

    [Fact]
    public void RunRound_WithoutDifferentialPrivacy_ReportsNoPrivacy()
    {
        PrecomputedGradientTrainer[] trainers = MakeTrainers(2, 10);
        using IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.Plain, new AggregationSchemeOptions { Parties = 2 });
        using var session = new CollaborativeTrainingSession(scheme, trainers, new CollaborativeTrainingOptions { Rounds = 1, EvaluateEveryRound = false });

        Assert.Null(session.RunRound().Privacy);
        Assert.Null(session.Privacy);
        Assert.Null(session.PrivacyContract.GetBudget(session.Task));
    }

    [Theory]
    [InlineData(0, 1, 1e-5, null)]
    [InlineData(1, -1, 1e-5, null)]
    [InlineData(1, 1, 1.0, null)]
    [InlineData(1, 1, 1e-5, 0.0)]
    public void Constructor_InvalidPrivacyOptions_Throw(double clip, double sigma, double delta, double? budget)
    {
        using IAggregationScheme scheme = AggregationSchemes.Create(AggregationSchemeKind.Plain, new AggregationSchemeOptions { Parties = 2 });
        var privacy = new DifferentialPrivacyOptions { ClipNorm = clip, NoiseMultiplier = sigma, Delta = delta, EpsilonBudget = budget };

        Assert.Throws<ArgumentOutOfRangeException>(() => new CollaborativeTrainingSession(scheme, MakeTrainers(2, 4), Options(2, privacy)));
    }

    private static CollaborativeTrainingOptions Options(int parties, DifferentialPrivacyOptions privacy) => new()
    {
        Rounds = parties,
        LearningRate = 0.5f,
        Workers = 1,
        EvaluateEveryRound = false,
        DifferentialPrivacy = privacy,
    };

    /// <summary>Trainers starting at zero parameters whose next gradient is zero.</summary>
    private static PrecomputedGradientTrainer[] MakeTrainers(int parties, int length) =>
        [.. Enumerable.Range(0, parties).Select(_ => new PrecomputedGradientTrainer(new float[length]) { NextGradient = new float[length] })];
}
