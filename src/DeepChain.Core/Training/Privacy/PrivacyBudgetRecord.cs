using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Training.Privacy;

/// <summary>A snapshot of a task's privacy budget in the <see cref="PrivacyBudgetContract"/>.</summary>
/// <param name="Task">The trading task.</param>
/// <param name="Owner">The task owner, who opened the budget and records the spending.</param>
/// <param name="Terms">The terms fixed when the budget was opened.</param>
/// <param name="RoundsRecorded">How many rounds' spending is recorded (rounds 0 to this − 1).</param>
/// <param name="Spent">The guarantee after the last recorded round, or <see langword="null"/> before the first.</param>
public sealed record PrivacyBudgetRecord(TaskId Task, AccountAddress Owner, PrivacyBudgetTerms Terms, int RoundsRecorded, PrivacySpent? Spent);
