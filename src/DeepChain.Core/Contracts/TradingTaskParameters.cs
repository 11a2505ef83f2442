using System.Buffers.Binary;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The terms of a training task, fixed when it is opened: the model, the aggregation scheme and threshold, the number of
/// rounds and their block-height schedule, each party's deposit and penalty, and the owner's reward budget.
/// </summary>
/// <remarks>
/// <para>Deadlines are block heights, inclusive. Registration is open up to <see cref="RegistrationDeadline"/>. Round r
/// (from 0) then takes <see cref="RoundBlocks"/> heights from <c>RoundStart(r) = RegistrationDeadline + 1 + r ·
/// RoundBlocks</c>, in three consecutive phases:</para>
/// <code>
/// gradients    [start, start + G − 1]                   parties submit encrypted gradients (TradingSubmitGradient)
/// aggregation  [start + G, start + G + A − 1]            workers aggregate (ProcessingContract)
/// decryption   [start + G + A, start + G + A + D − 1]    parties submit decryption shares (TradingSubmitDecryptionShare)
/// close        from RoundStart(r + 1)                    anyone closes the round (TradingCloseRound)
/// finish       from RoundStart(Rounds), every round closed
/// </code>
/// <para>Money: the owner hands <see cref="RewardBudget"/> to the task when opening it; each round's close pays
/// <see cref="RoundReward"/> = ⌊RewardBudget / Rounds⌋ plus that round's forfeited penalties to the parties that
/// behaved. Each fault (no gradient in a round, or an invalid decryption share) forfeits <see cref="Penalty"/> =
/// ⌊Deposit · PenaltyBasisPoints / 10 000⌋ of the party's deposit, or what is left of it.</para>
/// </remarks>
/// <param name="ModelDigest">The SHA-256 of the initial model (or of its description).</param>
/// <param name="ParameterCount">The number of model parameters (the length of every gradient), positive.</param>
/// <param name="Rounds">The number of rounds, 1 to <see cref="MaxRounds"/>.</param>
/// <param name="AggregationScheme">The code of the aggregation scheme (an <see cref="Aggregation.AggregationSchemeKind"/>);
/// opaque to the contract, which never decrypts anything.</param>
/// <param name="Threshold">The valid decryption shares a round needs to decrypt (1 to <paramref name="MinParties"/>).</param>
/// <param name="MinParties">The fewest registered parties for the task to run (at least 1).</param>
/// <param name="MaxParties">The most parties (at least <paramref name="MinParties"/>, at most <see cref="MaxPartiesLimit"/>).</param>
/// <param name="Deposit">Each party's deposit, in the smallest unit (positive).</param>
/// <param name="PenaltyBasisPoints">The part of the deposit forfeited per fault, in basis points (0 to 10 000).</param>
/// <param name="RewardBudget">The reward budget the owner hands to the task when opening it (may be 0).</param>
/// <param name="RegistrationDeadline">The last height at which a party may register (not before the opening block).</param>
/// <param name="GradientBlocks">The length of each round's gradient phase in blocks (1 to <see cref="MaxPhaseBlocks"/>).</param>
/// <param name="AggregationBlocks">The length of each round's aggregation phase in blocks (1 to <see cref="MaxPhaseBlocks"/>).</param>
/// <param name="DecryptionBlocks">The length of each round's decryption phase in blocks (1 to <see cref="MaxPhaseBlocks"/>).</param>
public sealed record TradingTaskParameters(
    BlobId ModelDigest,
    long ParameterCount,
    int Rounds,
    byte AggregationScheme,
    int Threshold,
    int MinParties,
    int MaxParties,
    ulong Deposit,
    int PenaltyBasisPoints,
    ulong RewardBudget,
    long RegistrationDeadline,
    int GradientBlocks,
    int AggregationBlocks,
    int DecryptionBlocks)
{
    /// <summary>The most rounds a task may have.</summary>
    public const int MaxRounds = 100_000;

    /// <summary>The most parties a task may have.</summary>
    public const int MaxPartiesLimit = 4096;

    /// <summary>The longest phase of a round, in blocks.</summary>
    public const int MaxPhaseBlocks = 1_000_000;

    /// <summary>The basis points of a whole deposit.</summary>
    public const int BasisPointsPerUnit = 10_000;

    /// <summary>The encoded size in bytes.</summary>
    internal const int EncodedSize = 32 + 8 + 4 + 1 + 4 + 4 + 4 + 8 + 4 + 8 + 8 + 4 + 4 + 4;

    /// <summary>Gets the length of one round in blocks: the gradient, aggregation and decryption phases.</summary>
    public long RoundBlocks => (long)GradientBlocks + AggregationBlocks + DecryptionBlocks;

    /// <summary>Gets the amount of the deposit forfeited per fault: ⌊Deposit · PenaltyBasisPoints / 10 000⌋.</summary>
    /// <remarks>Valid terms only (<see cref="Validate"/>); the product is computed in 128 bits.</remarks>
    public ulong Penalty => (ulong)((UInt128)Deposit * (uint)Math.Clamp(PenaltyBasisPoints, 0, BasisPointsPerUnit) / BasisPointsPerUnit);

    /// <summary>Gets the part of the reward budget paid out by each round's close: ⌊RewardBudget / Rounds⌋.</summary>
    /// <remarks>The remainder, with any reward no party earned, goes back to the owner when the task is finished.</remarks>
    public ulong RoundReward => Rounds > 0 ? RewardBudget / (ulong)Rounds : 0;

    /// <summary>Gets the first height at which a task can be finished: the start of the round after the last.</summary>
    public long FinishFrom => RoundStart(Rounds);

    /// <summary>Gets the first height of a round (its gradient phase).</summary>
    /// <param name="round">The round, 0 to <see cref="Rounds"/> (the latter gives <see cref="FinishFrom"/>).</param>
    /// <returns><c>RegistrationDeadline + 1 + round · RoundBlocks</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="round"/> is out of range.</exception>
    public long RoundStart(int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(round, Rounds);
        return checked(RegistrationDeadline + 1 + (round * RoundBlocks));
    }

    /// <summary>Gets the heights at which a round takes encrypted gradients.</summary>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="round"/> is not a round of the task.</exception>
    public HeightWindow GradientWindow(int round)
    {
        long start = RoundStart(CheckRound(round));
        return new HeightWindow(start, start + GradientBlocks - 1);
    }

    /// <summary>Gets the heights at which the processing contract takes a round's aggregates.</summary>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="round"/> is not a round of the task.</exception>
    public HeightWindow AggregationWindow(int round)
    {
        long start = RoundStart(CheckRound(round)) + GradientBlocks;
        return new HeightWindow(start, start + AggregationBlocks - 1);
    }

    /// <summary>Gets the heights at which a round takes decryption shares.</summary>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="round"/> is not a round of the task.</exception>
    public HeightWindow DecryptionWindow(int round)
    {
        long start = RoundStart(CheckRound(round)) + GradientBlocks + AggregationBlocks;
        return new HeightWindow(start, start + DecryptionBlocks - 1);
    }

    /// <summary>Checks the terms.</summary>
    /// <returns><see langword="null"/> when valid, else the reason.</returns>
    public string? Validate()
    {
        if (Rounds < 1 || Rounds > MaxRounds)
        {
            return $"a task has 1 to {MaxRounds} rounds, not {Rounds}";
        }

        if (ParameterCount < 1)
        {
            return $"the parameter count must be positive, not {ParameterCount}";
        }

        if (Deposit == 0)
        {
            return "the deposit must be positive";
        }

        if (PenaltyBasisPoints < 0 || PenaltyBasisPoints > BasisPointsPerUnit)
        {
            return $"the penalty must be 0 to {BasisPointsPerUnit} basis points, not {PenaltyBasisPoints}";
        }

        if (MinParties < 1 || MaxParties < MinParties || MaxParties > MaxPartiesLimit)
        {
            return $"party limits must satisfy 1 ≤ min ({MinParties}) ≤ max ({MaxParties}) ≤ {MaxPartiesLimit}";
        }

        if (Threshold < 1 || Threshold > MinParties)
        {
            return $"the threshold must be 1 to the minimum party count ({MinParties}), not {Threshold}";
        }

        if (!InPhaseRange(GradientBlocks) || !InPhaseRange(AggregationBlocks) || !InPhaseRange(DecryptionBlocks))
        {
            return $"each phase of a round takes 1 to {MaxPhaseBlocks} blocks";
        }

        // RoundStart(Rounds) = RegistrationDeadline + 1 + Rounds · RoundBlocks must fit in a long.
        Int128 end = (Int128)RegistrationDeadline + 1 + ((Int128)Rounds * RoundBlocks);
        return RegistrationDeadline < 0 || end > long.MaxValue ? "the registration deadline is out of range" : null;
    }

    internal void Write(Span<byte> destination)
    {
        ModelDigest.CopyTo(destination);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], ParameterCount);
        BinaryPrimitives.WriteInt32LittleEndian(destination[40..], Rounds);
        destination[44] = AggregationScheme;
        BinaryPrimitives.WriteInt32LittleEndian(destination[45..], Threshold);
        BinaryPrimitives.WriteInt32LittleEndian(destination[49..], MinParties);
        BinaryPrimitives.WriteInt32LittleEndian(destination[53..], MaxParties);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[57..], Deposit);
        BinaryPrimitives.WriteInt32LittleEndian(destination[65..], PenaltyBasisPoints);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[69..], RewardBudget);
        BinaryPrimitives.WriteInt64LittleEndian(destination[77..], RegistrationDeadline);
        BinaryPrimitives.WriteInt32LittleEndian(destination[85..], GradientBlocks);
        BinaryPrimitives.WriteInt32LittleEndian(destination[89..], AggregationBlocks);
        BinaryPrimitives.WriteInt32LittleEndian(destination[93..], DecryptionBlocks);
    }

    internal static TradingTaskParameters Read(ReadOnlySpan<byte> source) => new(
        new BlobId(source[..32]),
        BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[40..]),
        source[44],
        BinaryPrimitives.ReadInt32LittleEndian(source[45..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[49..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[53..]),
        BinaryPrimitives.ReadUInt64LittleEndian(source[57..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[65..]),
        BinaryPrimitives.ReadUInt64LittleEndian(source[69..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[77..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[85..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[89..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[93..]));

    private static bool InPhaseRange(int blocks) => blocks >= 1 && blocks <= MaxPhaseBlocks;

    private int CheckRound(int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(round, Rounds);
        return round;
    }
}
