using System.Buffers;
using System.Numerics;
using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Ckks;

/// <summary>
/// Encodes vectors of up to N/2 complex (or real) numbers into CKKS plaintexts and decodes them back, through the
/// canonical embedding.
/// </summary>
/// <remarks>
/// <para>With ζ = e<sup>iπ/N</sup>, slot j holds m(ζ<sup>5ʲ</sup>) / Δ, and the conjugate slot
/// m(ζ<sup>−5ʲ</sup>) holds its complex conjugate, so m has real coefficients. Ordering slots by powers of 5 makes the
/// Galois automorphism X ↦ X<sup>5</sup> a cyclic rotation of the slots. All N evaluations at odd powers
/// ζ<sup>2t+1</sup> are one length-N FFT of the twisted coefficients mₖζᵏ (ω = ζ² is a primitive N-th root of unity), so
/// encoding is an inverse FFT, an untwist, a scaling by Δ and rounding; decoding reverses it.</para>
/// <para>Precision: each coefficient is rounded to an integer, an error of at most 1/2 per coefficient, so about
/// √N/(2Δ) per slot, far below the encryption noise for the presets.</para>
/// </remarks>
public sealed class CkksEncoder
{
    private readonly CkksContext _context;
    private readonly int _n;
    private readonly int[] _slotIndex;          // slot j → t with 2t + 1 ≡ 5^j (mod 2N)
    private readonly Complex[] _twist;          // ζ^k
    private readonly Complex[] _roots;          // e^{2πik/N}, k < N/2
    private readonly int[] _bitReverse;

    /// <summary>Creates an encoder for a context.</summary>
    /// <param name="context">The CKKS context.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public CkksEncoder(CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _n = context.Degree;
        int slots = _n / 2;
        _slotIndex = new int[slots];
        long power = 1, twoN = 2L * _n;
        for (int j = 0; j < slots; j++)
        {
            _slotIndex[j] = (int)((power - 1) / 2);
            power = power * 5 % twoN;
        }

        _twist = new Complex[_n];
        for (int k = 0; k < _n; k++)
        {
            _twist[k] = Complex.FromPolarCoordinates(1, Math.PI * k / _n);
        }

        _roots = new Complex[_n / 2];
        for (int k = 0; k < _n / 2; k++)
        {
            _roots[k] = Complex.FromPolarCoordinates(1, 2 * Math.PI * k / _n);
        }

