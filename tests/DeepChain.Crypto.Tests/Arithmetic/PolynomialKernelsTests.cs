using DeepChain.Crypto.Arithmetic;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Arithmetic;

/// <summary>
/// Every rung of every coefficient-wise kernel equals the scalar definition (ModularArithmetic) for every length from 0
/// to 3×8 + 1 (so each rung's vector loop, the narrower rungs and the scalar tail all run), moduli up to 2⁶¹ − 1, and
/// inputs at the top of the range.
/// </summary>
public sealed class PolynomialKernelsTests
{
    private const int MaximumLength = (3 * 8) + 1;

    private static readonly NttKernel[] s_kernels = [NttKernel.Scalar, NttKernel.Vector128, NttKernel.Vector256, NttKernel.Vector512];

    private static readonly ulong[] s_moduli =
    [
        2, 3, 12289, (1UL << 40) - 87, NttPrimes.Generate(50, 4096, 1)[0], NttPrimes.Generate(59, 8192, 1)[0],
        NttPrimes.Generate(60, 8192, 1)[0], NttPrimes.Generate(61, 16384, 1)[0], (1UL << 61) - 1,
    ];

    [Property(MaxTest = 400)]
    public void EveryKernel_EveryLength_EqualsScalarDefinition(int seed, byte kernelSource, byte lengthSource, byte modulusSource, byte shape)
    {
        NttKernel kernel = s_kernels[kernelSource % s_kernels.Length];
        int length = lengthSource % (MaximumLength + 1);
        ulong q = s_moduli[modulusSource % s_moduli.Length];
        var random = new Random(seed);
        ulong[] a = Input(random, length, q, shape % 4 == 1);
        ulong[] b = Input(random, length, q, shape % 4 == 2);
        ulong[] c = Input(random, length, q, shape % 4 == 3);
        ulong scalar = (shape % 4 == 3) ? q - 1 : (ulong)random.NextInt64() % q;

        Check(a, b, (x, y) => ModularArithmetic.Add(x, y, q), d => PolynomialKernels.AddMod(a, b, q, d, kernel));
        Check(a, b, (x, y) => ModularArithmetic.Subtract(x, y, q), d => PolynomialKernels.SubtractMod(a, b, q, d, kernel));
        Check(a, b, (x, _) => ModularArithmetic.Negate(x, q), d => PolynomialKernels.NegateMod(a, q, d, kernel));
        Check(a, b, (x, y) => ModularArithmetic.Multiply(x, y, q), d => PolynomialKernels.MultiplyMod(a, b, q, d, kernel));
        Check(a, b, (x, _) => ModularArithmetic.Multiply(x, scalar, q), d => PolynomialKernels.MultiplyScalarMod(a, scalar, q, d, kernel));

        ulong[] accumulator = (ulong[])c.Clone();
        PolynomialKernels.MultiplyAddMod(a, b, q, accumulator, kernel);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(ModularArithmetic.Add(c[i], ModularArithmetic.Multiply(a[i], b[i], q), q), accumulator[i]);
        }
    }

    [Fact]
    public void EveryKernel_DestinationAliasesInput_EqualsOutOfPlace()
    {
        ulong q = NttPrimes.Generate(60, 8192, 1)[0];
        var random = new Random(5);
        ulong[] a = Input(random, 1000, q, false), b = Input(random, 1000, q, false);
        foreach (NttKernel kernel in s_kernels)
        {
            var expected = new ulong[a.Length];
            PolynomialKernels.MultiplyMod(a, b, q, expected, NttKernel.Scalar);
            ulong[] inPlace = (ulong[])a.Clone();

            PolynomialKernels.MultiplyMod(inPlace, b, q, inPlace, kernel);

            Assert.Equal(expected, inPlace);
        }
    }

    [Fact]
    public void PublicEntryPoints_UseTheBestKernel_AndAgreeWithScalar()
    {
        ulong q = NttPrimes.Generate(60, 4096, 1)[0];
        var random = new Random(9);
        ulong[] a = Input(random, 4096, q, false), b = Input(random, 4096, q, false);
        ulong[] expected = new ulong[4096], actual = new ulong[4096];

        PolynomialKernels.MultiplyMod(a, b, q, expected, NttKernel.Scalar);
        PolynomialKernels.MultiplyMod(a, b, q, actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ShorterInput_Throws() =>
        Assert.Throws<ArgumentException>(() => PolynomialKernels.AddMod(new ulong[3], new ulong[4], 7, new ulong[4]));

    private delegate void KernelCall(Span<ulong> destination);

    private static void Check(ulong[] a, ulong[] b, Func<ulong, ulong, ulong> definition, KernelCall kernel)
    {
        // One spare element after the destination catches a store past the end.
        var destination = new ulong[a.Length + 1];
        destination[^1] = 0xDEAD;
        kernel(destination.AsSpan(0, a.Length));
        Assert.Equal(0xDEADUL, destination[^1]);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(definition(a[i], b[i]), destination[i]);
        }
    }

    private static ulong[] Input(Random random, int length, ulong q, bool topOfRange) =>
        Enumerable.Range(0, length).Select(_ => topOfRange ? q - 1 : (ulong)random.NextInt64() % q).ToArray();
}
