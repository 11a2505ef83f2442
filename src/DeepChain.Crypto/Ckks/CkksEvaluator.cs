using DeepChain.Crypto.Arithmetic;

namespace DeepChain.Crypto.Ckks;

/// <summary>
/// Homomorphic operations on CKKS ciphertexts: addition, subtraction, negation, plaintext and constant
/// multiplication, ciphertext multiplication (to size 3), rescaling and modulus switching. Every operation checks that
/// its operands share parameters, level and scale, and throws <see cref="CkksMismatchException"/> otherwise.
/// </summary>
/// <remarks>
/// All polynomials stay in the NTT domain, so additions and products are coefficient-wise per RNS limb; limbs are
/// processed in parallel. Rescaling divides by the last prime q_l of the ciphertext and drops it: for each limb i,
/// cᵢ ← (cᵢ − [c_l]ᵢ)·q_l⁻¹, where [c_l]ᵢ is the last limb, centered, carried to modulus qᵢ; the scale is divided by q_l.
/// </remarks>
public sealed class CkksEvaluator
{
    private readonly CkksContext _context;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="context">The CKKS context.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public CkksEvaluator(CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>a + b.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="b">A ciphertext at the same level and scale.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public CkksCiphertext Add(CkksCiphertext a, CkksCiphertext b) => Combine(a, b, subtract: false);

    /// <summary>a − b.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="b">A ciphertext at the same level and scale.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public CkksCiphertext Subtract(CkksCiphertext a, CkksCiphertext b) => Combine(a, b, subtract: true);

    /// <summary>The sum of many ciphertexts (for example one per party), accumulated limb by limb in parallel.</summary>
    /// <param name="ciphertexts">At least one ciphertext; all of size 2 at the same level and scale.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentException"><paramref name="ciphertexts"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">A ciphertext is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public CkksCiphertext Sum(IReadOnlyList<CkksCiphertext> ciphertexts)
    {
        ArgumentNullException.ThrowIfNull(ciphertexts);
        if (ciphertexts.Count == 0)
        {
            throw new ArgumentException("At least one ciphertext is needed.", nameof(ciphertexts));
        }

        CkksCiphertext first = Check(ciphertexts[0], nameof(ciphertexts));
        foreach (CkksCiphertext c in ciphertexts)
        {
            CheckPair(first, Check(c, nameof(ciphertexts)), nameof(ciphertexts));
        }

        int n = _context.Degree, limbs = first.LimbCount, size = first.Size;
        var data = (ulong[])first.Data.Clone();
        Parallel.For(0, size * limbs, block =>
        {
            ulong q = _context.Modulus(block % limbs);
            Span<ulong> target = data.AsSpan(block * n, n);
            for (int k = 1; k < ciphertexts.Count; k++)
            {
                PolynomialKernels.AddMod(target, ciphertexts[k].Data.AsSpan(block * n, n), q, target);
            }
        });
        return new CkksCiphertext(_context, data, size, limbs, first.Scale);
    }

    /// <summary>−a.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext belongs to other parameters.</exception>
    public CkksCiphertext Negate(CkksCiphertext a)
    {
        Check(a, nameof(a));
        var data = new ulong[a.Data.Length];
        ForEachBlock(a.Size, a.LimbCount, (block, q, span) => PolynomialKernels.NegateMod(a.Data.AsSpan(span), q, data.AsSpan(span)));
        return new CkksCiphertext(_context, data, a.Size, a.LimbCount, a.Scale);
    }

    /// <summary>a + p for a plaintext p at the same level and scale.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public CkksCiphertext AddPlain(CkksCiphertext a, CkksPlaintext plaintext) => CombinePlain(a, plaintext, subtract: false);

    /// <summary>a − p for a plaintext p at the same level and scale.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public CkksCiphertext SubtractPlain(CkksCiphertext a, CkksPlaintext plaintext) => CombinePlain(a, plaintext, subtract: true);

    /// <summary>a·p slot-wise for a plaintext p at the same level; the scales multiply (rescale afterwards).</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns>A new ciphertext with scale Δ_a·Δ_p.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands belong to other parameters or levels.</exception>
    public CkksCiphertext MultiplyPlain(CkksCiphertext a, CkksPlaintext plaintext)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
        CkksMismatchException.ThrowIfDifferent(a.LimbCount, 1, plaintext.LimbCount, 1, nameof(plaintext));
        int n = _context.Degree;
        var data = new ulong[a.Data.Length];
        ForEachBlock(a.Size, a.LimbCount, (block, q, span) =>
        {
            int limb = block % a.LimbCount;
            PolynomialKernels.MultiplyMod(a.Data.AsSpan(span), plaintext.Data.AsSpan(limb * n, n), q, data.AsSpan(span));
        });
        return new CkksCiphertext(_context, data, a.Size, a.LimbCount, a.Scale * plaintext.Scale);
    }

