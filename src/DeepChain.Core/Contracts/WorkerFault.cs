namespace DeepChain.Core.Contracts;

/// <summary>Why an assigned worker loses part of its stake when an attempt at a round is settled.</summary>
public enum WorkerFault
{
    /// <summary>The worker's aggregate differs from the one the majority of the committee agreed on.</summary>
    Dissent = 1,

    /// <summary>The worker submitted nothing in the attempt's window (it is marked absent).</summary>
    Absent = 2,
}
