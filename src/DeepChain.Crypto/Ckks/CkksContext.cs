using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Ckks;

/// <summary>
/// Everything CKKS precomputes from its parameters: the primes, one NTT table per prime, and the constants of RNS
/// reconstruction and rescaling. Build one per parameter set and share it (it is immutable and thread-safe).
/// </summary>
public sealed class CkksContext
{
    private readonly ulong[] _moduli;
    private readonly NttTables[] _ntt;
    private readonly ulong[][] _garnerInverse;   // [l][i]: (q_0 ⋯ q_{i−1})⁻¹ mod q_i, for reconstruction with l + 1 limbs
    private readonly ulong[][] _rescaleInverse;  // [l][i]: q_l⁻¹ mod q_i for i < l (l = the special prime included)
    private readonly ulong[][] _halfDigits;      // (Q − 1)/2 in mixed radix, per limb count
    private readonly ulong[] _specialModData;    // P mod q_i
    private readonly ulong[][] _garnerInverseShoup;
    private readonly ulong[] _unitShoup;         // ⌊2⁶⁴/qᵢ⌋: word reduction without division
    private readonly ulong[][][] _garnerRadix;   // [l][i][j]: q_0⋯q_{j−1} mod q_i, and its Shoup quotient at [l][i][j + l + 1]
    private readonly int[][] _prefixPrimes;
    private readonly int[][] _extendedPrimes;

    /// <summary>Builds the context.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is <see langword="null"/>.</exception>
    public CkksContext(CkksParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        Degree = parameters.PolyModulusDegree;
        _moduli = GeneratePrimes(parameters);
        Moduli = new ReadOnlyCollection<ulong>(_moduli);
        _ntt = new NttTables[_moduli.Length];
        Parallel.For(0, _moduli.Length, i => _ntt[i] = new NttTables(Degree, _moduli[i]));

        _garnerInverse = new ulong[_moduli.Length][];
        _rescaleInverse = new ulong[_moduli.Length][];
        for (int l = 0; l < _moduli.Length; l++)
        {
            _garnerInverse[l] = new ulong[l + 1];
            _rescaleInverse[l] = new ulong[l];
            for (int i = 0; i <= l; i++)
            {
                ulong product = 1;
                for (int j = 0; j < i; j++)
                {
                    product = ModularArithmetic.Multiply(product, _moduli[j] % _moduli[i], _moduli[i]);
                }

                _garnerInverse[l][i] = i == 0 ? 1 : ModularArithmetic.Inverse(product, _moduli[i]);
                if (i < l)
                {
                    _rescaleInverse[l][i] = ModularArithmetic.Inverse(_moduli[l] % _moduli[i], _moduli[i]);
                }
            }
        }

        _halfDigits = new ulong[parameters.DataPrimeCount][];
        for (int limbs = 1; limbs <= parameters.DataPrimeCount; limbs++)
        {
            // Halving Q − 1 = Σ (q_i − 1)·q_0⋯q_{i−1} from the top digit down; a remainder carries one q_i into the digit below.
            var half = new ulong[limbs];
            ulong remainder = 0;
            for (int i = limbs - 1; i >= 0; i--)
            {
                ulong qi = _moduli[i];
                UInt128 current = (UInt128)(qi - 1) + ((UInt128)remainder * qi);
                half[i] = (ulong)(current / 2);
                remainder = (ulong)(current % 2);
            }

            _halfDigits[limbs - 1] = half;
        }

        _unitShoup = Array.ConvertAll(_moduli, q => ModularArithmetic.ShoupPrecompute(1, q));
        _garnerInverseShoup = new ulong[_moduli.Length][];
        for (int l = 0; l < _moduli.Length; l++)
        {
            _garnerInverseShoup[l] = new ulong[l + 1];
            for (int i = 0; i <= l; i++)
            {
                _garnerInverseShoup[l][i] = ModularArithmetic.ShoupPrecompute(_garnerInverse[l][i], _moduli[i]);
            }
        }

        _garnerRadix = new ulong[_moduli.Length][][];
        for (int l = 0; l < _moduli.Length; l++)
        {
            int limbs = l + 1;
            _garnerRadix[l] = new ulong[limbs][];
            for (int i = 0; i < limbs; i++)
            {
                var row = new ulong[2 * limbs];
                ulong radix = 1;
                for (int j = 0; j < limbs; j++)
                {
                    row[j] = radix;
                    row[j + limbs] = ModularArithmetic.ShoupPrecompute(radix, _moduli[i]);
                    radix = ModularArithmetic.Multiply(radix, _moduli[j] % _moduli[i], _moduli[i]);
                }

                _garnerRadix[l][i] = row;
            }
        }

        _prefixPrimes = new int[_moduli.Length + 1][];
        _extendedPrimes = new int[_moduli.Length][];
        for (int limbs = 0; limbs <= _moduli.Length; limbs++)
        {
            _prefixPrimes[limbs] = [.. Enumerable.Range(0, limbs)];
            if (limbs < _moduli.Length)
            {
                _extendedPrimes[limbs] = [.. Enumerable.Range(0, limbs), _moduli.Length - 1];
            }
        }

        ulong special = _moduli[^1];
        _specialModData = new ulong[parameters.DataPrimeCount];
        for (int i = 0; i < parameters.DataPrimeCount; i++)
        {
            _specialModData[i] = special % _moduli[i];
        }
    }