    /// <summary>a·k for an integer constant k (slot-wise), leaving the scale unchanged.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="constant">The integer.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext belongs to other parameters.</exception>
    public CkksCiphertext MultiplyInteger(CkksCiphertext a, long constant)
    {
        Check(a, nameof(a));
        var data = new ulong[a.Data.Length];
        ForEachBlock(a.Size, a.LimbCount, (block, q, span) =>
        {
            ulong magnitude = (ulong)Math.Abs(constant) % q;
            ulong k = constant >= 0 ? magnitude : ModularArithmetic.Negate(magnitude, q);
            PolynomialKernels.MultiplyScalarMod(a.Data.AsSpan(span), k, q, data.AsSpan(span));
        });
        return new CkksCiphertext(_context, data, a.Size, a.LimbCount, a.Scale);
    }

    /// <summary>a·c for a real constant c, encoded as round(c·Δ_c); the scale becomes Δ_a·Δ_c (rescale afterwards).</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="constant">The constant.</param>
    /// <param name="scale">Δ_c; the parameters' default scale when <see langword="null"/>.</param>
    /// <returns>A new ciphertext.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">c·Δ_c is not finite or does not fit in 62 bits.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext belongs to other parameters.</exception>
    public CkksCiphertext MultiplyConstant(CkksCiphertext a, double constant, double? scale = null)
    {
        double delta = scale ?? _context.Parameters.DefaultScale;
        double scaled = Math.Round(constant * delta);
        if (!(Math.Abs(scaled) < 4.6e18))
        {
            throw new ArgumentOutOfRangeException(nameof(constant), "The constant times the scale must be finite and below 2^62.");
        }

        CkksCiphertext product = MultiplyInteger(a, (long)scaled);
        return new CkksCiphertext(_context, product.Data, product.Size, product.LimbCount, a.Scale * delta);
    }

    /// <summary>a·b to a size-3 ciphertext (relinearization needs a relinearization key); the scales multiply.</summary>
    /// <param name="a">A ciphertext of size 2.</param>
    /// <param name="b">A ciphertext of size 2 at the same level.</param>
    /// <returns>A new size-3 ciphertext with scale Δ_a·Δ_b; decryptable as is.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands are not both of size 2, or are at different levels.</exception>
    public CkksCiphertext Multiply(CkksCiphertext a, CkksCiphertext b)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        CkksMismatchException.ThrowIfDifferent(a.LimbCount, 1, b.LimbCount, 1, nameof(b));
        if (a.Size != 2 || b.Size != 2)
        {
            throw new CkksMismatchException("Only size-2 ciphertexts can be multiplied; relinearize first.", a.Size != 2 ? nameof(a) : nameof(b));
        }

