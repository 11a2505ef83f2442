using System.Numerics;
using DeepChain.Crypto.Encoding;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Encoding;

public sealed class SlotPackerTests
{
    [Fact]
    public void Constructor_Paillier2048SixteenBitValuesEightSummands_FitsAtLeastOneHundredSlots()
    {
        var packer = new SlotPacker(2048, 16, 8);

        Assert.True(packer.SlotsPerPlaintext >= 100, $"only {packer.SlotsPerPlaintext} slots");
        Assert.Equal(107, packer.SlotsPerPlaintext);
        Assert.Equal(3, packer.CarryBits);
        Assert.Equal(19, packer.SlotBits);
        Assert.Equal(2048, packer.PlaintextBits);
        Assert.Equal(16, packer.ValueBits);
        Assert.Equal(8, packer.MaxSummands);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(8, 3)]
    [InlineData(9, 4)]
    [InlineData(1000, 10)]
    [InlineData(1024, 10)]
    [InlineData(1025, 11)]
    [InlineData(int.MaxValue, 31)]
    public void CarryBits_ForMaxSummands_IsCeilingOfLog2(int maxSummands, int carryBits)
    {
        var packer = new SlotPacker(4096, 8, maxSummands);

        Assert.Equal(carryBits, packer.CarryBits);
        Assert.Equal(8 + carryBits, packer.SlotBits);
        Assert.Equal(4095 / (8 + carryBits), packer.SlotsPerPlaintext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(33)]
    public void Constructor_ValueBitsOutsideOneToThirtyTwo_ThrowsNamingBound(int valueBits)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new SlotPacker(2048, valueBits, 8));

        Assert.Equal("valueBits", exception.ParamName);
        Assert.Contains("from 1 to 32 bits", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_MaxSummandsBelowOne_ThrowsNamingBound(int maxSummands)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new SlotPacker(2048, 16, maxSummands));