    /// <summary>Gets the parameters.</summary>
    public CkksParameters Parameters { get; }

    /// <summary>Gets the primes: the data primes q₀ … q_{L−1}, then the special prime.</summary>
    public IReadOnlyList<ulong> Moduli { get; }

    /// <summary>Gets N.</summary>
    internal int Degree { get; }

    /// <summary>Gets the number of data primes (the limbs of a fresh ciphertext).</summary>
    internal int DataPrimeCount => Parameters.DataPrimeCount;

    internal ulong Modulus(int limb) => _moduli[limb];

    /// <summary>log₂ of the product of the first <paramref name="limbs"/> primes (the modulus Q at that level).</summary>
    internal double LogModulus(int limbs)
    {
        double bits = 0;
        for (int i = 0; i < limbs; i++)
        {
            bits += Math.Log2(_moduli[i]);
        }

        return bits;
    }

    /// <summary>x mod qᵢ for any 64-bit x, by Shoup multiplication by 1 (two multiplies instead of a division).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal ulong Reduce(ulong x, int prime) => ModularArithmetic.MultiplyShoup(x, 1, _unitShoup[prime], _moduli[prime]);

    /// <summary>The index of the special prime P in <see cref="Moduli"/> (the last one).</summary>
    internal int SpecialIndex => _moduli.Length - 1;

    internal ulong SpecialModData(int limb) => _specialModData[limb];


    /// <summary>The Galois element that rotates the slots left by <paramref name="steps"/>: 5^steps mod 2N.</summary>
    internal ulong GaloisElementForRotation(int steps)
    {
        int slots = Degree / 2;
        int exponent = ((steps % slots) + slots) % slots;
        return ModularArithmetic.Pow(5, (ulong)exponent, 2UL * (ulong)Degree);
    }

    /// <summary>σ_g on one limb in coefficient form: coefficient k goes to k·g mod 2N, negated when that is ≥ N.</summary>
    internal void ApplyGalois(ReadOnlySpan<ulong> source, ulong galoisElement, ulong q, Span<ulong> destination)
    {
        // 2N is a power of two, so k·g mod 2N is a mask, not a division.
        ulong mask = (2UL * (ulong)Degree) - 1, n = (ulong)Degree;
        for (int k = 0; k < Degree; k++)
        {
            ulong index = (ulong)k * galoisElement & mask;
            if (index < n)
            {
                destination[(int)index] = source[k];
            }
            else
            {
                destination[(int)(index - n)] = ModularArithmetic.Negate(source[k], q);
            }
        }
    }

    internal NttTables Ntt(int limb) => _ntt[limb];

    internal ulong GarnerInverse(int limbCount, int limb) => _garnerInverse[limbCount - 1][limb];


