namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// Fixed-base exponentiation g^e for one base g and exponents of a bounded length, using a precomputed table of
/// g^(j·2^(w·i)) so that an exponentiation costs one multiplication per w-bit window of the exponent and no squarings.
/// </summary>
/// <remarks>
/// <para>For ℓ-bit exponents and window w the table holds ⌈ℓ/w⌉·2^w entries of s limbs (entry j = 0 is 1, so every
/// window multiplies, whatever its digit). Every lookup reads a whole row with <see cref="ConstantTime.Select"/>, so
/// neither the operation sequence nor the memory access pattern depends on the (secret) exponent.</para>
/// <para>This is the precomputation of Brickell–Gordon–McCurley–Wilson (1992) in its simplest form; DeepChain uses it
/// for the rⁿ term of Paillier encryption in the Damgård–Jurik–Nielsen variant (h<sup>n</sup> with a short random
/// exponent).</para>
/// </remarks>
internal sealed class FixedBaseTable
{
    private readonly MontgomeryContext _context;
    private readonly ulong[] _table;
    private readonly int _entries;

    public FixedBaseTable(MontgomeryContext context, ReadOnlySpan<ulong> baseMontgomery, int exponentBits, int windowBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowBits, 12);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exponentBits);
        _context = context;
        ExponentBits = exponentBits;
        WindowBits = windowBits;
        Windows = (exponentBits + windowBits - 1) / windowBits;
        _entries = 1 << windowBits;
        int s = context.LimbCount;
        _table = new ulong[(long)Windows * _entries * s > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(exponentBits)) : Windows * _entries * s];

        var windowBase = baseMontgomery.ToArray();
        for (int i = 0; i < Windows; i++)
        {
            Span<ulong> row = _table.AsSpan(i * _entries * s, _entries * s);
            context.One.CopyTo(row[..s]);
            windowBase.CopyTo(row.Slice(s, s));
            for (int j = 2; j < _entries; j++)
            {
                context.MultiplyCore(row.Slice((j - 1) * s, s), windowBase, row.Slice(j * s, s));
            }

            // Next window's base: g^(2^(w(i+1))) = g^((2^w − 1)·2^(wi)) · g^(2^(wi)).
            context.MultiplyCore(row.Slice((_entries - 1) * s, s), windowBase, windowBase);
        }
    }

    /// <summary>Gets the exponent length the table serves.</summary>
    public int ExponentBits { get; }

    /// <summary>Gets the window width w.</summary>
    public int WindowBits { get; }

    /// <summary>Gets the number of windows ⌈ℓ/w⌉ (= multiplications per exponentiation).</summary>
    public int Windows { get; }

    /// <summary>Gets the table's size in bytes.</summary>
    public long SizeInBytes => (long)_table.Length * sizeof(ulong);

    /// <summary>Writes g^e (Montgomery form) to <paramref name="destination"/>; e is little-endian limbs of at most <see cref="ExponentBits"/> bits.</summary>
    public void Pow(ReadOnlySpan<ulong> exponent, Span<ulong> destination)
    {
        int s = _context.LimbCount;
        Span<ulong> selected = s <= 256 ? stackalloc ulong[s] : new ulong[s];
        for (int i = 0; i < Windows; i++)
        {
            int digit = MontgomeryContext.ExtractBits(exponent, i * WindowBits, WindowBits);
            ReadOnlySpan<ulong> row = _table.AsSpan(i * _entries * s, _entries * s);
            if (i == 0)
            {
                ConstantTime.Select(row, _entries, digit, destination);
            }
            else
            {
                ConstantTime.Select(row, _entries, digit, selected);
                _context.MultiplyCore(destination, selected, destination);
            }
        }

        selected.Clear();
    }
}
