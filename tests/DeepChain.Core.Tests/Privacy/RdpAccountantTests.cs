using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Tests.Privacy;

/// <summary>
/// The accountant against published reference values of the Gaussian and sampled Gaussian mechanisms.
/// </summary>
/// <remarks>
/// Sources: TensorFlow Privacy, <c>tensorflow_privacy/privacy/analysis/rdp_accountant_test.py</c>
/// (test_compute_rdp_no_sampling, test_compute_rdp_scalar, test_compute_rdp_sequence,
/// test_get_privacy_spent_check_target_delta), and Google's dp_accounting,
/// <c>python/dp_accounting/rdp/rdp_privacy_accountant_test.py</c> (test_compute_rdp_poisson_sampled_gaussian,
/// test_compute_epsilon_delta_pure_dp, test_compute_epsilon_delta_gaussian, test_delta_bounds_gaussian); the methods are
/// Mironov, "Rényi differential privacy" (CSF 2017) and Mironov, Talwar, Zhang, "Rényi differential privacy of the
/// sampled Gaussian mechanism" (2019). The ln A_α values come from numerical integration of the definition with mpmath
/// (<c>quad</c> at 40 digits), as those test files' own <c>_compute_a_mp</c> does.
/// </remarks>
public sealed class RdpAccountantTests
{
    private const double OnePercent = 0.01;

    [Fact]
    public void ComputeRdp_NoSampling_IsOrderOverTwoSigmaSquared()
    {
        // TF Privacy test_compute_rdp_no_sampling: compute_rdp(q=1, σ=10, steps=1, α=20) = 0.1.
        Assert.Equal(0.1, RdpAccountant.ComputeRdp(1, 10, 20), 1e-15);
    }

    [Fact]
    public void ComputeRdp_NoData_IsZero() => Assert.Equal(0, RdpAccountant.ComputeRdp(0, 10, 20));

    [Fact]
    public void Compose_TenSampledSteps_MatchesTensorFlowPrivacy()
    {
        // TF Privacy test_compute_rdp_scalar: compute_rdp(q=0.1, σ=2, steps=10, α=5) ≈ 0.07737 (5 places).
        var accountant = new RdpAccountant([5]);
        accountant.Compose(2, 0.1, 10);

        AssertWithin(0.07737, accountant.Rdp[0], 1e-4);
    }

    [Fact]
    public void Compose_FiftySampledStepsAtFractionalAndIntegerOrders_MatchesPublishedValues()
    {
        // TF Privacy test_compute_rdp_sequence and dp_accounting test_compute_rdp_poisson_sampled_gaussian:
        // q = 0.01, σ = 2.5, 50 steps at α = 1.5, 2.5, 5, 50, 100, ∞.
        double[] orders = [1.5, 2.5, 5, 50, 100, double.PositiveInfinity];
        double[] published = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
        var accountant = new RdpAccountant(orders);
        accountant.Compose(2.5, 0.01, 50);

        double[] dpAccounting = [6.5007e-04, 1.0854e-03, 2.1808e-03, 2.3846e-02, 1.6742e+02];
        for (int i = 0; i < published.Length; i++)
        {
            AssertWithin(published[i], accountant.Rdp[i], OnePercent);
            AssertWithin(dpAccounting[i], accountant.Rdp[i], 1e-3);
        }

        Assert.Equal(double.PositiveInfinity, accountant.Rdp[^1]);
    }

    [Theory]
    [InlineData(1e-4, 1.0, 1.5, 6.44268695383665e-9)]
    [InlineData(1e-3, 1.0, 2, 1.71828035221452e-6)]
    [InlineData(0.01, 10, 20, 0.00019129699912843)]
    [InlineData(0.1, 100, 20.5, 0.000199918184580683)]
    [InlineData(0.05, 1.5, 3.7, 0.00737241202211336)]
    public void ComputeRdp_AgainstNumericalIntegrationOfTheDefinition_AgreesTo1e6(double q, double sigma, double order, double logA)
    {
        // The parameter sets of TF Privacy's test_compute_log_a_equals_mp (and one more fractional order).
        AssertWithin(logA / (order - 1), RdpAccountant.ComputeRdp(q, sigma, order), 1e-6);
    }

    [Fact]
    public void ToPrivacy_ConstantRdp_MatchesPublishedEpsilonAtTheLargestOrder()
    {
        // dp_accounting test_compute_epsilon_delta_pure_dp: ρ = 1.1 at α = 2…32, δ = 1e-5 → ε = 1.32783806176 at α = 32.
        double[] orders = [.. Enumerable.Range(2, 31).Select(a => (double)a)];
        double[] rdp = [.. orders.Select(_ => 1.1)];

        PrivacySpent spent = RdpAccountant.ToPrivacy(orders, rdp, 1e-5);

        Assert.Equal(1.32783806176, spent.Epsilon, 1e-10);
        Assert.Equal(32, spent.Order);
    }

