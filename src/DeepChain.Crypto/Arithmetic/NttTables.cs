using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// The negacyclic number-theoretic transform of length N modulo one NTT-friendly prime q (q ≡ 1 mod 2N, q &lt; 2⁶¹):
/// precomputed powers of a primitive 2N-th root of unity ψ with their Shoup quotients, and the forward and inverse
/// transforms in place.
/// </summary>
/// <remarks>
/// <para>Forward: Cooley–Tukey butterflies from natural order to bit-reversed order, evaluating a(X) at ψ, ψ³, …,
/// ψ<sup>2N−1</sup>, so that a product in Z<sub>q</sub>[X]/(X<sup>N</sup> + 1) becomes a point-wise product. Inverse:
/// Gentleman–Sande butterflies back to natural order, then a multiplication by N⁻¹ (Longa and Naehrig 2016,
/// Algorithms 1 and 2). Butterflies are Harvey's lazy ones (2014): twiddle products by Shoup multiplication, values kept in
/// [0, 4q) inside the transform and fully reduced once at the end.</para>
/// <para>ψ is the smallest primitive 2N-th root of unity, so the tables (and every transform) are the same on every
/// machine.</para>
/// </remarks>
internal sealed partial class NttTables
{
    private readonly ulong[] _rootPowers;          // ψ^bitrev(k), k = 0..N−1
    private readonly ulong[] _rootPowersShoup;
    private readonly ulong[] _inverseRootPowers;   // ψ^−bitrev(k)
    private readonly ulong[] _inverseRootPowersShoup;
    private readonly ulong _inverseDegree;
    private readonly ulong _inverseDegreeShoup;

    /// <summary>Builds the tables for ring degree <paramref name="degree"/> and prime <paramref name="modulus"/>.</summary>
    /// <param name="degree">N, a power of two from 2 to 2¹⁷.</param>
    /// <param name="modulus">A prime q ≡ 1 (mod 2N) below 2⁶¹.</param>
    public NttTables(int degree, ulong modulus)
        : this(degree, modulus, BestKernel)
    {
    }

    /// <summary>Builds the tables for one forced kernel (tests and benchmarks run every rung this way).</summary>
    /// <param name="degree">N, a power of two from 2 to 2¹⁷.</param>
    /// <param name="modulus">A prime q ≡ 1 (mod 2N) below 2⁶¹.</param>
    /// <param name="kernel">The implementation to transform with; one the hardware lacks runs emulated.</param>
    internal NttTables(int degree, ulong modulus, NttKernel kernel)
    {
        if (!Enum.IsDefined(kernel))
        {
            throw new ArgumentOutOfRangeException(nameof(kernel));
        }

        if (degree < 2 || degree > (1 << 17) || !BitOperations.IsPow2(degree))
        {
            throw new ArgumentOutOfRangeException(nameof(degree), "The ring degree must be a power of two from 2 to 131072.");
        }

        if (modulus >= 1UL << ModularArithmetic.MaximumModulusBits || modulus % (2UL * (ulong)degree) != 1 || !ModularArithmetic.IsPrime(modulus))
        {
            throw new ArgumentOutOfRangeException(nameof(modulus), $"The modulus must be a prime below 2^{ModularArithmetic.MaximumModulusBits} congruent to 1 modulo 2N.");
        }

        Degree = degree;
        Modulus = modulus;
        LogDegree = BitOperations.Log2((uint)degree);
        Root = MinimalPrimitiveRoot(2UL * (ulong)degree, modulus);
        ulong inverseRoot = ModularArithmetic.Inverse(Root, modulus);

        _rootPowers = new ulong[degree];
        _rootPowersShoup = new ulong[degree];
        _inverseRootPowers = new ulong[degree];
        _inverseRootPowersShoup = new ulong[degree];
        ulong power = 1, inversePower = 1;
        for (int k = 0; k < degree; k++)
        {
            int reversed = ReverseBits(k, LogDegree);
            _rootPowers[reversed] = power;
            _inverseRootPowers[reversed] = inversePower;
            power = ModularArithmetic.Multiply(power, Root, modulus);
            inversePower = ModularArithmetic.Multiply(inversePower, inverseRoot, modulus);
        }

        for (int k = 0; k < degree; k++)
        {
            _rootPowersShoup[k] = ModularArithmetic.ShoupPrecompute(_rootPowers[k], modulus);
            _inverseRootPowersShoup[k] = ModularArithmetic.ShoupPrecompute(_inverseRootPowers[k], modulus);
        }

        _inverseDegree = ModularArithmetic.Inverse((ulong)degree, modulus);
        _inverseDegreeShoup = ModularArithmetic.ShoupPrecompute(_inverseDegree, modulus);
        Kernel = kernel;
        BuildSmallStageTables();
    }

    /// <summary>Gets N.</summary>
    public int Degree { get; }

    /// <summary>Gets log₂ N.</summary>
    public int LogDegree { get; }

