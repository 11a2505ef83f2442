namespace DeepChain.Core.Training.Privacy;

/// <summary>Arithmetic on logarithms of non-negative numbers, and the accurate ln(1 + x) and eˣ − 1 the BCL lacks
/// (<c>double.LogP1</c> and <c>double.ExpM1</c> compute ln(x + 1) and eˣ − 1 naively, losing every digit for tiny x).</summary>
internal static class LogSpace
{
    /// <summary>ln(eˣ + eʸ), exact for −∞ operands.</summary>
    public static double Add(double x, double y)
    {
        double high = Math.Max(x, y);
        double low = Math.Min(x, y);
        return double.IsNegativeInfinity(low) ? high : high + Log1P(Math.Exp(low - high));
    }

    /// <summary>ln(eˣ − eʸ) for x ≥ y.</summary>
    /// <exception cref="ArithmeticException">x &lt; y: the difference would be negative.</exception>
    public static double Subtract(double x, double y)
    {
        if (x < y)
        {
            throw new ArithmeticException("The result of a subtraction in log space must be non-negative.");
        }

        if (double.IsNegativeInfinity(y))
        {
            return x;
        }

        return x == y ? double.NegativeInfinity : y + Math.Log(ExpM1(x - y));
    }

    /// <summary>ln(1 + x) for x ≥ −1, accurate for tiny x (Goldberg's correction of the rounded 1 + x).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : double.IsPositiveInfinity(u) ? u : Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1, accurate for tiny x (Kahan's correction through ln of the rounded eˣ).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        return um1 == -1 || double.IsPositiveInfinity(u) ? um1 : um1 * x / Math.Log(u);
    }
}
