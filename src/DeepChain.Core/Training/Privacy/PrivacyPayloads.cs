using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using DeepChain.Core.Contracts;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// The canonical payload encodings of the privacy budget contract's transactions (little-endian; doubles as their
/// IEEE 754 bits), each starting with a format version so later versions can be added beside this one.
/// </summary>
/// <remarks>
/// <code>
/// PrivacyOpenBudget:   version u8 (1) | task id (32) | noise multiplier f64 | clip norm f64 | sampling rate f64 |
///                      δ f64 | ε budget f64 (+∞: no limit)
/// PrivacyRecordSpend:  version u8 (1) | task id (32) | round i32 | ε f64 | order f64
/// </code>
/// The contract demands the exact length for the version, so each payload has one encoding.
/// </remarks>
public static class PrivacyPayloads
{
    /// <summary>The format version these builders write.</summary>
    public const byte Version = 1;

    internal const int OpenBudgetSize = 1 + TaskId.Size + (5 * sizeof(double));

    internal const int RecordSpendSize = 1 + TaskId.Size + sizeof(int) + (2 * sizeof(double));

    /// <summary>Encodes the opening of a task's privacy budget (<see cref="TransactionType.PrivacyOpenBudget"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="terms">The terms.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    public static byte[] OpenBudget(TaskId task, PrivacyBudgetTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        byte[] payload = new byte[OpenBudgetSize];
        payload[0] = Version;
        task.CopyTo(payload.AsSpan(1));
        Span<byte> values = payload.AsSpan(1 + TaskId.Size);
        BinaryPrimitives.WriteDoubleLittleEndian(values, terms.NoiseMultiplier);
        BinaryPrimitives.WriteDoubleLittleEndian(values[8..], terms.ClipNorm);
        BinaryPrimitives.WriteDoubleLittleEndian(values[16..], terms.SamplingRate);
        BinaryPrimitives.WriteDoubleLittleEndian(values[24..], terms.Delta);
        BinaryPrimitives.WriteDoubleLittleEndian(values[32..], terms.EpsilonBudget);
        return payload;
    }

    /// <summary>Encodes the privacy spent after a round (<see cref="TransactionType.PrivacyRecordSpend"/>).</summary>
    /// <param name="task">The trading task.</param>
    /// <param name="round">The round, from 0.</param>
    /// <param name="spent">The guarantee after the round (its δ is the task's).</param>
    /// <returns>The payload.</returns>
    public static byte[] RecordSpend(TaskId task, int round, PrivacySpent spent)
    {
        byte[] payload = new byte[RecordSpendSize];
        payload[0] = Version;
        task.CopyTo(payload.AsSpan(1));
        Span<byte> rest = payload.AsSpan(1 + TaskId.Size);
        BinaryPrimitives.WriteInt32LittleEndian(rest, round);
        BinaryPrimitives.WriteDoubleLittleEndian(rest[4..], spent.Epsilon);
        BinaryPrimitives.WriteDoubleLittleEndian(rest[12..], spent.Order);
        return payload;
    }

    internal static bool TryReadOpenBudget(ReadOnlySpan<byte> payload, out TaskId task, [NotNullWhen(true)] out PrivacyBudgetTerms? terms, [NotNullWhen(false)] out string? reason)
    {
        terms = null;
        if (!TryReadHeader(payload, OpenBudgetSize, "a privacy budget", out task, out reason))
        {
            return false;
        }

        ReadOnlySpan<byte> values = payload[(1 + TaskId.Size)..];
        terms = new PrivacyBudgetTerms(
            BinaryPrimitives.ReadDoubleLittleEndian(values),
            BinaryPrimitives.ReadDoubleLittleEndian(values[8..]),
            BinaryPrimitives.ReadDoubleLittleEndian(values[16..]),
            BinaryPrimitives.ReadDoubleLittleEndian(values[24..]),
            BinaryPrimitives.ReadDoubleLittleEndian(values[32..]));
        return true;
    }

    internal static bool TryReadRecordSpend(ReadOnlySpan<byte> payload, out TaskId task, out int round, out double epsilon, out double order, [NotNullWhen(false)] out string? reason)
    {
        round = 0;
        epsilon = 0;
        order = 0;
        if (!TryReadHeader(payload, RecordSpendSize, "a privacy record", out task, out reason))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = payload[(1 + TaskId.Size)..];
        round = BinaryPrimitives.ReadInt32LittleEndian(rest);
        epsilon = BinaryPrimitives.ReadDoubleLittleEndian(rest[4..]);
        order = BinaryPrimitives.ReadDoubleLittleEndian(rest[12..]);
        return true;
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> payload, int size, string what, out TaskId task, [NotNullWhen(false)] out string? reason)
    {
        task = default;
        if (payload.IsEmpty || payload[0] != Version)
        {
            reason = payload.IsEmpty ? "the payload is empty" : $"privacy payload version {payload[0]} is not supported (this contract reads version {Version})";
            return false;
        }

        if (payload.Length != size)
        {
            reason = $"the payload has {payload.Length} bytes; {what} of version {Version} takes {size}";
            return false;
        }

        task = new TaskId(payload.Slice(1, TaskId.Size));
        reason = null;
        return true;
    }
}
