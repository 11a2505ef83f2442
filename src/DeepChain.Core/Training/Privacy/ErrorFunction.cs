namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// The complementary error function in double precision, with its scaled form and its logarithm, for the privacy
/// accountant (the BCL has none).
/// </summary>
/// <remarks>
/// W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the error function",
/// Math. Comp. 23 (1969) 631–637; the coefficient sets of SPECFUN's CALERF): erf on [0, 0.46875], erfcx(x) =
/// exp(x²)·erfc(x) on [0.46875, 4] and in 1/x² beyond 4, each to about 1e-16 relative. Because the scaled form never
/// underflows, <see cref="LogErfc"/> is accurate for arguments far beyond where erfc itself is 0 in double precision
/// (ln erfc(x) = ln erfcx(x) − x²), which the fractional-order series of the sampled Gaussian needs.
/// </remarks>
internal static class ErrorFunction
{
    private const double SmallLimit = 0.46875;
    private const double OneOverSqrtPi = 0.56418958354775628695;

    private static readonly double[] s_a = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] s_b = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static readonly double[] s_c =
    [
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
        1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8,
    ];

    private static readonly double[] s_d =
    [
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
        4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03,
    ];

    private static readonly double[] s_p = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] s_q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>erfc(x) = 1 − erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double y = Math.Abs(x);
        double upper = y < SmallLimit ? 1 - SmallErf(y) : Erfcx(y) * Math.Exp(-y * y);
        return x >= 0 ? upper : 2 - upper;
    }

    /// <summary>erfcx(x) = exp(x²)·erfc(x) for x ≥ 0.</summary>
    public static double Erfcx(double x)
    {
        if (x < SmallLimit)
        {
            return Math.Exp(x * x) * (1 - SmallErf(x));
        }

        if (x <= 4)
        {
            double num = s_c[8] * x;
            double den = x;
            for (int i = 0; i < 7; i++)
            {
                num = (num + s_c[i]) * x;
                den = (den + s_d[i]) * x;
            }

            return (num + s_c[7]) / (den + s_d[7]);
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        double z = 1 / (x * x);
        double n = s_p[5] * z;
        double d = z;
        for (int i = 0; i < 4; i++)
        {
            n = (n + s_p[i]) * z;
            d = (d + s_q[i]) * z;
        }

        return (OneOverSqrtPi - (z * (n + s_p[4]) / (d + s_q[4]))) / x;
    }

    /// <summary>ln erfc(x), finite for every finite x (about −x² − ln(x√π) for large x).</summary>
    public static double LogErfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            // erfc(x) = 2 − erfc(−x) lies in (1, 2].
            return Math.Log(2 - Erfc(-x));
        }

        if (x < SmallLimit)
        {
            return LogSpace.Log1P(-SmallErf(x));
        }

        return double.IsPositiveInfinity(x) ? double.NegativeInfinity : Math.Log(Erfcx(x)) - (x * x);
    }

    /// <summary>erf(x) for 0 ≤ x &lt; 0.46875 (Cody's first interval).</summary>
    private static double SmallErf(double x)
    {
        double z = x * x;
        double num = s_a[4] * z;
        double den = z;
        for (int i = 0; i < 3; i++)
        {
            num = (num + s_a[i]) * z;
            den = (den + s_b[i]) * z;
        }

        return x * (num + s_a[3]) / (den + s_b[3]);
    }
}
