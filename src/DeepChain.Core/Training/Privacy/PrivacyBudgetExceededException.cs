namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// A round was refused because running it would take the privacy spent past the session's ε budget. Nothing ran:
/// no party trained, nothing was uploaded or recorded, and the models and the ledger are as they were.
/// </summary>
public sealed class PrivacyBudgetExceededException : InvalidOperationException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public PrivacyBudgetExceededException()
        : this("The round would exceed the privacy budget.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PrivacyBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PrivacyBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refused round.</summary>
    /// <param name="round">The refused round, from 0.</param>
    /// <param name="wouldSpend">The guarantee the session would have after the round.</param>
    /// <param name="budget">The ε budget.</param>
    public PrivacyBudgetExceededException(int round, PrivacySpent wouldSpend, double budget)
        : base($"Round {round} is refused: it would spend ε = {wouldSpend.Epsilon:G6} at δ = {wouldSpend.Delta:G3}, over the budget of ε = {budget:G6}.")
    {
        Round = round;
        WouldSpend = wouldSpend;
        Budget = budget;
    }

    /// <summary>Gets the refused round, from 0.</summary>
    public int Round { get; }

    /// <summary>Gets the guarantee the session would have had after the round.</summary>
    public PrivacySpent WouldSpend { get; }

    /// <summary>Gets the ε budget.</summary>
    public double Budget { get; }
}
