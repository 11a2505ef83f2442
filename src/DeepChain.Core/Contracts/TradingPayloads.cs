using System.Buffers.Binary;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>
/// The canonical payload encodings of the trading contract's transactions (integers little-endian).
/// </summary>
/// <remarks>
/// <code>
/// TradingOpenTask:               model digest (32) | rounds i32 | registration deadline i64 | round duration i64 |
///                                deposit u64 | min parties i32 | max parties i32 | threshold i32
/// TradingRegister, TradingFinishTask: task id (32)
/// TradingSubmitGradient, TradingSubmitDecryptionShare: task id (32) | round i32 | blob SHA-256 (32) | blob length u64
/// </code>
/// The contract demands the exact length, so each payload has one encoding.
/// </remarks>
public static class TradingPayloads
{
    internal const int BlobPayloadSize = TaskId.Size + 4 + BlobId.Size + 8;

    /// <summary>Encodes the terms of a new task.</summary>
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

    /// <summary>Encodes a registration (or a finish) naming a task.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The payload.</returns>
    public static byte[] Task(TaskId task) => task.ToArray();

    /// <summary>Encodes a gradient submission or a decryption share: the task, the round and the blob holding the data.</summary>
    /// <param name="task">The task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <param name="blob">The blob (an encrypted gradient, or a decryption share with its proof).</param>
    /// <returns>The payload.</returns>
    public static byte[] RoundBlob(TaskId task, int round, BlobReference blob)
    {
        byte[] payload = new byte[BlobPayloadSize];
        task.CopyTo(payload);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(TaskId.Size), round);
        blob.Id.CopyTo(payload.AsSpan(TaskId.Size + 4));
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(TaskId.Size + 4 + BlobId.Size), blob.Length);
        return payload;
    }

    internal static bool TryReadRoundBlob(ReadOnlySpan<byte> payload, out TaskId task, out int round, out BlobReference blob, out string? reason)
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
        long length = BinaryPrimitives.ReadInt64LittleEndian(payload[(TaskId.Size + 4 + BlobId.Size)..]);
        if (length < 0)
        {
            reason = $"the blob length {length} is negative";
            return false;
        }

        blob = new BlobReference(new BlobId(payload.Slice(TaskId.Size + 4, BlobId.Size)), length);
        reason = null;
        return true;
    }
}
