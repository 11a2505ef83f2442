using System.Buffers.Binary;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The canonical payload encodings of the processing contract's transactions (integers little-endian), one builder per
/// transaction type.
/// </summary>
/// <remarks>
/// <code>
/// ProcessingFundTask:         task id (32) | budget u64 | reward per round u64 | worker stake u64 | committee size i32 |
///                             dissent penalty basis points i32 | absence penalty basis points i32 | attempt blocks i32
/// ProcessingStake, ProcessingCloseTask:            task id (32)
/// ProcessingAssignRound, ProcessingSettleRound:    task id (32) | round i32
/// ProcessingSubmitAggregate:                       task id (32) | round i32 | blob SHA-256 (32) | blob length i64
/// </code>
/// The contract demands the exact length, so each payload has one encoding.
/// </remarks>
public static class ProcessingPayloads
{
    /// <summary>Encodes the funding of a task (<see cref="TransactionType.ProcessingFundTask"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="terms">The processing terms.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    public static byte[] FundTask(TaskId task, ProcessingTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        byte[] payload = new byte[ProcessingTerms.EncodedSize];
        task.CopyTo(payload);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(32), terms.Budget);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(40), terms.RewardPerRound);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(48), terms.WorkerStake);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(56), terms.CommitteeSize);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(60), terms.DissentPenaltyBasisPoints);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(64), terms.AbsencePenaltyBasisPoints);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(68), terms.AttemptBlocks);
        return payload;
    }

    /// <summary>Encodes a worker's stake for a task (<see cref="TransactionType.ProcessingStake"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <returns>The payload.</returns>
    public static byte[] Stake(TaskId task) => task.ToArray();

    /// <summary>Encodes the draw of a round's committee (<see cref="TransactionType.ProcessingAssignRound"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The payload.</returns>
    public static byte[] AssignRound(TaskId task, int round) => TradingPayloads.TaskRound(task, round);

    /// <summary>Encodes an assigned worker's aggregate (<see cref="TransactionType.ProcessingSubmitAggregate"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <param name="aggregate">The blob holding the aggregate ciphertext; its hash is what workers agree on.</param>
    /// <returns>The payload.</returns>
    public static byte[] SubmitAggregate(TaskId task, int round, BlobReference aggregate) => TradingPayloads.RoundBlob(task, round, aggregate);

    /// <summary>Encodes the settlement of a round's current attempt (<see cref="TransactionType.ProcessingSettleRound"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The payload.</returns>
    public static byte[] SettleRound(TaskId task, int round) => TradingPayloads.TaskRound(task, round);

    /// <summary>Encodes the close of a task's processing (<see cref="TransactionType.ProcessingCloseTask"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <returns>The payload.</returns>
    public static byte[] CloseTask(TaskId task) => task.ToArray();

    internal static ProcessingTerms ReadTerms(ReadOnlySpan<byte> payload) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(payload[32..]),
        BinaryPrimitives.ReadUInt64LittleEndian(payload[40..]),
        BinaryPrimitives.ReadUInt64LittleEndian(payload[48..]),
        BinaryPrimitives.ReadInt32LittleEndian(payload[56..]),
        BinaryPrimitives.ReadInt32LittleEndian(payload[60..]),
        BinaryPrimitives.ReadInt32LittleEndian(payload[64..]),
        BinaryPrimitives.ReadInt32LittleEndian(payload[68..]));
}