    [Fact]
    public void GetPrivacySpent_GaussianCalibratedForEpsilonOne_MatchesPublishedValue()
    {
        // dp_accounting test_compute_epsilon_delta_gaussian: σ = 4.530877117, q = 1, orders 1.000 … 99.999 → exactly (1, 1e-6).
        var accountant = new RdpAccountant(Enumerable.Range(1001, 98_999).Select(i => i * 0.001));
        accountant.Compose(4.530877117);

        AssertWithin(1, accountant.GetPrivacySpent(1e-6).Epsilon, 1e-6);
    }

    [Fact]
    public void GetPrivacySpent_GaussianOverDefaultOrders_IsWithinOnePercentOfTheFineOptimum()
    {
        var accountant = new RdpAccountant();
        accountant.Compose(4.530877117);

        AssertWithin(1, accountant.GetPrivacySpent(1e-6).Epsilon, OnePercent);
    }

    [Fact]
    public void CalibrateNoiseMultiplier_EpsilonOneDeltaOneMillionth_FindsThePublishedSigma()
    {
        double sigma = RdpAccountant.CalibrateNoiseMultiplier(1, 1e-6, steps: 1, orders: Enumerable.Range(1001, 98_999).Select(i => i * 0.001));

        AssertWithin(4.530877117, sigma, 1e-5);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void GetPrivacySpent_Gaussian_NeverClaimsMoreThanTheExactCurve(double sigma)
    {
        // Balle and Wang (ICML 2018), Theorem 8: the Gaussian mechanism of sensitivity 1 is (ε, δ)-DP exactly for
        // δ = Φ(1/(2σ) − εσ) − e^ε Φ(−1/(2σ) − εσ); the RDP bound at the same δ must give an ε at least as large
        // (dp_accounting test_delta_bounds_gaussian checks the same order).
        var accountant = new RdpAccountant();
        accountant.Compose(sigma, 1, 3);
        double effectiveSigma = sigma / Math.Sqrt(3); // 3 Gaussian steps compose to one with σ/√3
        foreach (double delta in new[] { 1e-3, 1e-5, 1e-8 })
        {
            double epsilon = accountant.GetPrivacySpent(delta).Epsilon;
            double exactDelta = Phi((0.5 / effectiveSigma) - (epsilon * effectiveSigma)) - (Math.Exp(epsilon) * Phi((-0.5 / effectiveSigma) - (epsilon * effectiveSigma)));
            Assert.True(exactDelta <= delta * (1 + 1e-9), $"σ = {sigma}, δ = {delta}: ε = {epsilon} leaves an exact δ of {exactDelta}");
        }
    }

    [Fact]
    public void Compose_StepsAtOnce_EqualsStepsOneByOne()
    {
        var once = new RdpAccountant();
        var oneByOne = new RdpAccountant();
        once.Compose(1.3, 0.05, 4);
        for (int i = 0; i < 4; i++)
        {
            oneByOne.Compose(1.3, 0.05);
        }

        for (int i = 0; i < once.Orders.Length; i++)
        {
            Assert.Equal(once.Rdp[i], oneByOne.Rdp[i], Math.Max(once.Rdp[i], 1) * 1e-12);
        }

        Assert.Equal(4, once.Steps);
    }

    [Fact]
    public void PreviewPrivacySpent_ComposesNothing()
    {
        var accountant = new RdpAccountant();
        PrivacySpent preview = accountant.PreviewPrivacySpent(1, 1, 5, 1e-5);
        Assert.Equal(0, accountant.GetPrivacySpent(1e-5).Epsilon);

        accountant.Compose(1, 1, 5);
        Assert.Equal(preview, accountant.GetPrivacySpent(1e-5));
    }

    [Fact]
    public void GetPrivacySpent_MoreSteps_NeverLessEpsilon()
    {
        var accountant = new RdpAccountant();
        double previous = 0;
        for (int step = 0; step < 20; step++)
        {
            accountant.Compose(0.8, 0.2);
            double epsilon = accountant.GetPrivacySpent(1e-5).Epsilon;
            Assert.True(epsilon >= previous, $"ε fell from {previous} to {epsilon} at step {step + 1}");
            previous = epsilon;
        }
    }

    [Fact]
    public void InvalidArguments_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new RdpAccountant([2, 1]));
        Assert.Throws<ArgumentException>(() => new RdpAccountant([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.ComputeRdp(0.5, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.ComputeRdp(1.5, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.ComputeRdp(0.5, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RdpAccountant().GetPrivacySpent(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RdpAccountant().GetPrivacySpent(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RdpAccountant().Compose(1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.CalibrateNoiseMultiplier(0, 1e-5, 10));
    }

    private static double Phi(double x) => 0.5 * ErrorFunction.Erfc(-x / Math.Sqrt(2));

    private static void AssertWithin(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:G10} within {relative:P4}, got {actual:G10}");
}