        int n = _context.Degree, limbs = a.LimbCount;
        var data = new ulong[3 * limbs * n];
        Parallel.For(0, limbs, i =>
        {
            ulong q = _context.Modulus(i);
            Span<ulong> d0 = data.AsSpan(i * n, n), d1 = data.AsSpan((limbs + i) * n, n), d2 = data.AsSpan(((2 * limbs) + i) * n, n);
            PolynomialKernels.MultiplyMod(a.Limb(0, i), b.Limb(0, i), q, d0);
            PolynomialKernels.MultiplyMod(a.Limb(0, i), b.Limb(1, i), q, d1);
            PolynomialKernels.MultiplyAddMod(a.Limb(1, i), b.Limb(0, i), q, d1);
            PolynomialKernels.MultiplyMod(a.Limb(1, i), b.Limb(1, i), q, d2);
        });
        return new CkksCiphertext(_context, data, 3, limbs, a.Scale * b.Scale);
    }

    /// <summary>Divides by the last prime of the ciphertext and drops it: the level falls by one, the scale is divided by that prime.</summary>
    /// <param name="a">A ciphertext at level ≥ 1.</param>
    /// <returns>A new ciphertext one level lower.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The ciphertext is at level 0.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext belongs to other parameters.</exception>
    public CkksCiphertext Rescale(CkksCiphertext a)
    {
        Check(a, nameof(a));
        if (a.LimbCount < 2)
        {
            throw new InvalidOperationException("The ciphertext is at level 0; there is no prime left to rescale by.");
        }

        int n = _context.Degree, limbs = a.LimbCount, last = limbs - 1;
        ulong qLast = _context.Modulus(last);
        var data = new ulong[a.Size * last * n];
        for (int c = 0; c < a.Size; c++)
        {
            // Component c's limbs 0 … last−1, then its last limb as the divisor block.
            _context.DivideByLastBlockInto(a.Data, c * limbs * n, last, last, data, c * last * n);
        }

        return new CkksCiphertext(_context, data, a.Size, last, a.Scale / qLast);
    }

    /// <summary>Drops the last prime without dividing (the scale is unchanged), to bring a ciphertext to a lower level.</summary>
    /// <param name="a">A ciphertext at level ≥ 1.</param>
    /// <returns>A new ciphertext one level lower.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The ciphertext is at level 0.</exception>
    public CkksCiphertext ModSwitchToNext(CkksCiphertext a)
    {
        Check(a, nameof(a));
        if (a.LimbCount < 2)
        {
            throw new InvalidOperationException("The ciphertext is at level 0.");
        }

        int n = _context.Degree, newLimbs = a.LimbCount - 1;
        var data = new ulong[a.Size * newLimbs * n];
        for (int c = 0; c < a.Size; c++)
        {
            a.Data.AsSpan(c * a.LimbCount * n, newLimbs * n).CopyTo(data.AsSpan(c * newLimbs * n));
        }

        return new CkksCiphertext(_context, data, a.Size, newLimbs, a.Scale);
    }

    /// <summary>Drops the last prime of a plaintext (to match a ciphertext one level lower).</summary>
    /// <param name="plaintext">A plaintext at level ≥ 1.</param>
    /// <returns>A new plaintext one level lower.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The plaintext is at level 0.</exception>
    public CkksPlaintext ModSwitchToNext(CkksPlaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
        if (plaintext.LimbCount < 2)
        {
            throw new InvalidOperationException("The plaintext is at level 0.");
        }

        int newLimbs = plaintext.LimbCount - 1;
        return new CkksPlaintext(_context, plaintext.Data.AsSpan(0, newLimbs * _context.Degree).ToArray(), newLimbs, plaintext.Scale);
    }

    /// <summary>Turns a size-3 product back into a size-2 ciphertext of the same values with the relinearization key.</summary>
    /// <param name="a">A size-3 ciphertext.</param>
    /// <param name="key">The relinearization key of the secret key.</param>
    /// <returns>A new size-2 ciphertext at the same level and scale.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext is not of size 3, or an argument belongs to other parameters.</exception>
    public CkksCiphertext Relinearize(CkksCiphertext a, CkksRelinearizationKey key)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(key);
        CkksMismatchException.ThrowIfOtherContext(_context, key.Context, nameof(key));
        if (a.Size != 3)
        {
            throw new CkksMismatchException($"Relinearization takes a size-3 ciphertext; this one has size {a.Size}.", nameof(a));
        }

        int n = _context.Degree, limbs = a.LimbCount;
        (ulong[] r0, ulong[] r1) = KeySwitch(a.Component(2).ToArray(), limbs, key);
        var data = new ulong[2 * limbs * n];
        Parallel.For(0, limbs, i =>
        {
            ulong q = _context.Modulus(i);
            PolynomialKernels.AddMod(a.Limb(0, i), r0.AsSpan(i * n, n), q, data.AsSpan(i * n, n));
            PolynomialKernels.AddMod(a.Limb(1, i), r1.AsSpan(i * n, n), q, data.AsSpan((limbs + i) * n, n));
        });
        return new CkksCiphertext(_context, data, 2, limbs, a.Scale);
    }

    /// <summary>a·b followed by relinearization.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="b">A size-2 ciphertext at the same level.</param>
    /// <param name="key">The relinearization key.</param>
    /// <returns>A new size-2 ciphertext with scale Δ_a·Δ_b (rescale afterwards).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public CkksCiphertext MultiplyRelinearize(CkksCiphertext a, CkksCiphertext b, CkksRelinearizationKey key) => Relinearize(Multiply(a, b), key);

    /// <summary>Rotates the slots left by <paramref name="steps"/> (right for negative steps), cyclically over the N/2 slots.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="steps">The rotation; its Galois key must be in <paramref name="keys"/>.</param>
    /// <param name="keys">Galois keys of the secret key.</param>
    /// <returns>A new ciphertext at the same level and scale.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext is not of size 2, an argument belongs to other parameters,
    /// or the keys do not cover this rotation.</exception>
    public CkksCiphertext Rotate(CkksCiphertext a, int steps, CkksGaloisKeys keys) => ApplyGalois(a, _context.GaloisElementForRotation(steps), keys);

    /// <summary>Replaces every slot by its complex conjugate.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="keys">Galois keys that include conjugation.</param>
    /// <returns>A new ciphertext at the same level and scale.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The keys do not include conjugation, or the operands do not match.</exception>
    public CkksCiphertext Conjugate(CkksCiphertext a, CkksGaloisKeys keys) => ApplyGalois(a, (2UL * (ulong)_context.Degree) - 1, keys);

    private CkksCiphertext ApplyGalois(CkksCiphertext a, ulong galoisElement, CkksGaloisKeys keys)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(keys);
        CkksMismatchException.ThrowIfOtherContext(_context, keys.Context, nameof(keys));
        if (a.Size != 2)
        {
            throw new CkksMismatchException($"Rotation takes a size-2 ciphertext; this one has size {a.Size}.", nameof(a));
        }

        if (galoisElement == 1)
        {
            return new CkksCiphertext(_context, (ulong[])a.Data.Clone(), 2, a.LimbCount, a.Scale);
        }

        if (!keys.TryGet(galoisElement, out CkksSwitchingKey key))
        {
            throw new CkksMismatchException($"The Galois keys do not include element {galoisElement}; create them with this rotation step.", nameof(keys));
        }

        int n = _context.Degree, limbs = a.LimbCount;
        var rotated = new ulong[2 * limbs * n];
        Parallel.For(0, 2 * limbs, block =>
        {
            int limb = block % limbs;
            var coefficients = a.Data.AsSpan(block * n, n).ToArray();
            _context.Ntt(limb).Inverse(coefficients);
            Span<ulong> target = rotated.AsSpan(block * n, n);
            _context.ApplyGalois(coefficients, galoisElement, _context.Modulus(limb), target);
            _context.Ntt(limb).Forward(target);
        });

        (ulong[] r0, ulong[] r1) = KeySwitch(rotated.AsSpan(limbs * n, limbs * n).ToArray(), limbs, key);
        var data = new ulong[2 * limbs * n];
        Parallel.For(0, limbs, i =>
        {
            ulong q = _context.Modulus(i);
            PolynomialKernels.AddMod(rotated.AsSpan(i * n, n), r0.AsSpan(i * n, n), q, data.AsSpan(i * n, n));
            r1.AsSpan(i * n, n).CopyTo(data.AsSpan((limbs + i) * n, n));
        });
        return new CkksCiphertext(_context, data, 2, limbs, a.Scale);
    }

    /// <summary>
    /// Hybrid key switching of d (NTT form over <paramref name="limbs"/> data limbs): Σⱼ [d]_{qⱼ}·kⱼ over the data limbs and
    /// P, then divided by P (rounded) back to the data limbs. Returns the two NTT-form components.
    /// </summary>
    private (ulong[] R0, ulong[] R1) KeySwitch(ulong[] d, int limbs, CkksSwitchingKey key)
    {
        int n = _context.Degree, special = _context.SpecialIndex;
        int targets = limbs + 1;

        // The digits [d]_{qⱼ} in coefficient form.
        var digits = (ulong[])d.Clone();
        _context.InverseNtt(digits, limbs);

        var acc0 = new ulong[targets * n];
        var acc1 = new ulong[targets * n];
        Parallel.For(0, targets, t =>
        {
            int modulusIndex = t < limbs ? t : special;
            ulong q = _context.Modulus(modulusIndex);
            var lifted = new ulong[n];
            Span<ulong> a0 = acc0.AsSpan(t * n, n), a1 = acc1.AsSpan(t * n, n);
            for (int j = 0; j < limbs; j++)
            {
                if (t == j)
                {
                    d.AsSpan(j * n, n).CopyTo(lifted);
                }
                else
                {
                    ReadOnlySpan<ulong> digit = digits.AsSpan(j * n, n);
                    for (int k = 0; k < n; k++)
                    {
                        lifted[k] = _context.Reduce(digit[k], modulusIndex);
                    }

                    _context.Ntt(modulusIndex).Forward(lifted);
                }

                PolynomialKernels.MultiplyAddMod(lifted, key.B[j].AsSpan(modulusIndex * n, n), q, a0);
                PolynomialKernels.MultiplyAddMod(lifted, key.A[j].AsSpan(modulusIndex * n, n), q, a1);
            }
        });

        return (_context.DivideBySpecial(acc0, limbs), _context.DivideBySpecial(acc1, limbs));
    }

    private CkksCiphertext Combine(CkksCiphertext a, CkksCiphertext b, bool subtract)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        CheckPair(a, b, nameof(b));

        // Coefficient-wise and memory-bound: one sequential SIMD pass beats fanning six blocks out to the thread pool, and
        // the result array need not be zeroed first.
        ulong[] data = GC.AllocateUninitializedArray<ulong>(a.Data.Length);
        CombineInto(a, b, subtract, data);
        return new CkksCiphertext(_context, data, a.Size, a.LimbCount, a.Scale);
    }

    /// <summary>a ← a + b in place (no allocation), for accumulating many ciphertexts into one.</summary>
    /// <param name="accumulator">The ciphertext to add into; it must not be shared with other threads meanwhile.</param>
    /// <param name="b">A ciphertext at the same level, scale and size.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public void AddInPlace(CkksCiphertext accumulator, CkksCiphertext b)
    {
        Check(accumulator, nameof(accumulator));
        Check(b, nameof(b));
        CheckPair(accumulator, b, nameof(b));
        CombineInto(accumulator, b, subtract: false, accumulator.Data);
        accumulator.Seed = null; // no longer a fresh encryption
    }

    private void CombineInto(CkksCiphertext a, CkksCiphertext b, bool subtract, ulong[] destination)
    {
        int n = _context.Degree;
        for (int block = 0; block < a.Size * a.LimbCount; block++)
        {
            ulong q = _context.Modulus(block % a.LimbCount);
            var range = new Range(block * n, (block + 1) * n);
            if (subtract)
            {
                PolynomialKernels.SubtractMod(a.Data.AsSpan(range), b.Data.AsSpan(range), q, destination.AsSpan(range));
            }
            else
            {
                PolynomialKernels.AddMod(a.Data.AsSpan(range), b.Data.AsSpan(range), q, destination.AsSpan(range));
            }
        }
    }

    private CkksCiphertext CombinePlain(CkksCiphertext a, CkksPlaintext plaintext, bool subtract)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
        CkksMismatchException.ThrowIfDifferent(a.LimbCount, a.Scale, plaintext.LimbCount, plaintext.Scale, nameof(plaintext));
        int n = _context.Degree;
        var data = (ulong[])a.Data.Clone();
        Parallel.For(0, a.LimbCount, i =>
        {
            ulong q = _context.Modulus(i);
            Span<ulong> c0 = data.AsSpan(i * n, n);
            if (subtract)
            {
                PolynomialKernels.SubtractMod(c0, plaintext.Data.AsSpan(i * n, n), q, c0);
            }
            else
            {
                PolynomialKernels.AddMod(c0, plaintext.Data.AsSpan(i * n, n), q, c0);
            }
        });
        return new CkksCiphertext(_context, data, a.Size, a.LimbCount, a.Scale);
    }

    private CkksCiphertext Check(CkksCiphertext a, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(a, parameterName);
        CkksMismatchException.ThrowIfOtherContext(_context, a.Context, parameterName);
        return a;
    }

    private static void CheckPair(CkksCiphertext a, CkksCiphertext b, string parameterName)
    {
        CkksMismatchException.ThrowIfDifferent(a.LimbCount, a.Scale, b.LimbCount, b.Scale, parameterName);
        if (a.Size != b.Size)
        {
            throw new CkksMismatchException($"The operands have different sizes ({a.Size} and {b.Size}); relinearize first.", parameterName);
        }
    }

    /// <summary>Runs <paramref name="action"/> on every (component, limb) block of N residues, in parallel.</summary>
    private void ForEachBlock(int size, int limbs, Action<int, ulong, Range> action)
    {
        int n = _context.Degree;
        Parallel.For(0, size * limbs, block => action(block, _context.Modulus(block % limbs), new Range(block * n, (block + 1) * n)));
    }
}
