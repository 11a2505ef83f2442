using System.Diagnostics.CodeAnalysis;
using DeepChain.Core.Ledger;

namespace DeepChain.Core.Contracts;

/// <summary>The id of a training task: the id of the transaction that opened it (see <see cref="TradingContract"/>).</summary>
/// <remarks>A 32-byte value: equality and ordering are by its bytes; <see cref="ToString"/> is 64 lowercase hex digits,
/// which <see cref="Parse"/> and <see cref="TryParse"/> read back.</remarks>
public readonly struct TaskId : IEquatable<TaskId>, IComparable<TaskId>
{
    /// <summary>The size of the id in bytes.</summary>
    public const int Size = 32;

    private readonly Digest32 _value;

    /// <summary>Creates the id from its 32 bytes.</summary>
    /// <param name="bytes">Exactly <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not <see cref="Size"/> bytes long.</exception>
    public TaskId(ReadOnlySpan<byte> bytes) => _value = new Digest32(bytes);

    internal TaskId(Digest32 value) => _value = value;

    /// <summary>Gets the all-zero id.</summary>
    public static TaskId Zero => default;

    /// <summary>Gets a value indicating whether every byte of the id is zero.</summary>
    public bool IsZero => _value.IsZero;

    internal Digest32 Value => _value;

    /// <summary>Writes the 32 bytes of the id to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    public void CopyTo(Span<byte> destination) => _value.CopyTo(destination);

    /// <summary>Returns the 32 bytes of the id in a new array.</summary>
    /// <returns>A new 32-byte array.</returns>
    public byte[] ToArray() => _value.ToArray();

    /// <summary>Returns the id as 64 lowercase hexadecimal digits.</summary>
    /// <returns>The hex form of the id.</returns>
    public override string ToString() => _value.ToString();

    /// <summary>Reads an id from 64 hexadecimal digits (either case).</summary>
    /// <param name="hex">The text to read.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="hex"/> is not 64 hexadecimal digits.</exception>
    public static TaskId Parse(string hex) => new(Digest32.Parse(hex, nameof(TaskId)));

    /// <summary>Tries to read an id from 64 hexadecimal digits (either case).</summary>
    /// <param name="hex">The text to read.</param>
    /// <param name="result">The id, or <see cref="Zero"/> when the text is not one.</param>
    /// <returns><see langword="true"/> when <paramref name="hex"/> is 64 hexadecimal digits.</returns>
    public static bool TryParse([NotNullWhen(true)] string? hex, out TaskId result)
    {
        bool ok = Digest32.TryParse(hex, out Digest32 value);
        result = new TaskId(value);
        return ok;
    }

    /// <inheritdoc/>
    public bool Equals(TaskId other) => _value.Equals(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TaskId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(TaskId other) => _value.CompareTo(other._value);

    /// <summary>Tells whether two ids are equal.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when the ids have the same bytes.</returns>
    public static bool operator ==(TaskId left, TaskId right) => left.Equals(right);

    /// <summary>Tells whether two ids differ.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when the ids differ in any byte.</returns>
    public static bool operator !=(TaskId left, TaskId right) => !left.Equals(right);

    /// <summary>Orders ids by their bytes.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(TaskId left, TaskId right) => left.CompareTo(right) < 0;

    /// <summary>Orders ids by their bytes.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(TaskId left, TaskId right) => left.CompareTo(right) > 0;

    /// <summary>Orders ids by their bytes.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or equal.</returns>
    public static bool operator <=(TaskId left, TaskId right) => left.CompareTo(right) <= 0;

    /// <summary>Orders ids by their bytes.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or equal.</returns>
    public static bool operator >=(TaskId left, TaskId right) => left.CompareTo(right) >= 0;
}