    /// <summary>Gets q.</summary>
    public ulong Modulus { get; }

    /// <summary>Gets ψ, the smallest primitive 2N-th root of unity modulo q.</summary>
    public ulong Root { get; }

    /// <summary>Forward negacyclic NTT in place: coefficients in [0, q), natural order → evaluations in [0, q), bit-reversed order.</summary>
    /// <param name="values">Exactly N values below q.</param>
    public void Forward(Span<ulong> values)
    {
        CheckLength(values.Length);
        ForwardCore(values);
    }

    /// <summary>Inverse negacyclic NTT in place: evaluations in [0, q), bit-reversed order → coefficients in [0, q), natural order.</summary>
    /// <param name="values">Exactly N values below q.</param>
    public void Inverse(Span<ulong> values)
    {
        CheckLength(values.Length);
        InverseCore(values);
    }

    internal void ForwardScalar(Span<ulong> values)
    {
        ulong q = Modulus, twoQ = 2 * q;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        int n = Degree;
        int t = n;
        for (int m = 1; m < n; m <<= 1)
        {
            t >>= 1;
            for (int i = 0; i < m; i++)
            {
                ulong w = _rootPowers[m + i], wPrime = _rootPowersShoup[m + i];
                int j1 = 2 * i * t;
                for (int j = j1; j < j1 + t; j++)
                {
                    // Harvey: X in [0, 4q) → [0, 2q); W·Y in [0, 2q); outputs in [0, 4q).
                    ulong x = Unsafe.Add(ref a, j);
                    x = x >= twoQ ? x - twoQ : x;
                    ulong y = ModularArithmetic.MultiplyShoupLazy(Unsafe.Add(ref a, j + t), w, wPrime, q);
                    Unsafe.Add(ref a, j) = x + y;
                    Unsafe.Add(ref a, j + t) = x - y + twoQ;
                }
            }
        }

        for (int j = 0; j < n; j++)
        {
            ulong x = Unsafe.Add(ref a, j);
            x = x >= twoQ ? x - twoQ : x;
            Unsafe.Add(ref a, j) = x >= q ? x - q : x;
        }
    }

    internal void InverseScalar(Span<ulong> values)
    {
        ulong q = Modulus, twoQ = 2 * q;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        int n = Degree;
        int t = 1;
        for (int m = n; m > 1; m >>= 1)
        {
            int h = m >> 1;
            int j1 = 0;
            for (int i = 0; i < h; i++)
            {
                ulong w = _inverseRootPowers[h + i], wPrime = _inverseRootPowersShoup[h + i];
                for (int j = j1; j < j1 + t; j++)
                {
                    // Gentleman–Sande with inputs in [0, 2q): X + Y reduced to [0, 2q), (X − Y + 2q)·W in [0, 2q).
                    ulong x = Unsafe.Add(ref a, j);
                    ulong y = Unsafe.Add(ref a, j + t);
                    ulong sum = x + y;
                    Unsafe.Add(ref a, j) = sum >= twoQ ? sum - twoQ : sum;
                    Unsafe.Add(ref a, j + t) = ModularArithmetic.MultiplyShoupLazy(x - y + twoQ, w, wPrime, q);
                }

                j1 += 2 * t;
            }

            t <<= 1;
        }

        for (int j = 0; j < n; j++)
        {
            Unsafe.Add(ref a, j) = ModularArithmetic.MultiplyShoup(Unsafe.Add(ref a, j), _inverseDegree, _inverseDegreeShoup, q);
        }
    }

    private void CheckLength(int length, [CallerArgumentExpression(nameof(length))] string? expression = null)
    {
        if (length != Degree)
        {
            throw new ArgumentException($"The transform takes exactly {Degree} values; {length} were given ({expression}).");
        }
    }

    internal static int ReverseBits(int value, int bits) => bits == 0 ? 0 : (int)(BitReverse32((uint)value) >> (32 - bits));

    private static uint BitReverse32(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        return (x >> 16) | (x << 16);
    }

    /// <summary>The smallest ψ with ψ^(order/2) = −1 (so ψ has exactly the power-of-two order <paramref name="order"/>).</summary>
    private static ulong MinimalPrimitiveRoot(ulong order, ulong q)
    {
        ulong cofactor = (q - 1) / order;
        for (ulong g = 2; g < q; g++)
        {
            ulong candidate = ModularArithmetic.Pow(g, cofactor, q);
            if (ModularArithmetic.Pow(candidate, order / 2, q) != q - 1)
            {
                continue;
            }

            // Every primitive root of this order is candidate^k for odd k; take the smallest of them.
            ulong smallest = candidate, square = ModularArithmetic.Multiply(candidate, candidate, q), current = candidate;
            for (ulong k = 3; k < order; k += 2)
            {
                current = ModularArithmetic.Multiply(current, square, q);
                smallest = Math.Min(smallest, current);
            }

            return smallest;
        }

        throw new ArgumentException("No primitive root of the requested order exists.", nameof(q));
    }
}
