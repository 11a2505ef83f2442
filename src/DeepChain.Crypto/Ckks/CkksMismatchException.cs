namespace DeepChain.Crypto.Ckks;

/// <summary>
/// Thrown when CKKS operands do not fit together: different contexts (parameters), levels, scales or sizes, or a key
/// made for other parameters.
/// </summary>
public sealed class CkksMismatchException : ArgumentException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CkksMismatchException()
        : this("The CKKS operands do not match.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CkksMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CkksMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CkksMismatchException(string message, string parameterName)
        : base(message, parameterName)
    {
    }

    internal static void ThrowIfOtherContext(CkksContext expected, CkksContext actual, string parameterName)
    {
        if (!ReferenceEquals(expected, actual) && !expected.Parameters.Equals(actual.Parameters))
        {
            throw new CkksMismatchException($"'{parameterName}' belongs to other CKKS parameters ({actual.Parameters}, expected {expected.Parameters}).", parameterName);
        }
    }

    internal static void ThrowIfDifferent(int leftLimbs, double leftScale, int rightLimbs, double rightScale, string parameterName)
    {
        if (leftLimbs != rightLimbs)
        {
            throw new CkksMismatchException($"The operands are at different levels ({leftLimbs - 1} and {rightLimbs - 1}); mod-switch the higher one down first.", parameterName);
        }

        if (!ScalesMatch(leftScale, rightScale))
        {
            throw new CkksMismatchException($"The operands have different scales (2^{Math.Log2(leftScale):0.###} and 2^{Math.Log2(rightScale):0.###}).", parameterName);
        }
    }

    internal static bool ScalesMatch(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(a, b);
}
