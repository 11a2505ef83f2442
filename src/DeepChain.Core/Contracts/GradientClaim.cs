using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>What a <see cref="IGradientVerifier"/> is asked to judge: one party's encrypted gradient for one round.</summary>
/// <param name="Task">The task.</param>
/// <param name="Round">The round, from 0.</param>
/// <param name="Party">The party that submitted the gradient.</param>
/// <param name="PartyIndex">The party's position in the task's registration order, from 0.</param>
/// <param name="Gradient">The blob holding the encrypted gradient.</param>
public readonly record struct GradientClaim(TaskId Task, int Round, AccountAddress Party, int PartyIndex, BlobReference Gradient);
