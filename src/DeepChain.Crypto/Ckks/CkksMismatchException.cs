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

    /// <summary>Checks a destination ciphertext once, at the public edge: not null, same parameters, and exactly the size and
    /// limb count the operation writes.</summary>
    internal static void ThrowIfWrongDestination(CkksContext expected, CkksCiphertext destination, int size, int limbs)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ThrowIfOtherContext(expected, destination.Context, nameof(destination));
        if (destination.Size != size || destination.LimbCount != limbs)
        {
            throw new CkksMismatchException(
                $"The destination has size {destination.Size} at level {destination.Level}; this operation writes size {size} at level {limbs - 1} " +
                $"(create it with CkksCiphertext.Create(context, {size}, {limbs - 1})).",
                nameof(destination));
        }
    }

    /// <summary>Checks a destination plaintext: not null, same parameters, and exactly the limb count the operation writes.</summary>
    internal static void ThrowIfWrongDestination(CkksContext expected, CkksPlaintext destination, int limbs)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ThrowIfOtherContext(expected, destination.Context, nameof(destination));
        if (destination.LimbCount != limbs)
        {
            throw new CkksMismatchException(
                $"The destination is at level {destination.Level}; this operation writes level {limbs - 1} (create it with CkksPlaintext.Create(context, {limbs - 1})).",
                nameof(destination));
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
