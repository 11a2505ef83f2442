using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>What a <see cref="IDecryptionShareVerifier"/> is asked to judge: one party's decryption share for one round.</summary>
/// <param name="Task">The task.</param>
/// <param name="Round">The round, from 0.</param>
/// <param name="Party">The party that submitted the share.</param>
/// <param name="PartyIndex">The party's position in the task's registration order, from 0 (the index of its key share).</param>
/// <param name="Share">The blob holding the share and its proof.</param>
public readonly record struct DecryptionShareClaim(TaskId Task, int Round, AccountAddress Party, int PartyIndex, BlobReference Share);