        Assert.Equal("maxSummands", exception.ParamName);
        Assert.Contains("1 or more", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(19, 16, 8)]
    [InlineData(2, 2, 1)]
    [InlineData(32, 32, 1)]
    [InlineData(1, 1, 1)]
    public void Constructor_SlotWiderThanPlaintextMinusOneBit_ThrowsZeroSlotsFit(int plaintextBits, int valueBits, int maxSummands)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new SlotPacker(plaintextBits, valueBits, maxSummands));

        Assert.Equal("plaintextBits", exception.ParamName);
        Assert.Contains("zero slots fit", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {plaintextBits - 1} bits", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2048)]
    [InlineData(int.MinValue)]
    public void Constructor_PlaintextBitsNotPositive_ThrowsArgumentOutOfRange(int plaintextBits)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new SlotPacker(plaintextBits, 16, 8));

        Assert.Equal("plaintextBits", exception.ParamName);
    }

    [Fact]
    public void Constructor_SlotExactlyFillsPlaintextMinusOneBit_HasOneSlot()
    {
        var packer = new SlotPacker(20, 16, 8);

        Assert.Equal(1, packer.SlotsPerPlaintext);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(107, 1)]
    [InlineData(108, 2)]
    [InlineData(214, 2)]
    [InlineData(215, 3)]
    [InlineData(int.MaxValue, 20069941)]
    public void GetPlaintextCount_ValueCount_IsCeilingOfCountOverSlots(int valueCount, int plaintexts)
    {
        var packer = new SlotPacker(2048, 16, 8);

        Assert.Equal(plaintexts, packer.GetPlaintextCount(valueCount));
    }

    [Fact]
    public void GetPlaintextCount_NegativeCount_ThrowsArgumentOutOfRange()
    {
        var packer = new SlotPacker(2048, 16, 8);

        Assert.Throws<ArgumentOutOfRangeException>(() => packer.GetPlaintextCount(-1));
    }

    [Fact]
    public void Pack_KnownValues_PutsSlotZeroInTheLeastSignificantBits()
    {
        var packer = new SlotPacker(64, 4, 2);
        Assert.Equal(5, packer.SlotBits);
        Assert.Equal(12, packer.SlotsPerPlaintext);
        uint[] values = [1, 2, 3, 15, 0, 0, 0, 0, 0, 0, 0, 9, 4];

        BigInteger[] packed = packer.Pack(values);

        Assert.Equal(2, packed.Length);
        BigInteger expected = 1 + (2 << 5) + (3 << 10) + (15 << 15) + (new BigInteger(9) << 55);
        Assert.Equal(expected, packed[0]);
        Assert.Equal(new BigInteger(4), packed[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(107)]
    [InlineData(299)]
    public void Pack_ValueNotBelowTwoToValueBits_ThrowsNamingIndexAndBound(int index)
    {
        var packer = new SlotPacker(2048, 16, 8);
        var values = new uint[300];
        values[index] = 1 << 16;
        values[^1] = uint.MaxValue;
        var destination = new BigInteger[packer.GetPlaintextCount(values.Length)];

        var exception = Assert.Throws<ArgumentException>(() => packer.Pack(values, destination));
        var arrayException = Assert.Throws<ArgumentException>(() => packer.Pack(values));

        Assert.Equal("values", exception.ParamName);
        Assert.Contains($"index {index} is not below 2^16", exception.Message, StringComparison.Ordinal);
        Assert.Equal(exception.Message, arrayException.Message);
        Assert.All(destination, plaintext => Assert.Equal(BigInteger.Zero, plaintext));
    }

    [Fact]
    public void Pack_LargestValueOfEachWidth_IsAccepted()
    {
        for (int valueBits = 1; valueBits <= 32; valueBits++)
        {
            var packer = new SlotPacker(256, valueBits, 4);
            uint largest = (uint)((1UL << valueBits) - 1);
            uint[] values = [largest, 0, largest];

            ulong[] unpacked = packer.Unpack(packer.Pack(values), 1, values.Length);

            Assert.Equal(values.Select(v => (ulong)v), unpacked);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Pack_DestinationLengthMismatch_ThrowsArgumentException(int destinationLength)
    {
        var packer = new SlotPacker(2048, 16, 8);
        var values = new uint[200];

        var exception = Assert.Throws<ArgumentException>(() => packer.Pack(values, new BigInteger[destinationLength]));

        Assert.Equal("destination", exception.ParamName);
        Assert.Contains($"200 values pack into 2 plaintexts of 107 slots, but the destination holds {destinationLength}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_NoValues_GivesNoPlaintexts()
    {
        var packer = new SlotPacker(2048, 16, 8);

        Assert.Empty(packer.Pack([]));
        Assert.Empty(packer.Unpack([], 8, 0));
    }

    [Property(Arbitrary = [typeof(EncodingArbitraries)])]
    public bool Pack_AnyValues_EachPlaintextIsNonNegativeAndBelowTwoToPlaintextBitsMinusOne(PackingCase input)
    {
        var packer = new SlotPacker(input.PlaintextBits, input.ValueBits, input.MaxSummands);
        uint[] values = RandomValues(new Random(input.Seed), input.ValueCount, input.ValueBits);

        BigInteger[] packed = packer.Pack(values);

        return packed.Length == packer.GetPlaintextCount(values.Length)
            && packed.All(p => p.Sign >= 0 && p.GetBitLength() <= input.PlaintextBits - 1);
    }

    [Property(Arbitrary = [typeof(EncodingArbitraries)])]
    public bool UnpackOfPack_OneSummand_ReturnsTheInput(PackingCase input)
    {
        var packer = new SlotPacker(input.PlaintextBits, input.ValueBits, input.MaxSummands);
        uint[] values = RandomValues(new Random(input.Seed), input.ValueCount, input.ValueBits);

        ulong[] unpacked = packer.Unpack(packer.Pack(values), 1, values.Length);

        return unpacked.SequenceEqual(values.Select(v => (ulong)v));
    }

    [Property(Arbitrary = [typeof(EncodingArbitraries)], MaxTest = 300)]
    public bool UnpackOfSum_UpToMaxSummandsPackedVectors_EqualsElementwiseSums(PackingCase input)
    {
        var packer = new SlotPacker(input.PlaintextBits, input.ValueBits, input.MaxSummands);
        var random = new Random(input.Seed);
        var packedSum = new BigInteger[packer.GetPlaintextCount(input.ValueCount)];
        var expected = new ulong[input.ValueCount];
        for (int n = 0; n < input.Summands; n++)
        {
            uint[] values = RandomValues(random, input.ValueCount, input.ValueBits);
            BigInteger[] packed = packer.Pack(values);
            for (int p = 0; p < packed.Length; p++)
            {
                packedSum[p] += packed[p];
            }

            for (int i = 0; i < values.Length; i++)
            {
                expected[i] += values[i];
            }
        }

        var unpacked = new ulong[input.ValueCount];
        packer.Unpack(packedSum, input.Summands, unpacked);

        return unpacked.SequenceEqual(expected)
            && packedSum.All(p => p.GetBitLength() <= input.PlaintextBits - 1);
    }

    [Theory]
    [InlineData(2048, 16, 8)]
    [InlineData(2048, 32, 1000)]
    [InlineData(3072, 1, 1)]
    [InlineData(64, 7, 3)]
    public void UnpackOfSum_AllLargestValuesMaxSummands_NeverCarriesIntoTheNextSlot(int plaintextBits, int valueBits, int maxSummands)
    {
        var packer = new SlotPacker(plaintextBits, valueBits, maxSummands);
        int count = (2 * packer.SlotsPerPlaintext) + 1;
        uint largest = (uint)((1UL << valueBits) - 1);
        BigInteger[] one = packer.Pack(Enumerable.Repeat(largest, count).ToArray());
        BigInteger[] sum = one.Select(p => p * maxSummands).ToArray();

        ulong[] unpacked = packer.Unpack(sum, maxSummands, count);

        Assert.All(unpacked, s => Assert.Equal((ulong)maxSummands * largest, s));
        Assert.All(sum, p => Assert.True(p.GetBitLength() <= plaintextBits - 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    public void Unpack_SummandsOutsideOneToMaxSummands_ThrowsNamingBound(int summands)
    {
        var packer = new SlotPacker(2048, 16, 8);
        BigInteger[] packed = packer.Pack(new uint[10]);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => packer.Unpack(packed, summands, new ulong[10]));

        Assert.Equal("summands", exception.ParamName);
        Assert.Contains("from 1 to MaxSummands = 8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpack_NegativePackedSum_ThrowsNamingIndex()
    {
        var packer = new SlotPacker(2048, 16, 8);
        BigInteger[] packed = [BigInteger.One, BigInteger.MinusOne];

        var exception = Assert.Throws<ArgumentException>(() => packer.Unpack(packed, 2, new ulong[150]));

        Assert.Equal("packedSums", exception.ParamName);
        Assert.Contains("packed sum at index 1 is negative", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(214, 1, 2033)]
    [InlineData(150, 1, 817)]
    [InlineData(107, 0, 2033)]
    public void Unpack_PackedSumNotBelowTwoToSlotBits_ThrowsNamingIndexAndBound(int valueCount, int badIndex, int boundBits)
    {
        var packer = new SlotPacker(2048, 16, 8);
        var packed = new BigInteger[packer.GetPlaintextCount(valueCount)];
        packed[badIndex] = BigInteger.One << boundBits;
        var destination = new ulong[valueCount];

        var exception = Assert.Throws<ArgumentException>(() => packer.Unpack(packed, 8, destination));

        Assert.Equal("packedSums", exception.ParamName);
        Assert.Contains($"packed sum at index {badIndex} is not below 2^{boundBits}", exception.Message, StringComparison.Ordinal);
        Assert.All(destination, s => Assert.Equal(0UL, s));

        packed[badIndex] -= 1;
        var exactlyFull = Record.Exception(() => packer.Unpack(packed, 8, destination));
        Assert.IsType<ArgumentException>(exactlyFull);
        Assert.Contains("slot sum for value index", exactlyFull.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpack_MoreSummandsThanDeclared_ThrowsNamingValueIndexAndClearsDestination()
    {
        var packer = new SlotPacker(2048, 16, 8);
        var values = new uint[150];
        values[120] = ushort.MaxValue;
        BigInteger[] packed = packer.Pack(values);
        BigInteger[] sumOfThree = packed.Select(p => p * 3).ToArray();
        var destination = new ulong[150];

        var exception = Assert.Throws<ArgumentException>(() => packer.Unpack(sumOfThree, 2, destination));

        Assert.Equal("packedSums", exception.ParamName);
        Assert.Contains("slot sum for value index 120 exceeds 2 × (2^16 - 1) = 131070", exception.Message, StringComparison.Ordinal);
        Assert.All(destination, s => Assert.Equal(0UL, s));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Unpack_PackedSumsLengthMismatch_ThrowsArgumentException(int packedCount)
    {
        var packer = new SlotPacker(2048, 16, 8);

        var exception = Assert.Throws<ArgumentException>(() => packer.Unpack(new BigInteger[packedCount], 1, new ulong[200]));

        Assert.Equal("packedSums", exception.ParamName);
        Assert.Contains($"200 values are packed in 2 plaintexts of 107 slots, but {packedCount} packed sums were given", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpack_NegativeValueCount_ThrowsArgumentOutOfRange()
    {
        var packer = new SlotPacker(2048, 16, 8);

        Assert.Throws<ArgumentOutOfRangeException>(() => packer.Unpack([], 1, -1));
    }

    [Fact]
    public void PackThenUnpack_PlaintextLargerThanStackScratch_RoundTrips()
    {
        var packer = new SlotPacker(16384, 13, 5);
        uint[] values = RandomValues(new Random(5), (3 * packer.SlotsPerPlaintext) - 7, 13);

        ulong[] unpacked = packer.Unpack(packer.Pack(values), 1, values.Length);

        Assert.Equal(values.Select(v => (ulong)v), unpacked);
    }

    // Uniform values with the extremes 0 and 2^v - 1 over-represented.
    private static uint[] RandomValues(Random random, int count, int valueBits)
    {
        ulong largest = (1UL << valueBits) - 1;
        var values = new uint[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(8) switch
            {
                0 => 0,
                1 => (uint)largest,
                _ => (uint)((ulong)random.NextInt64() & largest),
            };
        }

        return values;
    }
}