        int logN = BitOperations.Log2((uint)_n);
        _bitReverse = new int[_n];
        for (int k = 0; k < _n; k++)
        {
            _bitReverse[k] = NttTables.ReverseBits(k, logN);
        }
    }

    /// <summary>Gets the number of slots, N/2.</summary>
    public int SlotCount => _n / 2;

    /// <summary>Encodes real values (the remaining slots are zero) at all data limbs.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> finite values.</param>
    /// <param name="scale">Δ; the parameters' default scale when <see langword="null"/>.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="ArgumentException">There are more values than slots.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, the scale is out of range, or a scaled
    /// coefficient reaches half the modulus at this level.</exception>
    public CkksPlaintext Encode(ReadOnlySpan<double> values, double? scale = null)
    {
        double delta = CheckEncoding(values.Length, scale, nameof(values));
        CkksPlaintext destination = Uninitialized(_context.DataPrimeCount, delta);
        EncodeCore(values, [], delta, destination, nameof(values));
        return destination;
    }

    /// <summary>Encodes real values (the remaining slots are zero) into an existing plaintext, at its level, allocating nothing.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> finite values.</param>
    /// <param name="scale">Δ; the parameters' default scale when <see langword="null"/>.</param>
    /// <param name="destination">The plaintext to overwrite (<see cref="CkksPlaintext.Create"/>); its level is the level encoded at.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are more values than slots.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, the scale is out of range, or a scaled
    /// coefficient reaches half the modulus at the destination's level; the destination is then left unchanged.</exception>
    /// <exception cref="CkksMismatchException">The destination belongs to other parameters.</exception>
    public void Encode(ReadOnlySpan<double> values, double? scale, CkksPlaintext destination)
    {
        double delta = CheckEncoding(values.Length, scale, nameof(values));
        ArgumentNullException.ThrowIfNull(destination);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, destination.LimbCount);
        EncodeCore(values, [], delta, destination, nameof(values));
    }

    /// <summary>Encodes complex values (the remaining slots are zero) at the given number of limbs.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> finite values.</param>
    /// <param name="scale">Δ; the parameters' default scale when <see langword="null"/>.</param>
    /// <param name="limbCount">The number of data limbs (level + 1); all data limbs when <see langword="null"/>.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="ArgumentException">There are more values than slots.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, the scale or limb count is out of range, or a
    /// scaled coefficient reaches half the modulus at this level.</exception>
    public CkksPlaintext Encode(ReadOnlySpan<Complex> values, double? scale = null, int? limbCount = null)
    {
        double delta = CheckEncoding(values.Length, scale, nameof(values));
        int limbs = limbCount ?? _context.DataPrimeCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(limbs, 1, nameof(limbCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limbs, _context.DataPrimeCount, nameof(limbCount));
        CkksPlaintext destination = Uninitialized(limbs, delta);
        EncodeCore([], values, delta, destination, nameof(values));
        return destination;
    }

    /// <summary>Encodes complex values (the remaining slots are zero) into an existing plaintext, at its level, allocating nothing.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> finite values.</param>
    /// <param name="scale">Δ; the parameters' default scale when <see langword="null"/>.</param>
    /// <param name="destination">The plaintext to overwrite (<see cref="CkksPlaintext.Create"/>); its level is the level encoded at.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are more values than slots.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, the scale is out of range, or a scaled
    /// coefficient reaches half the modulus at the destination's level; the destination is then left unchanged.</exception>
    /// <exception cref="CkksMismatchException">The destination belongs to other parameters.</exception>
    public void Encode(ReadOnlySpan<Complex> values, double? scale, CkksPlaintext destination)
    {
        double delta = CheckEncoding(values.Length, scale, nameof(values));
        ArgumentNullException.ThrowIfNull(destination);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, destination.LimbCount);
        EncodeCore([], values, delta, destination, nameof(values));
    }

    private double CheckEncoding(int count, double? scale, string valuesName)
    {
        double delta = scale ?? _context.Parameters.DefaultScale;
        if (count > SlotCount)
        {
            throw new ArgumentException($"There are {count} values for {SlotCount} slots.", valuesName);
        }

        if (!(delta >= 1) || double.IsInfinity(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), "The scale must be a finite number of at least 1.");
        }

        return delta;
    }

    // Every residue of the plaintext is written by EncodeCore before anyone sees it, so it need not be zeroed first.
    private CkksPlaintext Uninitialized(int limbs, double scale) =>
        new(_context, GC.AllocateUninitializedArray<ulong>(limbs * _n), limbs, scale);

    /// <summary>Places the slots (<paramref name="real"/> or <paramref name="complex"/>, the other empty), inverse FFT,
    /// untwist, scale and round, then writes the residues in NTT form; checks everything before writing.</summary>
    private void EncodeCore(ReadOnlySpan<double> real, ReadOnlySpan<Complex> complex, double delta, CkksPlaintext destination, string valuesName)
    {
        int limbs = destination.LimbCount;
        Complex[] evaluations = ArrayPool<Complex>.Shared.Rent(_n);
        double[] scaled = ArrayPool<double>.Shared.Rent(_n);
        try
        {
            Array.Clear(evaluations, 0, _n);
            int count = Math.Max(real.Length, complex.Length);
            for (int j = 0; j < count; j++)
            {
                Complex z = complex.IsEmpty ? real[j] : complex[j];
                if (!double.IsFinite(z.Real) || !double.IsFinite(z.Imaginary))
                {
                    throw new ArgumentOutOfRangeException(valuesName, $"Value {j} is not finite.");
                }

                evaluations[_slotIndex[j]] = z;
                evaluations[_n - 1 - _slotIndex[j]] = Complex.Conjugate(z);
            }

            Transform(evaluations, inverse: true);
            double maximum = 0;
            for (int k = 0; k < _n; k++)
            {
                scaled[k] = Math.Round((evaluations[k] * Complex.Conjugate(_twist[k])).Real / _n * delta);
                maximum = Math.Max(maximum, Math.Abs(scaled[k]));
            }

            // The coefficients must stay below Q/2 of the limbs they are encoded at, or decoding wraps around.
            double logQ = _context.LogModulus(limbs);

            if (!double.IsFinite(maximum) || (maximum >= 1 && Math.Log2(maximum) >= logQ - 1))
            {
                throw new ArgumentOutOfRangeException(valuesName, $"The values times the scale reach 2^{Math.Log2(maximum):0.#}, beyond the {logQ:0} bits of the modulus at this level.");
            }

            ulong[] data = destination.Data;
            _context.ToRns(scaled.AsSpan(0, _n), data, limbs);
            _context.ForwardNtt(data, limbs);
            destination.Scale = delta;
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(evaluations, clearArray: true);
            ArrayPool<double>.Shared.Return(scaled, clearArray: true);
        }
    }

    /// <summary>Decodes the real parts of all slots.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns><see cref="SlotCount"/> values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The plaintext belongs to another context.</exception>
    public double[] Decode(CkksPlaintext plaintext)
    {
        CheckDecoding(plaintext);
        var result = new double[SlotCount];
        DecodeCore(plaintext, result, []);
        return result;
    }

    /// <summary>Decodes the real parts of the first <c>destination.Length</c> slots, allocating nothing.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="destination">Receives slots 0 … <c>destination.Length</c> − 1; at most <see cref="SlotCount"/> long.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is longer than <see cref="SlotCount"/>.</exception>
    /// <exception cref="CkksMismatchException">The plaintext belongs to another context.</exception>
    public void Decode(CkksPlaintext plaintext, Span<double> destination)
    {
        CheckDecoding(plaintext);
        CheckDestinationLength(destination.Length, nameof(destination));
        DecodeCore(plaintext, destination, []);
    }

    /// <summary>Decodes all slots as complex numbers.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns><see cref="SlotCount"/> values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The plaintext belongs to another context.</exception>
    public Complex[] DecodeComplex(CkksPlaintext plaintext)
    {
        CheckDecoding(plaintext);
        var slots = new Complex[SlotCount];
        DecodeCore(plaintext, [], slots);
        return slots;
    }

    /// <summary>Decodes the first <c>destination.Length</c> slots as complex numbers, allocating nothing.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="destination">Receives slots 0 … <c>destination.Length</c> − 1; at most <see cref="SlotCount"/> long.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is longer than <see cref="SlotCount"/>.</exception>
    /// <exception cref="CkksMismatchException">The plaintext belongs to another context.</exception>
    public void Decode(CkksPlaintext plaintext, Span<Complex> destination)
    {
        CheckDecoding(plaintext);
        CheckDestinationLength(destination.Length, nameof(destination));
        DecodeCore(plaintext, [], destination);
    }

    private void CheckDecoding(CkksPlaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
    }

    private void CheckDestinationLength(int length, string destinationName)
    {
        if (length > SlotCount)
        {
            throw new ArgumentException($"The destination has {length} elements for {SlotCount} slots.", destinationName);
        }
    }

    /// <summary>Inverse NTT, exact centered reconstruction, untwist, forward FFT; writes the real parts of the slots to
    /// <paramref name="real"/> or the slots to <paramref name="complex"/> (as many as each holds).</summary>
    private void DecodeCore(CkksPlaintext plaintext, Span<double> real, Span<Complex> complex)
    {
        int limbs = plaintext.LimbCount;
        ulong[] coefficients = ArrayPool<ulong>.Shared.Rent(limbs * _n);
        Complex[] twisted = ArrayPool<Complex>.Shared.Rent(_n);
        try
        {
            plaintext.Data.AsSpan(0, limbs * _n).CopyTo(coefficients);
            _context.InverseNtt(coefficients, limbs);
            double inverseScale = 1 / plaintext.Scale;
            for (int k = 0; k < _n; k++)
            {
                twisted[k] = _twist[k] * (_context.ComposeCentered(coefficients, k, limbs) * inverseScale);
            }

            Transform(twisted, inverse: false);
            for (int j = 0; j < real.Length; j++)
            {
                real[j] = twisted[_slotIndex[j]].Real;
            }

            for (int j = 0; j < complex.Length; j++)
            {
                complex[j] = twisted[_slotIndex[j]];
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(coefficients, clearArray: true);
            ArrayPool<Complex>.Shared.Return(twisted, clearArray: true);
        }
    }

    /// <summary>In-place radix-2 FFT with e^{+2πi/N} (forward) or e^{−2πi/N} and division by N omitted (inverse).</summary>
    private void Transform(Complex[] a, bool inverse)
    {
        int n = _n;
        for (int k = 0; k < n; k++)
        {
            int r = _bitReverse[k];
            if (k < r)
            {
                (a[k], a[r]) = (a[r], a[k]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            int half = length >> 1;
            int stride = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int j = 0; j < half; j++)
                {
                    Complex w = _roots[j * stride];
                    if (inverse)
                    {
                        w = Complex.Conjugate(w);
                    }

                    Complex u = a[start + j];
                    Complex v = a[start + j + half] * w;
                    a[start + j] = u + v;
                    a[start + j + half] = u - v;
                }
            }
        }
    }
}
