using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The canonical payload encodings of the trading contract's transactions (integers little-endian), one builder per
/// transaction type.
/// </summary>
/// <remarks>
/// <code>
/// TradingOpenTask:                model digest (32) | parameter count i64 | rounds i32 | aggregation scheme u8 |
///                                 threshold i32 | min parties i32 | max parties i32 | deposit u64 |
///                                 penalty basis points i32 | reward budget u64 | registration deadline i64 |
///                                 gradient blocks i32 | aggregation blocks i32 | decryption blocks i32
/// TradingRegister, TradingFinishTask:                   task id (32)
/// TradingCloseRound:                                     task id (32) | round i32
/// TradingSubmitGradient, TradingSubmitDecryptionShare:   task id (32) | round i32 | blob SHA-256 (32) | blob length i64
/// </code>
/// The contract demands the exact length, so each payload has one encoding.
/// </remarks>
public static class TradingPayloads
{
    internal const int TaskRoundSize = TaskId.Size + 4;

    internal const int BlobPayloadSize = TaskRoundSize + BlobId.Size + 8;

    /// <summary>Encodes the terms of a new task (<see cref="TransactionType.TradingOpenTask"/>).</summary>
    /// <param name="parameters">The terms.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public static byte[] OpenTask(TradingTaskParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        byte[] payload = new byte[TradingTaskParameters.EncodedSize];
        parameters.Write(payload);
        return payload;
    }

    /// <summary>Encodes a registration for a task (<see cref="TransactionType.TradingRegister"/>).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The payload.</returns>
    public static byte[] Register(TaskId task) => task.ToArray();

    /// <summary>Encodes the finish of a task (<see cref="TransactionType.TradingFinishTask"/>).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The payload.</returns>
    public static byte[] FinishTask(TaskId task) => task.ToArray();

    /// <summary>Encodes a payload that names only a task (a registration or a finish).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The payload.</returns>
    public static byte[] Task(TaskId task) => task.ToArray();

    /// <summary>Encodes an encrypted gradient submission (<see cref="TransactionType.TradingSubmitGradient"/>).</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <param name="gradient">The blob holding the encrypted gradient.</param>
    /// <returns>The payload.</returns>
    public static byte[] SubmitGradient(TaskId task, int round, BlobReference gradient) => RoundBlob(task, round, gradient);

    /// <summary>Encodes a decryption share submission (<see cref="TransactionType.TradingSubmitDecryptionShare"/>).</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <param name="share">The blob holding the decryption share and its proof.</param>
    /// <returns>The payload.</returns>
    public static byte[] SubmitDecryptionShare(TaskId task, int round, BlobReference share) => RoundBlob(task, round, share);

    /// <summary>Encodes the close of a round (<see cref="TransactionType.TradingCloseRound"/>).</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The payload.</returns>
    public static byte[] CloseRound(TaskId task, int round) => TaskRound(task, round);

    /// <summary>Encodes a task and a round (the layout of <see cref="CloseRound"/> and of the processing contract's
    /// assignments and settlements).</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <returns>The payload.</returns>
    public static byte[] TaskRound(TaskId task, int round)
    {
        byte[] payload = new byte[TaskRoundSize];
        task.CopyTo(payload);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(TaskId.Size), round);
        return payload;
    }

    /// <summary>Encodes a task, a round and a blob (the layout of gradient, decryption share and aggregate submissions).</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <param name="blob">The blob (an encrypted gradient, a decryption share with its proof, or an aggregate).</param>
    /// <returns>The payload.</returns>
    public static byte[] RoundBlob(TaskId task, int round, BlobReference blob)
    {
        byte[] payload = new byte[BlobPayloadSize];
        task.CopyTo(payload);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(TaskId.Size), round);
        blob.Id.CopyTo(payload.AsSpan(TaskRoundSize));
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(TaskRoundSize + BlobId.Size), blob.Length);
        return payload;
    }

    internal static bool TryReadTask(ReadOnlySpan<byte> payload, out TaskId task, [NotNullWhen(false)] out string? reason)
    {
        task = default;
        if (payload.Length != TaskId.Size)
        {
            reason = $"the payload has {payload.Length} bytes; a task id takes {TaskId.Size}";
            return false;
        }

        task = new TaskId(payload);
        reason = null;
        return true;
    }

    internal static bool TryReadTaskRound(ReadOnlySpan<byte> payload, out TaskId task, out int round, [NotNullWhen(false)] out string? reason)
    {
        task = default;
        round = 0;
        if (payload.Length != TaskRoundSize)
        {
            reason = $"the payload has {payload.Length} bytes; a task and a round take {TaskRoundSize}";
            return false;
        }

        task = new TaskId(payload[..TaskId.Size]);
        round = BinaryPrimitives.ReadInt32LittleEndian(payload[TaskId.Size..]);
        reason = null;
        return true;
    }

    internal static bool TryReadRoundBlob(ReadOnlySpan<byte> payload, out TaskId task, out int round, out BlobReference blob, [NotNullWhen(false)] out string? reason)
    {
        task = default;
        round = 0;
        blob = default;
        if (payload.Length != BlobPayloadSize)
        {
            reason = $"the payload has {payload.Length} bytes; a task, a round and a blob reference take {BlobPayloadSize}";
            return false;
        }

        task = new TaskId(payload[..TaskId.Size]);
        round = BinaryPrimitives.ReadInt32LittleEndian(payload[TaskId.Size..]);
        long length = BinaryPrimitives.ReadInt64LittleEndian(payload[(TaskRoundSize + BlobId.Size)..]);
        if (length < 0)
        {
            reason = $"the blob length {length} is negative";
            return false;
        }

        blob = new BlobReference(new BlobId(payload.Slice(TaskRoundSize, BlobId.Size)), length);
        reason = null;
        return true;
    }
}
