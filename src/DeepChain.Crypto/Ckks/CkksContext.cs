using System.Collections.ObjectModel;
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
    private readonly ulong[][] _rescaleInverse;  // [l][i]: q_l⁻¹ mod q_i for i < l

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

    internal NttTables Ntt(int limb) => _ntt[limb];

    internal ulong GarnerInverse(int limbCount, int limb) => _garnerInverse[limbCount - 1][limb];

    internal ulong RescaleInverse(int droppedLimb, int limb) => _rescaleInverse[droppedLimb][limb];

    /// <summary>Forward NTT of each of the first <paramref name="limbs"/> limbs of a limb-major polynomial, in parallel.</summary>
    internal void ForwardNtt(Memory<ulong> polynomial, int limbs)
    {
        int n = Degree;
        if (limbs == 1)
        {
            _ntt[0].Forward(polynomial.Span[..n]);
            return;
        }

        Parallel.For(0, limbs, i => _ntt[i].Forward(polynomial.Span.Slice(i * n, n)));
    }

    /// <summary>Inverse NTT of each of the first <paramref name="limbs"/> limbs, in parallel.</summary>
    internal void InverseNtt(Memory<ulong> polynomial, int limbs)
    {
        int n = Degree;
        if (limbs == 1)
        {
            _ntt[0].Inverse(polynomial.Span[..n]);
            return;
        }

        Parallel.For(0, limbs, i => _ntt[i].Inverse(polynomial.Span.Slice(i * n, n)));
    }

    /// <summary>Writes a small signed integer polynomial (|coefficients| &lt; every prime) into limbs 0 … limbs−1, in coefficient form.</summary>
    internal void ToRns(ReadOnlySpan<long> coefficients, Span<ulong> destination, int limbs)
    {
        int n = Degree;
        for (int i = 0; i < limbs; i++)
        {
            ulong q = _moduli[i];
            Span<ulong> limb = destination.Slice(i * n, n);
            for (int k = 0; k < n; k++)
            {
                long c = coefficients[k];
                ulong magnitude = (ulong)Math.Abs(c) % q;
                limb[k] = c >= 0 ? magnitude : ModularArithmetic.Negate(magnitude, q);
            }
        }
    }

    /// <summary>Describes the context by its parameters.</summary>
    /// <returns>The parameters' description.</returns>
    public override string ToString() => $"CkksContext({Parameters})";

    private static ulong[] GeneratePrimes(CkksParameters parameters)
    {
        // Like SEAL: for each bit size the largest primes of that size ≡ 1 mod 2N, distinct; the k-th occurrence of a
        // size in the list gets the k-th largest prime of that size.
        var taken = new Dictionary<int, int>();
        var ordered = new ulong[parameters.PrimeBits.Count];
        var bySize = parameters.PrimeBits.Distinct().ToDictionary(b => b, b => NttPrimes.Generate(b, parameters.PolyModulusDegree, parameters.PrimeBits.Count(x => x == b)));
        for (int i = 0; i < ordered.Length; i++)
        {
            int bits = parameters.PrimeBits[i];
            taken.TryGetValue(bits, out int k);
            ordered[i] = bySize[bits][k];
            taken[bits] = k + 1;
        }

        return ordered;
    }
}
