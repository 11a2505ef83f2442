using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>Stake taken from an assigned worker when an attempt was settled.</summary>
/// <param name="Worker">The worker.</param>
/// <param name="Fault">What the worker did wrong.</param>
/// <param name="Amount">The amount taken (the configured penalty; 0 when that penalty is 0).</param>
public readonly record struct WorkerPenalty(AccountAddress Worker, WorkerFault Fault, ulong Amount);
