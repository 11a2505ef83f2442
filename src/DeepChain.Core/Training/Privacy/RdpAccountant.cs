using System.Collections.Immutable;

namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// A Rényi differential privacy (RDP) accountant for the (sampled) Gaussian mechanism: it adds up the RDP of every
/// step at a fixed set of orders α and converts the total to the smallest (ε, δ) any order gives.
/// </summary>
/// <remarks>
/// <para><b>One step.</b> A Gaussian mechanism with noise multiplier σ (noise standard deviation σ·C for L2
/// sensitivity C) is (α, α / (2σ²))-RDP for every α &gt; 1 (Mironov, "Rényi differential privacy", CSF 2017). When each
/// record takes part in a step with probability q (Poisson sampling), the step is (α, ln A_α / (α − 1))-RDP with
/// A_α = E_{z∼μ₀}[((1 − q) + q·μ₁(z)/μ₀(z))^α], μ₀ = N(0, σ²), μ₁ = N(1, σ²) (Mironov, Talwar and Zhang, "Rényi
/// differential privacy of the sampled Gaussian mechanism", 2019): for integer α the binomial expansion
/// A_α = Σᵢ C(α, i)(1 − q)^{α−i} qⁱ exp((i² − i) / (2σ²)); for fractional α their two-sided series with erfc terms,
/// summed in log space until the terms fall below e⁻³⁰. These are the computations of TensorFlow Privacy's and
/// Google's dp_accounting RDP accountants, whose published test values the tests reproduce.</para>
/// <para><b>Composition</b> adds RDP at each order. <b>Conversion</b>: (α, ρ)-RDP implies (ε, δ)-DP with
/// ε = ρ + ln(1 − 1/α) − ln(δ·α) / (α − 1) (Balle et al. 2020, Canonne, Kamath and Steinke 2020), and ε = 0 when
/// δ² ≥ 1 − e^{−ρ}; the accountant reports the minimum over its orders (orders at or below 1.01 give no bound).</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class RdpAccountant
{
    private const int MaxSeriesTerms = 1_000_000;
    private readonly double[] _rdp;

    /// <summary>Creates an accountant with nothing spent.</summary>
    /// <param name="orders">The Rényi orders to track, each greater than 1 (+∞ allowed); <see cref="DefaultOrders"/> when null.</param>
    /// <exception cref="ArgumentException"><paramref name="orders"/> is empty or holds an order of 1 or less, or NaN.</exception>
    public RdpAccountant(IEnumerable<double>? orders = null)
    {
        Orders = orders is null ? DefaultOrders : [.. orders];
        if (Orders.IsEmpty)
        {
            throw new ArgumentException("At least one order is needed.", nameof(orders));
        }

        if (Orders.Any(a => !(a > 1)))
        {
            throw new ArgumentException("Every Rényi order must be greater than 1.", nameof(orders));
        }

        _rdp = new double[Orders.Length];
    }

    /// <summary>Gets the default orders: 1.02 to 1.08 in steps of 0.02, 1.1 to 10.9 in steps of 0.1, the integers 12 to
    /// 63, and 64, 128, 256, 512, 1024 (the orders of Opacus and TensorFlow Privacy, widened at both ends so very small
    /// and very large noise both find their best order).</summary>
    public static ImmutableArray<double> DefaultOrders { get; } =
    [
        1.02, 1.04, 1.06, 1.08,
        .. Enumerable.Range(1, 99).Select(x => 1 + (x / 10.0)),
        .. Enumerable.Range(12, 52).Select(x => (double)x),
        64, 128, 256, 512, 1024,
    ];

    /// <summary>Gets the tracked orders.</summary>
    public ImmutableArray<double> Orders { get; }

    /// <summary>Gets the RDP spent so far at each order (same positions as <see cref="Orders"/>).</summary>
    public IReadOnlyList<double> Rdp => _rdp;

    /// <summary>Gets how many steps have been composed.</summary>
    public long Steps { get; private set; }

    /// <summary>Composes <paramref name="steps"/> steps of the sampled Gaussian mechanism.</summary>
    /// <param name="noiseMultiplier">σ: the noise standard deviation over the L2 sensitivity (positive).</param>
    /// <param name="samplingRate">q: the probability each record takes part in a step (0 to 1; 1 is the plain Gaussian).</param>
    /// <param name="steps">The number of steps (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public void Compose(double noiseMultiplier, double samplingRate = 1, int steps = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double[] step = StepRdp(noiseMultiplier, samplingRate);
        for (int i = 0; i < _rdp.Length; i++)
        {
            _rdp[i] += steps * step[i];
        }

        Steps += steps;
    }

    /// <summary>Gets the smallest ε for which everything composed so far is (ε, δ)-DP.</summary>
    /// <param name="delta">δ, in (0, 1).</param>
    /// <returns>ε, δ and the order that gave ε.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is out of range.</exception>
    public PrivacySpent GetPrivacySpent(double delta) => ToPrivacy(Orders.AsSpan(), _rdp, delta);

    /// <summary>Gets the ε the accountant would report after composing more steps, without composing them.</summary>
    /// <param name="noiseMultiplier">σ of the extra steps (positive).</param>
    /// <param name="samplingRate">q of the extra steps (0 to 1).</param>
    /// <param name="steps">The number of extra steps (at least 1).</param>
    /// <param name="delta">δ, in (0, 1).</param>
    /// <returns>The guarantee after the extra steps.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public PrivacySpent PreviewPrivacySpent(double noiseMultiplier, double samplingRate, int steps, double delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double[] step = StepRdp(noiseMultiplier, samplingRate);
        for (int i = 0; i < step.Length; i++)
        {
            step[i] = _rdp[i] + (steps * step[i]);
        }

        return ToPrivacy(Orders.AsSpan(), step, delta);
    }

    /// <summary>Computes the RDP of one step of the sampled Gaussian mechanism at one order.</summary>
    /// <param name="samplingRate">q, 0 to 1.</param>
    /// <param name="noiseMultiplier">σ, positive.</param>
    /// <param name="order">α, greater than 1 (+∞ allowed).</param>
    /// <returns>The RDP ρ(α); 0 when q = 0, α / (2σ²) when q = 1, +∞ at α = +∞ for q &gt; 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double ComputeRdp(double samplingRate, double noiseMultiplier, double order)
    {
        CheckMechanism(noiseMultiplier, samplingRate);
        if (!(order > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The Rényi order must be greater than 1.");
        }

        if (samplingRate == 0)
        {
            return 0;
        }

        if (samplingRate == 1)
        {
            return order / (2 * noiseMultiplier * noiseMultiplier);
        }

        if (double.IsPositiveInfinity(order))
        {
            return double.PositiveInfinity;
        }

        double logA = order == Math.Floor(order) && order <= int.MaxValue - 1
            ? LogAIntegerOrder(samplingRate, noiseMultiplier, (int)order)
            : LogAFractionalOrder(samplingRate, noiseMultiplier, order);
        return logA / (order - 1);
    }

    /// <summary>Converts RDP at several orders to the smallest (ε, δ) guarantee.</summary>
    /// <param name="orders">The orders (each greater than 1).</param>
    /// <param name="rdp">The RDP at each order (non-negative; +∞ allowed).</param>
    /// <param name="delta">δ, in (0, 1).</param>
    /// <returns>ε (at least 0), δ and the order that gave ε.</returns>
    /// <exception cref="ArgumentException">The spans differ in length or are empty, an order is 1 or less, or an RDP value is negative or NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is out of range.</exception>
    public static PrivacySpent ToPrivacy(ReadOnlySpan<double> orders, ReadOnlySpan<double> rdp, double delta)
    {
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1).");
        }

        if (orders.Length != rdp.Length || orders.IsEmpty)
        {
            throw new ArgumentException("There must be one RDP value per order, and at least one order.", nameof(rdp));
        }

        double best = double.PositiveInfinity;
        double bestOrder = orders[0];
        for (int i = 0; i < orders.Length; i++)
        {
            double a = orders[i];
            double r = rdp[i];
            if (!(a > 1))
            {
                throw new ArgumentException("Every Rényi order must be greater than 1.", nameof(orders));
            }

            if (!(r >= 0))
            {
                throw new ArgumentException("RDP values must be non-negative.", nameof(rdp));
            }

            double epsilon = (delta * delta) + LogSpace.ExpM1(-r) > 0
                ? 0 // δ ≥ √(1 − e^{−ρ}) bounds the total variation through the KL divergence.
                : a > 1.01 ? r + LogSpace.Log1P(-1 / a) - (Math.Log(delta * a) / (a - 1)) : double.PositiveInfinity;
            if (epsilon < best)
            {
                best = epsilon;
                bestOrder = a;
            }
        }

        return new PrivacySpent(Math.Max(0, best), delta, bestOrder);
    }

    /// <summary>Finds the smallest noise multiplier (to a relative 10⁻⁶) for which <paramref name="steps"/> steps stay
    /// within ε = <paramref name="targetEpsilon"/> at δ.</summary>
    /// <param name="targetEpsilon">The ε budget (positive).</param>
    /// <param name="delta">δ, in (0, 1).</param>
    /// <param name="steps">The number of steps (at least 1).</param>
    /// <param name="samplingRate">q, in (0, 1].</param>
    /// <param name="orders">The orders (<see cref="DefaultOrders"/> when null).</param>
    /// <returns>σ: spending exactly the budget or a hair under it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or no σ up to 10⁶ meets the budget.</exception>
    public static double CalibrateNoiseMultiplier(double targetEpsilon, double delta, int steps, double samplingRate = 1, IEnumerable<double>? orders = null)
    {
        if (!(targetEpsilon > 0) || double.IsPositiveInfinity(targetEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "The ε budget must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ImmutableArray<double> tracked = orders is null ? DefaultOrders : [.. orders];
        double EpsilonAt(double sigma)
        {
            var accountant = new RdpAccountant(tracked);
            return accountant.PreviewPrivacySpent(sigma, samplingRate, steps, delta).Epsilon;
        }

        double high = 1;
        while (EpsilonAt(high) > targetEpsilon)
        {
            high *= 2;
            if (high > 1e6)
            {
                throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "No noise multiplier up to 10⁶ meets the budget.");
            }
        }

        double low = high / 2;
        while (EpsilonAt(low) <= targetEpsilon && low > 1e-9)
        {
            high = low;
            low /= 2;
        }

        // ε falls as σ grows: bisect (geometrically) between a σ over the budget and one within it.
        while (high / low > 1 + 1e-6)
        {
            double middle = Math.Sqrt(low * high);
            if (EpsilonAt(middle) <= targetEpsilon)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    private double[] StepRdp(double noiseMultiplier, double samplingRate)
    {
        CheckMechanism(noiseMultiplier, samplingRate);
        var step = new double[Orders.Length];
        for (int i = 0; i < step.Length; i++)
        {
            step[i] = ComputeRdp(samplingRate, noiseMultiplier, Orders[i]);
        }

        return step;
    }

    private static void CheckMechanism(double noiseMultiplier, double samplingRate)
    {
        if (!(noiseMultiplier > 0) || double.IsPositiveInfinity(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier must be positive and finite.");
        }

        if (!(samplingRate >= 0 && samplingRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate must be in [0, 1].");
        }
    }

    /// <summary>ln A_α for integer α by the binomial expansion, in log space.</summary>
    private static double LogAIntegerOrder(double q, double sigma, int alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = LogSpace.Log1P(-q);
        double twoSigmaSquared = 2 * sigma * sigma;
        double logA = double.NegativeInfinity;
        double logBinomial = 0; // ln C(α, 0)
        for (int i = 0; i <= alpha; i++)
        {
            double term = logBinomial + (i * logQ) + ((alpha - i) * log1MinusQ) + (((double)i * i - i) / twoSigmaSquared);
            logA = LogSpace.Add(logA, term);
            if (i < alpha)
            {
                logBinomial += Math.Log(alpha - i) - Math.Log(i + 1.0);
            }
        }

        return logA;
    }

    /// <summary>ln A_α for fractional α by Mironov–Talwar–Zhang's two series (Section 3.3), in log space.</summary>
    private static double LogAFractionalOrder(double q, double sigma, double alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = LogSpace.Log1P(-q);
        double twoSigmaSquared = 2 * sigma * sigma;
        double sqrt2Sigma = Math.Sqrt(2) * sigma;
        double z0 = (sigma * sigma * Math.Log((1 / q) - 1)) + 0.5;
        double logHalf = Math.Log(0.5);
        double logA0 = double.NegativeInfinity;
        double logA1 = double.NegativeInfinity;
        double logCoefficient = 0; // ln |C(α, i)|
        bool positive = true;      // the sign of C(α, i)
        for (int i = 0; ; i++)
        {
            double j = alpha - i;
            double logT0 = logCoefficient + (i * logQ) + (j * log1MinusQ);
            double logT1 = logCoefficient + (j * logQ) + (i * log1MinusQ);
            double logE0 = logHalf + ErrorFunction.LogErfc((i - z0) / sqrt2Sigma);
            double logE1 = logHalf + ErrorFunction.LogErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + (((double)i * i - i) / twoSigmaSquared) + logE0;
            double logS1 = logT1 + (((j * j) - j) / twoSigmaSquared) + logE1;
            if (positive)
            {
                logA0 = LogSpace.Add(logA0, logS0);
                logA1 = LogSpace.Add(logA1, logS1);
            }
            else
            {
                logA0 = LogSpace.Subtract(logA0, logS0);
                logA1 = LogSpace.Subtract(logA1, logS1);
            }

            if (Math.Max(logS0, logS1) < -30)
            {
                return LogSpace.Add(logA0, logA1);
            }

            if (i == MaxSeriesTerms)
            {
                throw new ArithmeticException($"The RDP series for q = {q}, σ = {sigma}, α = {alpha} did not converge.");
            }

            // C(α, i + 1) = C(α, i)·(α − i)/(i + 1).
            logCoefficient += Math.Log(Math.Abs(alpha - i)) - Math.Log(i + 1.0);
            positive ^= alpha - i < 0;
        }
    }
}
