using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The terms of a training task, fixed when it is opened: the model, the number of rounds and their deadlines, the
/// deposit each party escrows, and how many parties and decryption shares are needed.
/// </summary>
/// <remarks>
/// Times are Unix milliseconds compared with block timestamps. Registration is open until
/// <see cref="RegistrationDeadline"/>; round r (from 0) takes gradients in
/// (<c>RegistrationDeadline + r·RoundDuration</c>, <c>RegistrationDeadline + (r+1)·RoundDuration</c>], and
/// decryption shares for round r after that window until <see cref="SharesDeadline"/>; the task can be finished after
/// <see cref="SharesDeadline"/>.
/// </remarks>
/// <param name="ModelDigest">The SHA-256 of the initial model (or of its description).</param>
/// <param name="Rounds">The number of rounds, 1 to <see cref="MaxRounds"/>.</param>
/// <param name="RegistrationDeadline">The last moment to register (Unix ms).</param>
/// <param name="RoundDuration">The length of each round's submission window (ms, positive).</param>
/// <param name="Deposit">Each party's deposit, in the smallest unit (positive).</param>
/// <param name="MinParties">The fewest registered parties for the task to run (at least 1).</param>
/// <param name="MaxParties">The most parties (at least <paramref name="MinParties"/>, at most <see cref="MaxPartiesLimit"/>).</param>
/// <param name="Threshold">The decryption shares needed per round (1 to <paramref name="MinParties"/>).</param>
public sealed record TradingTaskParameters(
    BlobId ModelDigest, int Rounds, long RegistrationDeadline, long RoundDuration, ulong Deposit, int MinParties, int MaxParties, int Threshold)
{
    /// <summary>The most rounds a task may have.</summary>
    public const int MaxRounds = 100_000;

    /// <summary>The most parties a task may have.</summary>
    public const int MaxPartiesLimit = 4096;

    /// <summary>The encoded size in bytes.</summary>
    internal const int EncodedSize = 32 + 4 + 8 + 8 + 8 + 4 + 4 + 4;

    /// <summary>Gets the end of the last round's submission window (Unix ms).</summary>
    public long SubmissionsEnd => RegistrationDeadline + (Rounds * RoundDuration);

    /// <summary>Gets the end of the decryption-share window: one round duration after the last submission window.</summary>
    public long SharesDeadline => SubmissionsEnd + RoundDuration;

    /// <summary>Checks the terms.</summary>
    /// <returns><see langword="null"/> when valid, else the reason.</returns>
    public string? Validate()
    {
        if (Rounds < 1 || Rounds > MaxRounds)
        {
            return $"a task has 1 to {MaxRounds} rounds, not {Rounds}";
        }

        if (RoundDuration <= 0)
        {
            return "the round duration must be positive";
        }

        if (Deposit == 0)
        {
            return "the deposit must be positive";
        }

        if (MinParties < 1 || MaxParties < MinParties || MaxParties > MaxPartiesLimit)
        {
            return $"party limits must satisfy 1 ≤ min ({MinParties}) ≤ max ({MaxParties}) ≤ {MaxPartiesLimit}";
        }

        if (Threshold < 1 || Threshold > MinParties)
        {
            return $"the threshold must be 1 to the minimum party count ({MinParties}), not {Threshold}";
        }

        // RegistrationDeadline + (Rounds + 1) · RoundDuration must not overflow.
        Int128 end = (Int128)RegistrationDeadline + ((Int128)(Rounds + 1) * RoundDuration);
        return end > long.MaxValue || RegistrationDeadline < 0 ? "the deadlines are out of range" : null;
    }

    internal void Write(Span<byte> destination)
    {
        ModelDigest.CopyTo(destination);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(destination[32..], Rounds);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(destination[36..], RegistrationDeadline);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(destination[44..], RoundDuration);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[52..], Deposit);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(destination[60..], MinParties);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(destination[64..], MaxParties);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(destination[68..], Threshold);
    }

    internal static TradingTaskParameters Read(ReadOnlySpan<byte> source) => new(
        new BlobId(source[..32]),
        System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(source[32..]),
        System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(source[36..]),
        System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(source[44..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(source[52..]),
        System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(source[60..]),
        System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(source[64..]),
        System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(source[68..]));
}