    /// <summary>Forward NTT of each of the first <paramref name="limbs"/> limbs of a limb-major polynomial (limbs in parallel where it pays).</summary>
    internal void ForwardNtt(ulong[] polynomial, int limbs) =>
        CkksParallel.For(limbs, Degree, (Tables: _ntt, Polynomial: polynomial, N: Degree), static (s, i) => s.Tables[i].Forward(s.Polynomial.AsSpan(i * s.N, s.N)));

    /// <summary>Inverse NTT of each of the first <paramref name="limbs"/> limbs (limbs in parallel where it pays).</summary>
    internal void InverseNtt(ulong[] polynomial, int limbs) =>
        CkksParallel.For(limbs, Degree, (Tables: _ntt, Polynomial: polynomial, N: Degree), static (s, i) => s.Tables[i].Inverse(s.Polynomial.AsSpan(i * s.N, s.N)));

    /// <summary>Writes a small signed integer polynomial (|coefficients| &lt; every prime) into limbs 0 … limbs−1, in coefficient form.</summary>
    internal void ToRns(ReadOnlySpan<long> coefficients, Span<ulong> destination, int limbs) =>
        ToRns(coefficients, destination, PrefixPrimes(limbs));

    /// <summary>Writes a small signed integer polynomial into one block of N residues per listed prime index.</summary>
    internal void ToRns(ReadOnlySpan<long> coefficients, Span<ulong> destination, int[] primes)
    {
        int n = Degree;
        ulong maximum = 0;
        foreach (long c in coefficients[..n])
        {
            maximum = Math.Max(maximum, (ulong)Math.Abs(c));
        }

        for (int block = 0; block < primes.Length; block++)
        {
            ulong q = _moduli[primes[block]];
            Span<ulong> limb = destination.Slice(block * n, n);
            if (maximum < q)
            {
                // Noise, secrets and most encodings: c + (q if c < 0), branch-free and vectorized.
                SmallToResidues(coefficients[..n], q, limb);
                continue;
            }

            for (int k = 0; k < n; k++)
            {
                long c = coefficients[k];
                ulong magnitude = (ulong)Math.Abs(c);
                magnitude = magnitude < q ? magnitude : Reduce(magnitude, primes[block]);
                limb[k] = c >= 0 ? magnitude : ModularArithmetic.Negate(magnitude, q);
            }
        }
    }

    /// <summary>cₖ mod q for |cₖ| &lt; q: cₖ + (q masked by the sign of cₖ).</summary>
    private static void SmallToResidues(ReadOnlySpan<long> coefficients, ulong q, Span<ulong> destination)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var modulus = Vector256.Create((long)q);
            ReadOnlySpan<Vector256<long>> source = MemoryMarshal.Cast<long, Vector256<long>>(coefficients);
            Span<Vector256<ulong>> target = MemoryMarshal.Cast<ulong, Vector256<ulong>>(destination);
            for (int v = 0; v < source.Length; v++)
            {
                Vector256<long> c = source[v];
                target[v] = (c + (Vector256.ShiftRightArithmetic(c, 63) & modulus)).AsUInt64();
            }

