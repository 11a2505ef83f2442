using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DeepChain.Crypto.Encoding;

/// <summary>
/// Packs many small unsigned values (offset-quantized gradients) into each Paillier plaintext, with enough carry
/// headroom per slot that the homomorphic sum of up to <see cref="MaxSummands"/> packed plaintexts never carries
/// from one slot into the next.
/// </summary>
/// <remarks>
/// <para>
/// With <c>v</c> value bits (<see cref="ValueBits"/>) and at most <c>N</c> summands (<see cref="MaxSummands"/>),
/// each slot is <c>w = v + ⌈log₂ N⌉</c> bits wide (<see cref="SlotBits"/>, <see cref="CarryBits"/>). A sum of
/// <c>N</c> values below <c>2^v</c> is at most <c>N·(2^v - 1) &lt; 2^w</c>, so adding <c>N</c> plaintexts
/// <c>P = Σ_j u_j·2^(j·w)</c> adds slot by slot and every slot sum is read back exactly: this is BatchCrypt's
/// batching with carry headroom (Zhang et al., "BatchCrypt", USENIX ATC 2020), where the offset form of the
/// quantizer keeps every slot non-negative.
/// </para>
/// <para>
/// A plaintext holds <c>k = ⌊(L - 1) / w⌋</c> slots (<see cref="SlotsPerPlaintext"/>) for a modulus of <c>L</c>
/// bits (<see cref="PlaintextBits"/>), so every plaintext and every honest sum of up to <c>N</c> of them is below
/// <c>2^(L-1) ≤ n</c> and survives reduction modulo <c>n</c>. Example: <c>L = 2048</c>, <c>v = 16</c>,
/// <c>N = 8</c> gives <c>w = 19</c> and 107 slots per plaintext.
/// </para>
/// <para>
/// Slot <c>j</c> of plaintext <c>p</c> holds value <c>p·k + j</c> at bits <c>[j·w, j·w + v)</c> (least significant
/// slot first); the last plaintext may hold fewer than <c>k</c> values. Packing and unpacking build and read the
/// little-endian bytes of the integer directly, in <c>O(k)</c> word operations per plaintext and no big-integer
/// shifts. Configurations that could overflow are refused in the constructor, values that do not fit in
/// <see cref="Pack(ReadOnlySpan{uint}, Span{BigInteger})"/>, and sums that no honest aggregation can produce in
/// <see cref="Unpack(ReadOnlySpan{BigInteger}, int, Span{ulong})"/>, always before anything is written.
/// Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class SlotPacker
{
    // Scratch words kept on the stack: enough for plaintexts of up to 8192 bits.
    private const int StackLimbLimit = 129;

    private readonly int _limbCount;

    /// <summary>Creates a packer for plaintexts below a modulus of <paramref name="plaintextBits"/> bits.</summary>
    /// <param name="plaintextBits">The bit length <c>L</c> of the modulus <c>n</c>; packed plaintexts use at most <c>L - 1</c> bits.</param>
    /// <param name="valueBits">The bits <c>v</c> of each value, from 1 to 32; values must be below <c>2^v</c>.</param>
    /// <param name="maxSummands">The most plaintexts <c>N</c> that will be added before unpacking, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="valueBits"/> is outside [1, 32], <paramref name="maxSummands"/> is less than 1,
    /// <paramref name="plaintextBits"/> is not positive, or a single slot of <c>v + ⌈log₂ N⌉</c> bits does not
    /// fit in <c>L - 1</c> bits.
    /// </exception>
    public SlotPacker(int plaintextBits, int valueBits, int maxSummands)
    {
        if (valueBits is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(
                nameof(valueBits), valueBits, "The value width must be from 1 to 32 bits.");
        }

        if (maxSummands < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxSummands), maxSummands, "At least one summand is needed: maxSummands must be 1 or more.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(plaintextBits);

        int carryBits = maxSummands == 1 ? 0 : BitOperations.Log2((uint)(maxSummands - 1)) + 1;
        int slotBits = valueBits + carryBits;
        if (slotBits > plaintextBits - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(plaintextBits),
                plaintextBits,
                $"A slot needs {slotBits} bits ({valueBits} value bits + {carryBits} carry bits for {maxSummands} summands) " +
                $"but a plaintext of {plaintextBits} bits holds at most {plaintextBits - 1} bits below the modulus, so zero slots fit.");
        }

        PlaintextBits = plaintextBits;
        ValueBits = valueBits;
        MaxSummands = maxSummands;
        CarryBits = carryBits;
        SlotBits = slotBits;
        SlotsPerPlaintext = (plaintextBits - 1) / slotBits;
        _limbCount = (int)(((long)SlotsPerPlaintext * slotBits + 63) / 64);
    }

    /// <summary>Gets the bit length <c>L</c> of the modulus the plaintexts must stay below.</summary>
    public int PlaintextBits { get; }

    /// <summary>Gets the bits <c>v</c> of one value; values are below <c>2^v</c>.</summary>
    public int ValueBits { get; }

    /// <summary>Gets the most plaintexts <c>N</c> whose sum unpacks exactly.</summary>
    public int MaxSummands { get; }

    /// <summary>Gets the carry headroom <c>⌈log₂ N⌉</c> above the value bits of each slot (0 when <c>N = 1</c>).</summary>
    public int CarryBits { get; }

    /// <summary>Gets the width <c>w = v + ⌈log₂ N⌉</c> of one slot.</summary>
    public int SlotBits { get; }

    /// <summary>Gets the number of values <c>k = ⌊(L - 1) / w⌋</c> in one plaintext.</summary>
    public int SlotsPerPlaintext { get; }

    /// <summary>Returns the number of plaintexts that <paramref name="valueCount"/> values pack into: <c>⌈valueCount / k⌉</c>.</summary>
    /// <param name="valueCount">The number of values, zero or more.</param>
    /// <returns>The number of plaintexts; zero for zero values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="valueCount"/> is negative.</exception>
    public int GetPlaintextCount(int valueCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueCount);
        return (int)(((long)valueCount + SlotsPerPlaintext - 1) / SlotsPerPlaintext);
    }

    /// <summary>Packs <paramref name="values"/> into new plaintexts.</summary>
    /// <param name="values">The values, each below <c>2^</c><see cref="ValueBits"/>.</param>
    /// <returns><see cref="GetPlaintextCount"/> non-negative plaintexts, each below <c>2^(L-1)</c>.</returns>
    /// <exception cref="ArgumentException">A value is not below <c>2^v</c>; the message gives the first such index.</exception>
    public BigInteger[] Pack(ReadOnlySpan<uint> values)
    {
        ThrowIfValueTooWide(values);
        var plaintexts = new BigInteger[GetPlaintextCount(values.Length)];
        PackCore(values, plaintexts);
        return plaintexts;
    }

    /// <summary>Packs <paramref name="values"/> into <paramref name="destination"/>.</summary>
    /// <param name="values">The values, each below <c>2^</c><see cref="ValueBits"/>.</param>
    /// <param name="destination">Receives the plaintexts; its length must be exactly <c>GetPlaintextCount(values.Length)</c>.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> has the wrong length, or a value is not below <c>2^v</c> (the message gives the
    /// first such index). Nothing is written then.
    /// </exception>
    /// <remarks>
    /// The length must match exactly so that no stale or zero plaintext is encrypted and sent by mistake.
    /// </remarks>
    public void Pack(ReadOnlySpan<uint> values, Span<BigInteger> destination)
    {
        int plaintextCount = GetPlaintextCount(values.Length);
        if (destination.Length != plaintextCount)
        {
            throw new ArgumentException(
                $"{values.Length} values pack into {plaintextCount} plaintexts of {SlotsPerPlaintext} slots, " +
                $"but the destination holds {destination.Length}.",
                nameof(destination));
        }

        ThrowIfValueTooWide(values);
        PackCore(values, destination);
    }

    /// <summary>Unpacks the per-slot sums of <paramref name="summands"/> packed plaintexts into new memory.</summary>
    /// <param name="packedSums">The (decrypted) sums of packed plaintexts, <c>GetPlaintextCount(valueCount)</c> of them.</param>
    /// <param name="summands">How many plaintexts were added, from 1 to <see cref="MaxSummands"/>.</param>
    /// <param name="valueCount">The number of values that were packed into each summand.</param>
    /// <returns>The <paramref name="valueCount"/> slot sums.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="summands"/> is outside [1, <see cref="MaxSummands"/>], or <paramref name="valueCount"/> is negative.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="packedSums"/> has the wrong length, or holds a value that no honest sum can produce (see
    /// <see cref="Unpack(ReadOnlySpan{BigInteger}, int, Span{ulong})"/>).
    /// </exception>
    public ulong[] Unpack(ReadOnlySpan<BigInteger> packedSums, int summands, int valueCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueCount);
        var sums = new ulong[valueCount];
        Unpack(packedSums, summands, sums);
        return sums;
    }

    /// <summary>Unpacks the per-slot sums of <paramref name="summands"/> packed plaintexts.</summary>
    /// <param name="packedSums">
    /// The (decrypted) sums of packed plaintexts; exactly <c>GetPlaintextCount(destination.Length)</c> of them.
    /// </param>
    /// <param name="summands">How many plaintexts were added, from 1 to <see cref="MaxSummands"/>.</param>
    /// <param name="destination">Receives one sum per packed value; its length is the number of values that were packed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="summands"/> is outside [1, <see cref="MaxSummands"/>].</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="packedSums"/> has the wrong length; or a packed sum is negative or not below
    /// <c>2^(slots·w)</c> for the slots it holds; or a slot sum exceeds <c>summands·(2^v - 1)</c>. None of these can
    /// come from an honest sum of <paramref name="summands"/> packed plaintexts; the message names the bound and the
    /// index. <paramref name="destination"/> is left cleared then.
    /// </exception>
    /// <remarks>
    /// Slot sums are read straight from the little-endian bytes of each integer. The checks catch a wrong
    /// <paramref name="summands"/>, a corrupted or dishonest aggregate, and an aggregate of more summands than the
    /// carry headroom allows (which would have carried into the next slot).
    /// </remarks>
    public void Unpack(ReadOnlySpan<BigInteger> packedSums, int summands, Span<ulong> destination)
    {
        ThrowIfSummandsOutOfRange(summands);
        int plaintextCount = GetPlaintextCount(destination.Length);
        if (packedSums.Length != plaintextCount)
        {
            throw new ArgumentException(
                $"{destination.Length} values are packed in {plaintextCount} plaintexts of {SlotsPerPlaintext} slots, " +
                $"but {packedSums.Length} packed sums were given.",
                nameof(packedSums));
        }

        for (int p = 0; p < packedSums.Length; p++)
        {
            int slots = Math.Min(SlotsPerPlaintext, destination.Length - (p * SlotsPerPlaintext));
            long usedBits = (long)slots * SlotBits;
            BigInteger sum = packedSums[p];
            if (sum.Sign < 0)
            {
                throw new ArgumentException(
                    $"The packed sum at index {p} is negative, so it cannot come from an honest sum of packed plaintexts.",
                    nameof(packedSums));
            }

            if (sum.GetBitLength() > usedBits)
            {
                throw new ArgumentException(
                    $"The packed sum at index {p} is not below 2^{usedBits} ({slots} slots of {SlotBits} bits), " +
                    "so it cannot come from an honest sum of packed plaintexts.",
                    nameof(packedSums));
            }
        }

        UnpackCore(packedSums, summands, destination);
    }

    private void ThrowIfSummandsOutOfRange(int summands)
    {
        if (summands < 1 || summands > MaxSummands)
        {
            throw new ArgumentOutOfRangeException(
                nameof(summands),
                summands,
                $"The number of summands must be from 1 to MaxSummands = {MaxSummands}: the {CarryBits} carry bits " +
                $"per slot hold sums of at most {MaxSummands} values.");
        }
    }

    private void ThrowIfValueTooWide(ReadOnlySpan<uint> values)
    {
        if (ValueBits == 32)
        {
            return;
        }

        uint largest = (1u << ValueBits) - 1;
        int index = SimdLoop.IndexOfFirst(values, new GreaterThanPredicate<uint>(largest), SimdCapabilities.Best);
        if (index >= 0)
        {
            throw new ArgumentException(
                $"The value at index {index} is not below 2^{ValueBits}; every value must fit the {ValueBits} value bits of a slot.",
                nameof(values));
        }
    }

    private void PackCore(ReadOnlySpan<uint> values, Span<BigInteger> destination)
    {
        // One limb beyond the last lets a value that straddles two limbs be written without a branch.
        int scratchLength = _limbCount + 1;
        ulong[]? rented = null;
        Span<ulong> limbs = scratchLength <= StackLimbLimit
            ? stackalloc ulong[StackLimbLimit]
            : (rented = ArrayPool<ulong>.Shared.Rent(scratchLength));
        limbs = limbs[..scratchLength];
        try
        {
            for (int p = 0; p < destination.Length; p++)
            {
                int start = p * SlotsPerPlaintext;
                ReadOnlySpan<uint> chunk = values.Slice(start, Math.Min(SlotsPerPlaintext, values.Length - start));
                limbs.Clear();
                int bit = 0;
                foreach (uint value in chunk)
                {
                    int limb = bit >> 6;
                    int shift = bit & 63;
                    limbs[limb] |= (ulong)value << shift;
                    limbs[limb + 1] |= ((ulong)value >> 1) >> (63 - shift);
                    bit += SlotBits;
                }

                destination[p] = new BigInteger(AsLittleEndianBytes(limbs), isUnsigned: true, isBigEndian: false);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    private void UnpackCore(ReadOnlySpan<BigInteger> packedSums, int summands, Span<ulong> destination)
    {
        int scratchLength = _limbCount + 1;
        ulong[]? rented = null;
        Span<ulong> limbs = scratchLength <= StackLimbLimit
            ? stackalloc ulong[StackLimbLimit]
            : (rented = ArrayPool<ulong>.Shared.Rent(scratchLength));
        limbs = limbs[..scratchLength];
        try
        {
            ulong slotMask = (1UL << SlotBits) - 1;
            ulong largestHonestSum = (ulong)summands * ((1UL << ValueBits) - 1);
            for (int p = 0; p < packedSums.Length; p++)
            {
                int start = p * SlotsPerPlaintext;
                Span<ulong> sums = destination.Slice(start, Math.Min(SlotsPerPlaintext, destination.Length - start));
                limbs.Clear();
                bool written = packedSums[p].TryWriteBytes(
                    MemoryMarshal.AsBytes(limbs), out _, isUnsigned: true, isBigEndian: false);
                System.Diagnostics.Debug.Assert(written, "The bit length was checked against the scratch size.");
                if (!BitConverter.IsLittleEndian)
                {
                    BinaryPrimitives.ReverseEndianness(limbs, limbs);
                }

                int bit = 0;
                for (int j = 0; j < sums.Length; j++)
                {
                    int limb = bit >> 6;
                    int shift = bit & 63;
                    ulong slot = ((limbs[limb] >> shift) | ((limbs[limb + 1] << 1) << (63 - shift))) & slotMask;
                    if (slot > largestHonestSum)
                    {
                        destination.Clear();
                        throw new ArgumentException(
                            $"The slot sum for value index {start + j} exceeds {summands} × (2^{ValueBits} - 1) = {largestHonestSum}, " +
                            $"the largest sum of {summands} values, so it cannot come from an honest sum.",
                            nameof(packedSums));
                    }

                    sums[j] = slot;
                    bit += SlotBits;
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    private static ReadOnlySpan<byte> AsLittleEndianBytes(Span<ulong> limbs)
    {
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(limbs, limbs);
        }

        return MemoryMarshal.AsBytes(limbs);
    }
}