            k = source.Length * Vector256<long>.Count;
        }

        for (; k < destination.Length; k++)
        {
            long c = coefficients[k];
            destination[k] = (ulong)(c + ((c >> 63) & (long)q));
        }
    }

    /// <summary>
    /// The centered lift of residues modulo <paramref name="p"/> to prime <paramref name="targetPrime"/>: r ↦ r or r − p,
    /// whichever is nearer 0, then reduced; branch-free (r is uniform, so a branch would mispredict half the time).
    /// </summary>
    internal void CenteredLift(ReadOnlySpan<ulong> residues, ulong p, int targetPrime, Span<ulong> destination)
    {
        ulong q = _moduli[targetPrime], unit = _unitShoup[targetPrime], half = p >> 1;
        for (int k = 0; k < destination.Length; k++)
        {
            ulong r = residues[k];
            ulong negative = 0UL - (r > half ? 1UL : 0UL);
            ulong magnitude = r ^ ((r ^ (p - r)) & negative);
            ulong reduced = ModularArithmetic.MultiplyShoup(magnitude, 1, unit, q);
            ulong negated = (q - reduced) & (0UL - (reduced != 0 ? 1UL : 0UL));
            destination[k] = reduced ^ ((reduced ^ negated) & negative);
        }
    }

    /// <summary>Prime indices 0 … limbs − 1.</summary>
    internal int[] PrefixPrimes(int limbs) => _prefixPrimes[limbs];

    /// <summary>Prime indices 0 … limbs − 1 followed by the special prime: the basis of key switching and of public-key encryption.</summary>
    internal int[] ExtendedPrimes(int limbs) => _extendedPrimes[limbs];

    /// <summary>Forward NTT of block b modulo prime primes[b], for every block, in parallel.</summary>
    internal void ForwardNtt(ulong[] polynomial, int[] primes) =>
        CkksParallel.For(primes.Length, Degree, (Tables: _ntt, Polynomial: polynomial, Primes: primes, N: Degree), static (s, b) => s.Tables[s.Primes[b]].Forward(s.Polynomial.AsSpan(b * s.N, s.N)));

    /// <summary>
    /// (x − [x]_d)·q_d⁻¹ on limbs 0 … limbs−1, where x is the <paramref name="limbs"/> blocks at <paramref name="sourceOffset"/>
    /// of <paramref name="source"/> followed by one block modulo prime <paramref name="divisorPrime"/> (d ≥ limbs: the last
    /// data prime when rescaling, the special prime P after key switching or public-key encryption). All blocks are in NTT
    /// form; [x]_d is centered, so the division rounds to nearest. Writes the limbs to <paramref name="destination"/> at
    /// <paramref name="offset"/>. Allocates nothing (its temporaries are pooled).
    /// </summary>
    internal void DivideByLastBlockInto(ulong[] source, int sourceOffset, int limbs, int divisorPrime, ulong[] destination, int offset)
    {
        int n = Degree;
        ulong[] top = System.Buffers.ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            source.AsSpan(sourceOffset + (limbs * n), n).CopyTo(top);
            _ntt[divisorPrime].Inverse(top.AsSpan(0, n));
            CkksParallel.For(
                limbs,
                n,
                (Context: this, Top: top, Divisor: divisorPrime, Source: source, SourceOffset: sourceOffset, Destination: destination, Offset: offset),
                static (s, i) => s.Context.DivideLimbByLastBlock(s.Top, s.Divisor, s.Source, s.SourceOffset, s.Destination, s.Offset, i));
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(top);
        }
    }

    private void DivideLimbByLastBlock(ulong[] top, int divisorPrime, ulong[] source, int sourceOffset, ulong[] destination, int offset, int i)
    {
        int n = Degree;
        ulong q = _moduli[i];
        ulong[] carried = System.Buffers.ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            CenteredLift(top.AsSpan(0, n), _moduli[divisorPrime], i, carried.AsSpan(0, n));
            _ntt[i].Forward(carried.AsSpan(0, n));
            Span<ulong> target = destination.AsSpan(offset + (i * n), n);
            PolynomialKernels.SubtractMod(source.AsSpan(sourceOffset + (i * n), n), carried.AsSpan(0, n), q, target);
            PolynomialKernels.MultiplyScalarMod(target, _rescaleInverse[divisorPrime][i], q, target);
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(carried);
        }
    }

    /// <summary>
    /// Writes integer-valued doubles (already rounded) into limbs 0 … limbs−1: exactly, whatever their size, by splitting
    /// each into its 53-bit mantissa and a power of two (so scales beyond 2⁶² — spanning several primes — encode exactly).
    /// </summary>
    internal void ToRns(ReadOnlySpan<double> coefficients, Span<ulong> destination, int limbs)
    {
        int n = Degree;
        for (int i = 0; i < limbs; i++)
        {
            ulong q = _moduli[i];
            Span<ulong> limb = destination.Slice(i * n, n);
            for (int k = 0; k < n; k++)
            {
                double c = coefficients[k];
                double magnitude = Math.Abs(c);
                ulong residue;
                if (magnitude < 9.2e18)
                {
                    residue = Reduce((ulong)magnitude, i);
                }
                else
                {
                    long bits = BitConverter.DoubleToInt64Bits(magnitude);
                    int exponent = (int)((bits >> 52) & 0x7FF) - 1075;
                    ulong mantissa = (ulong)(bits & 0xF_FFFF_FFFF_FFFF) | (1UL << 52);
                    residue = ModularArithmetic.Multiply(mantissa % q, ModularArithmetic.Pow(2, (ulong)exponent, q), q);
                }

                limb[k] = c >= 0 ? residue : ModularArithmetic.Negate(residue, q);
            }
        }
    }

    /// <summary>
    /// The centered integer with residues coefficients[i·N + k] modulo q₀ … q_{L−1}, as a double: Garner's mixed-radix
    /// digits, compared with those of (Q − 1)/2, so no precision is lost to cancellation for values much smaller than Q.
    /// </summary>
    internal double ComposeCentered(ulong[] coefficients, int k, int limbs)
    {
        if (limbs == 1)
        {
            ulong q = Modulus(0);
            ulong r = coefficients[k];
            return r > q / 2 ? -(double)(q - r) : r;
        }

        Span<ulong> digits = stackalloc ulong[limbs];
        for (int i = 0; i < limbs; i++)
        {
            ulong qi = Modulus(i);
            ulong[] radix = _garnerRadix[limbs - 1][i];
            ulong partial = 0;
            for (int j = 0; j < i; j++)
            {
                // digits[j] < q_j may exceed qᵢ: Shoup multiplication accepts any 64-bit operand.
                partial = ModularArithmetic.Add(partial, ModularArithmetic.MultiplyShoup(digits[j], radix[j], radix[j + limbs], qi), qi);
            }

            ulong residue = coefficients[(i * Degree) + k];
            ulong inverse = GarnerInverse(limbs, i);
            digits[i] = ModularArithmetic.MultiplyShoup(ModularArithmetic.Subtract(residue, partial, qi), inverse, _garnerInverseShoup[limbs - 1][i], qi);
        }

        // x > (Q − 1)/2 ⇔ x ≥ (Q + 1)/2; the top mixed-radix digit of Q/2 is ⌊q_{L−1}/2⌋ with the lower digits of (Q − 1)/2.
        bool negative = IsAboveHalf(digits, limbs);
        if (negative)
        {
            // Q − x: digits (q_i − 1 − d_i), plus one with carries.
            ulong carry = 1;
            for (int i = 0; i < limbs; i++)
            {
                ulong qi = Modulus(i);
                ulong d = qi - 1 - digits[i] + carry;
                carry = d == qi ? 1UL : 0UL;
                digits[i] = carry == 1 ? 0 : d;
            }
        }

        double value = 0, radixValue = 1;
        for (int i = 0; i < limbs; i++)
        {
            value += digits[i] * radixValue;
            radixValue *= Modulus(i);
        }

        return negative ? -value : value;
    }

    private bool IsAboveHalf(ReadOnlySpan<ulong> digits, int limbs)
    {
        ulong[] half = _halfDigits[limbs - 1];
        for (int i = limbs - 1; i >= 0; i--)
        {
            if (digits[i] != half[i])
            {
                return digits[i] > half[i];
            }
        }

        return false;
    }

    /// <summary>Describes the context by its parameters.</summary>
    /// <returns>The parameters' description.</returns>
    public override string ToString() => $"CkksContext({Parameters})";

    private static ulong[] GeneratePrimes(CkksParameters parameters)
    {
        // Exactly SEAL's CoeffModulus.Create: for each bit size the c largest primes of that size ≡ 1 mod 2N, handed out
        // smallest first, so the last occurrence of a size gets the largest prime (checked against node-seal in the tests).
        var taken = new Dictionary<int, int>();
        var ordered = new ulong[parameters.PrimeBits.Count];
        var bySize = parameters.PrimeBits.Distinct().ToDictionary(b => b, b => NttPrimes.Generate(b, parameters.PolyModulusDegree, parameters.PrimeBits.Count(x => x == b)));
        for (int i = 0; i < ordered.Length; i++)
        {
            int bits = parameters.PrimeBits[i];
            taken.TryGetValue(bits, out int k);
            ulong[] candidates = bySize[bits];
            ordered[i] = candidates[candidates.Length - 1 - k];
            taken[bits] = k + 1;
        }

        return ordered;
    }
}
