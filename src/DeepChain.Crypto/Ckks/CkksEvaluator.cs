using System.Buffers;
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
/// <para>Each operation has an allocating form, which returns a new ciphertext, and a destination form, which writes into a
/// ciphertext made once with <see cref="CkksCiphertext.Create"/> (of exactly the size and level of the result) and
/// allocates nothing: its temporaries (key-switching digits and accumulators, NTT scratch) come from
/// <see cref="ArrayPool{T}.Shared"/> and go back in <see langword="finally"/> blocks. A destination may be an operand
/// wherever size and level allow (for example <c>Add(a, b, a)</c> or <c>Rotate(a, 1, keys, a)</c>).</para>
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

    /// <summary>destination ← a + b, allocating nothing.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="b">A ciphertext at the same level, scale and size.</param>
    /// <param name="destination">A ciphertext of the operands' size and level; it may be <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match, or the destination has another size or level.</exception>
    public void Add(CkksCiphertext a, CkksCiphertext b, CkksCiphertext destination) => Combine(a, b, subtract: false, destination);

    /// <summary>destination ← a − b, allocating nothing.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="b">A ciphertext at the same level, scale and size.</param>
    /// <param name="destination">A ciphertext of the operands' size and level; it may be <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match, or the destination has another size or level.</exception>
    public void Subtract(CkksCiphertext a, CkksCiphertext b, CkksCiphertext destination) => Combine(a, b, subtract: true, destination);

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
        CkksCiphertext destination = Uninitialized(a.Size, a.LimbCount, a.Scale);
        NegateCore(a, destination);
        return destination;
    }

    /// <summary>destination ← −a, allocating nothing.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="destination">A ciphertext of <paramref name="a"/>'s size and level; it may be <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">An argument belongs to other parameters, or the destination has another size or level.</exception>
    public void Negate(CkksCiphertext a, CkksCiphertext destination)
    {
        Check(a, nameof(a));
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, a.Size, a.LimbCount);
        NegateCore(a, destination);
    }

    private void NegateCore(CkksCiphertext a, CkksCiphertext destination)
    {
        int n = _context.Degree;
        for (int block = 0; block < a.Size * a.LimbCount; block++)
        {
            PolynomialKernels.NegateMod(a.Data.AsSpan(block * n, n), _context.Modulus(block % a.LimbCount), destination.Data.AsSpan(block * n, n));
        }

        destination.SetResult(a.Scale);
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

    /// <summary>destination ← a + p for a plaintext p at the same level and scale, allocating nothing.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="destination">A ciphertext of <paramref name="a"/>'s size and level; it may be <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match, or the destination has another size or level.</exception>
    public void AddPlain(CkksCiphertext a, CkksPlaintext plaintext, CkksCiphertext destination) => CombinePlain(a, plaintext, subtract: false, destination);

    /// <summary>destination ← a − p for a plaintext p at the same level and scale, allocating nothing.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="destination">A ciphertext of <paramref name="a"/>'s size and level; it may be <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match, or the destination has another size or level.</exception>
    public void SubtractPlain(CkksCiphertext a, CkksPlaintext plaintext, CkksCiphertext destination) => CombinePlain(a, plaintext, subtract: true, destination);

    /// <summary>a·p slot-wise for a plaintext p at the same level; the scales multiply (rescale afterwards).</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <returns>A new ciphertext with scale Δ_a·Δ_p.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands belong to other parameters or levels.</exception>
    public CkksCiphertext MultiplyPlain(CkksCiphertext a, CkksPlaintext plaintext)
    {
        CheckMultiplyPlain(a, plaintext);
        CkksCiphertext destination = Uninitialized(a.Size, a.LimbCount, a.Scale * plaintext.Scale);
        MultiplyPlainCore(a, plaintext, destination);
        return destination;
    }

    /// <summary>destination ← a·p slot-wise for a plaintext p at the same level, allocating nothing; the scales multiply.</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="destination">A ciphertext of <paramref name="a"/>'s size and level; it may be <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands belong to other parameters or levels, or the destination has
    /// another size or level.</exception>
    public void MultiplyPlain(CkksCiphertext a, CkksPlaintext plaintext, CkksCiphertext destination)
    {
        CheckMultiplyPlain(a, plaintext);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, a.Size, a.LimbCount);
        MultiplyPlainCore(a, plaintext, destination);
    }

    private void CheckMultiplyPlain(CkksCiphertext a, CkksPlaintext plaintext)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
        CkksMismatchException.ThrowIfDifferent(a.LimbCount, 1, plaintext.LimbCount, 1, nameof(plaintext));
    }

    private void MultiplyPlainCore(CkksCiphertext a, CkksPlaintext plaintext, CkksCiphertext destination)
    {
        int n = _context.Degree, limbs = a.LimbCount;
        double scale = a.Scale * plaintext.Scale;
        CkksParallel.For(
            a.Size * limbs,
            n,
            (Context: _context, A: a.Data, P: plaintext.Data, D: destination.Data, Limbs: limbs),
            static (s, block) =>
            {
                int n = s.Context.Degree, limb = block % s.Limbs;
                PolynomialKernels.MultiplyMod(s.A.AsSpan(block * n, n), s.P.AsSpan(limb * n, n), s.Context.Modulus(limb), s.D.AsSpan(block * n, n));
            });
        destination.SetResult(scale);
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
        int n = _context.Degree;
        ulong[] data = GC.AllocateUninitializedArray<ulong>(a.Data.Length);
        for (int block = 0; block < a.Size * a.LimbCount; block++)
        {
            ulong q = _context.Modulus(block % a.LimbCount);
            ulong magnitude = (ulong)Math.Abs(constant) % q;
            ulong k = constant >= 0 ? magnitude : ModularArithmetic.Negate(magnitude, q);
            PolynomialKernels.MultiplyScalarMod(a.Data.AsSpan(block * n, n), k, q, data.AsSpan(block * n, n));
        }

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
        CheckMultiply(a, b);
        CkksCiphertext destination = Uninitialized(3, a.LimbCount, a.Scale * b.Scale);
        MultiplyCore(a, b, destination.Data);
        return destination;
    }

    /// <summary>destination ← a·b, a size-3 ciphertext (relinearize it afterwards), allocating nothing; the scales multiply.</summary>
    /// <param name="a">A ciphertext of size 2.</param>
    /// <param name="b">A ciphertext of size 2 at the same level.</param>
    /// <param name="destination">A size-3 ciphertext at the operands' level (<c>CkksCiphertext.Create(context, 3, level)</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands are not both of size 2, are at different levels, or the
    /// destination is not of size 3 at their level.</exception>
    public void Multiply(CkksCiphertext a, CkksCiphertext b, CkksCiphertext destination)
    {
        CheckMultiply(a, b);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, 3, a.LimbCount);
        MultiplyCore(a, b, destination.Data);
        destination.SetResult(a.Scale * b.Scale);
    }

    private void CheckMultiply(CkksCiphertext a, CkksCiphertext b)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        CkksMismatchException.ThrowIfDifferent(a.LimbCount, 1, b.LimbCount, 1, nameof(b));
        if (a.Size != 2 || b.Size != 2)
        {
            throw new CkksMismatchException("Only size-2 ciphertexts can be multiplied; relinearize first.", a.Size != 2 ? nameof(a) : nameof(b));
        }
    }

    /// <summary>The tensor product (a₀b₀, a₀b₁ + a₁b₀, a₁b₁) into a size-3 layout; every residue of <paramref name="target"/> is written.</summary>
    private void MultiplyCore(CkksCiphertext a, CkksCiphertext b, ulong[] target) =>
        CkksParallel.For(
            a.LimbCount,
            _context.Degree,
            (Context: _context, A: a, B: b, Target: target),
            static (s, i) =>
            {
                int n = s.Context.Degree, limbs = s.A.LimbCount;
                ulong q = s.Context.Modulus(i);
                Span<ulong> d0 = s.Target.AsSpan(i * n, n), d1 = s.Target.AsSpan((limbs + i) * n, n), d2 = s.Target.AsSpan(((2 * limbs) + i) * n, n);
                PolynomialKernels.MultiplyMod(s.A.Limb(0, i), s.B.Limb(0, i), q, d0);
                PolynomialKernels.MultiplyMod(s.A.Limb(0, i), s.B.Limb(1, i), q, d1);
                PolynomialKernels.MultiplyAddMod(s.A.Limb(1, i), s.B.Limb(0, i), q, d1);
                PolynomialKernels.MultiplyMod(s.A.Limb(1, i), s.B.Limb(1, i), q, d2);
            });

    /// <summary>Divides by the last prime of the ciphertext and drops it: the level falls by one, the scale is divided by that prime.</summary>
    /// <param name="a">A ciphertext at level ≥ 1.</param>
    /// <returns>A new ciphertext one level lower.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The ciphertext is at level 0.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext belongs to other parameters.</exception>
    public CkksCiphertext Rescale(CkksCiphertext a)
    {
        CheckRescale(a);
        CkksCiphertext destination = Uninitialized(a.Size, a.LimbCount - 1, a.Scale);
        RescaleCore(a, destination);
        return destination;
    }

    /// <summary>destination ← a divided by its last prime, allocating nothing: one level lower, the scale divided by that prime.</summary>
    /// <param name="a">A ciphertext at level ≥ 1.</param>
    /// <param name="destination">A ciphertext of <paramref name="a"/>'s size one level lower.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="a"/> is at level 0.</exception>
    /// <exception cref="CkksMismatchException">An argument belongs to other parameters, or the destination is not of
    /// <paramref name="a"/>'s size one level lower.</exception>
    public void Rescale(CkksCiphertext a, CkksCiphertext destination)
    {
        CheckRescale(a);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, a.Size, a.LimbCount - 1);
        RescaleCore(a, destination);
    }

    private void CheckRescale(CkksCiphertext a)
    {
        Check(a, nameof(a));
        if (a.LimbCount < 2)
        {
            throw new InvalidOperationException("The ciphertext is at level 0; there is no prime left to rescale by.");
        }
    }

    private void RescaleCore(CkksCiphertext a, CkksCiphertext destination)
    {
        int n = _context.Degree, limbs = a.LimbCount, last = limbs - 1;
        for (int c = 0; c < a.Size; c++)
        {
            // Component c's limbs 0 … last−1, then its last limb as the divisor block.
            _context.DivideByLastBlockInto(a.Data, c * limbs * n, last, last, destination.Data, c * last * n);
        }

        destination.SetResult(a.Scale / _context.Modulus(last));
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
        CheckRelinearize(a, key);
        CkksCiphertext destination = Uninitialized(2, a.LimbCount, a.Scale);
        RelinearizeCore(a.Data, a.LimbCount, a.Scale, key, destination);
        return destination;
    }

    /// <summary>destination ← the size-2 relinearization of a size-3 product, allocating nothing.</summary>
    /// <param name="a">A size-3 ciphertext.</param>
    /// <param name="key">The relinearization key of the secret key.</param>
    /// <param name="destination">A size-2 ciphertext at <paramref name="a"/>'s level.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext is not of size 3, an argument belongs to other parameters, or
    /// the destination is not of size 2 at <paramref name="a"/>'s level.</exception>
    public void Relinearize(CkksCiphertext a, CkksRelinearizationKey key, CkksCiphertext destination)
    {
        CheckRelinearize(a, key);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, 2, a.LimbCount);
        RelinearizeCore(a.Data, a.LimbCount, a.Scale, key, destination);
    }

    private void CheckRelinearize(CkksCiphertext a, CkksRelinearizationKey key)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(key);
        CkksMismatchException.ThrowIfOtherContext(_context, key.Context, nameof(key));
        if (a.Size != 3)
        {
            throw new CkksMismatchException($"Relinearization takes a size-3 ciphertext; this one has size {a.Size}.", nameof(a));
        }
    }

    /// <summary>(c₀, c₁) + KeySwitch(c₂) from a size-3 layout in <paramref name="product"/> (never the destination's memory).</summary>
    private void RelinearizeCore(ulong[] product, int limbs, double scale, CkksSwitchingKey key, CkksCiphertext destination)
    {
        int n = _context.Degree;
        ulong[] data = destination.Data;
        KeySwitchInto(product, 2 * limbs * n, limbs, key, data);
        for (int i = 0; i < 2 * limbs; i++)
        {
            Span<ulong> target = data.AsSpan(i * n, n);
            PolynomialKernels.AddMod(target, product.AsSpan(i * n, n), _context.Modulus(i % limbs), target);
        }

        destination.SetResult(scale);
    }

    /// <summary>a·b followed by relinearization.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="b">A size-2 ciphertext at the same level.</param>
    /// <param name="key">The relinearization key.</param>
    /// <returns>A new size-2 ciphertext with scale Δ_a·Δ_b (rescale afterwards).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match.</exception>
    public CkksCiphertext MultiplyRelinearize(CkksCiphertext a, CkksCiphertext b, CkksRelinearizationKey key)
    {
        CheckMultiply(a, b);
        CheckKey(key);
        CkksCiphertext destination = Uninitialized(2, a.LimbCount, a.Scale * b.Scale);
        MultiplyRelinearizeCore(a, b, key, destination);
        return destination;
    }

    /// <summary>destination ← a·b relinearized, allocating nothing (the size-3 product lives in a pooled buffer).</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="b">A size-2 ciphertext at the same level.</param>
    /// <param name="key">The relinearization key.</param>
    /// <param name="destination">A size-2 ciphertext at the operands' level; it may be <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The operands do not match, or the destination is not of size 2 at their level.</exception>
    public void MultiplyRelinearize(CkksCiphertext a, CkksCiphertext b, CkksRelinearizationKey key, CkksCiphertext destination)
    {
        CheckMultiply(a, b);
        CheckKey(key);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, 2, a.LimbCount);
        MultiplyRelinearizeCore(a, b, key, destination);
    }

    private void CheckKey(CkksSwitchingKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CkksMismatchException.ThrowIfOtherContext(_context, key.Context, nameof(key));
    }

    private void MultiplyRelinearizeCore(CkksCiphertext a, CkksCiphertext b, CkksRelinearizationKey key, CkksCiphertext destination)
    {
        int limbs = a.LimbCount;
        double scale = a.Scale * b.Scale;
        ulong[] product = ArrayPool<ulong>.Shared.Rent(3 * limbs * _context.Degree);
        try
        {
            MultiplyCore(a, b, product);
            RelinearizeCore(product, limbs, scale, key, destination);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(product);
        }
    }

    /// <summary>Rotates the slots left by <paramref name="steps"/> (right for negative steps), cyclically over the N/2 slots.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="steps">The rotation; its Galois key must be in <paramref name="keys"/>.</param>
    /// <param name="keys">Galois keys of the secret key.</param>
    /// <returns>A new ciphertext at the same level and scale.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext is not of size 2, an argument belongs to other parameters,
    /// or the keys do not cover this rotation.</exception>
    public CkksCiphertext Rotate(CkksCiphertext a, int steps, CkksGaloisKeys keys) => ApplyGalois(a, _context.GaloisElementForRotation(steps), keys);

    /// <summary>destination ← a with its slots rotated left by <paramref name="steps"/> (right for negative steps), allocating nothing.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="steps">The rotation; its Galois key must be in <paramref name="keys"/>.</param>
    /// <param name="keys">Galois keys of the secret key.</param>
    /// <param name="destination">A size-2 ciphertext at <paramref name="a"/>'s level; it may be <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The ciphertext is not of size 2, an argument belongs to other parameters,
    /// the keys do not cover this rotation, or the destination is not of size 2 at <paramref name="a"/>'s level.</exception>
    public void Rotate(CkksCiphertext a, int steps, CkksGaloisKeys keys, CkksCiphertext destination) =>
        ApplyGalois(a, _context.GaloisElementForRotation(steps), keys, destination);

    /// <summary>Replaces every slot by its complex conjugate.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="keys">Galois keys that include conjugation.</param>
    /// <returns>A new ciphertext at the same level and scale.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The keys do not include conjugation, or the operands do not match.</exception>
    public CkksCiphertext Conjugate(CkksCiphertext a, CkksGaloisKeys keys) => ApplyGalois(a, (2UL * (ulong)_context.Degree) - 1, keys);

    /// <summary>destination ← a with every slot replaced by its complex conjugate, allocating nothing.</summary>
    /// <param name="a">A size-2 ciphertext.</param>
    /// <param name="keys">Galois keys that include conjugation.</param>
    /// <param name="destination">A size-2 ciphertext at <paramref name="a"/>'s level; it may be <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The keys do not include conjugation, the operands do not match, or the
    /// destination is not of size 2 at <paramref name="a"/>'s level.</exception>
    public void Conjugate(CkksCiphertext a, CkksGaloisKeys keys, CkksCiphertext destination) =>
        ApplyGalois(a, (2UL * (ulong)_context.Degree) - 1, keys, destination);

    private CkksCiphertext ApplyGalois(CkksCiphertext a, ulong galoisElement, CkksGaloisKeys keys)
    {
        CkksSwitchingKey? key = CheckGalois(a, galoisElement, keys);
        CkksCiphertext destination = Uninitialized(2, a.LimbCount, a.Scale);
        ApplyGaloisCore(a, galoisElement, key, destination);
        return destination;
    }

    private void ApplyGalois(CkksCiphertext a, ulong galoisElement, CkksGaloisKeys keys, CkksCiphertext destination)
    {
        CkksSwitchingKey? key = CheckGalois(a, galoisElement, keys);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, 2, a.LimbCount);
        ApplyGaloisCore(a, galoisElement, key, destination);
    }

    /// <summary>Checks a Galois operation and returns its key (null for the identity, g = 1).</summary>
    private CkksSwitchingKey? CheckGalois(CkksCiphertext a, ulong galoisElement, CkksGaloisKeys keys)
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
            return null;
        }

        if (!keys.TryGet(galoisElement, out CkksSwitchingKey key))
        {
            throw new CkksMismatchException($"The Galois keys do not include element {galoisElement}; create them with this rotation step.", nameof(keys));
        }

        return key;
    }

    /// <summary>σ_g on both components, then key switching of σ_g(c₁) from σ_g(s) back to s. The destination may be
    /// <paramref name="a"/>: a is read completely (into the pooled σ_g(c)) before the destination is written.</summary>
    private void ApplyGaloisCore(CkksCiphertext a, ulong galoisElement, CkksSwitchingKey? key, CkksCiphertext destination)
    {
        int n = _context.Degree, limbs = a.LimbCount;
        if (key is null)
        {
            a.Data.AsSpan(0, 2 * limbs * n).CopyTo(destination.Data);
            destination.SetResult(a.Scale);
            return;
        }

        double scale = a.Scale;
        ulong[] rotated = ArrayPool<ulong>.Shared.Rent(2 * limbs * n);
        ulong[] coefficients = ArrayPool<ulong>.Shared.Rent(2 * limbs * n);
        try
        {
            CkksParallel.For(
                2 * limbs,
                n,
                (Context: _context, Source: a.Data, Coefficients: coefficients, Rotated: rotated, Galois: galoisElement, Limbs: limbs),
                static (s, block) =>
                {
                    int n = s.Context.Degree, limb = block % s.Limbs;
                    Span<ulong> coefficients = s.Coefficients.AsSpan(block * n, n);
                    s.Source.AsSpan(block * n, n).CopyTo(coefficients);
                    s.Context.Ntt(limb).Inverse(coefficients);
                    Span<ulong> target = s.Rotated.AsSpan(block * n, n);
                    s.Context.ApplyGalois(coefficients, s.Galois, s.Context.Modulus(limb), target);
                    s.Context.Ntt(limb).Forward(target);
                });

            ulong[] data = destination.Data;
            KeySwitchInto(rotated, limbs * n, limbs, key, data);
            for (int i = 0; i < limbs; i++)
            {
                Span<ulong> c0 = data.AsSpan(i * n, n);
                PolynomialKernels.AddMod(c0, rotated.AsSpan(i * n, n), _context.Modulus(i), c0);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rotated);
            ArrayPool<ulong>.Shared.Return(coefficients);
        }

        destination.SetResult(scale);
    }

    /// <summary>
    /// Hybrid key switching of d (the <paramref name="limbs"/> NTT-form blocks of <paramref name="source"/> at
    /// <paramref name="offset"/>): Σⱼ [d]_{qⱼ}·kⱼ over the data limbs and P, then divided by P (rounded) back to the data
    /// limbs. Writes the two components, limb-major, to the first 2·limbs blocks of <paramref name="destination"/> (which must
    /// not overlap d). Every temporary is pooled; none holds a secret, so none is cleared.
    /// </summary>
    private void KeySwitchInto(ulong[] source, int offset, int limbs, CkksSwitchingKey key, ulong[] destination)
    {
        int n = _context.Degree, targets = limbs + 1;
        ulong[] digits = ArrayPool<ulong>.Shared.Rent(limbs * n);
        ulong[] accumulators = ArrayPool<ulong>.Shared.Rent(2 * targets * n);
        ulong[] lifted = ArrayPool<ulong>.Shared.Rent(targets * n);
        try
        {
            // The digits [d]_{qⱼ} in coefficient form.
            source.AsSpan(offset, limbs * n).CopyTo(digits);
            _context.InverseNtt(digits, limbs);
            CkksParallel.For(
                targets,
                n,
                (Context: _context, Source: source, Offset: offset, Limbs: limbs, Digits: digits, Accumulators: accumulators, Lifted: lifted, Key: key),
                static (s, t) => KeySwitchTarget(s.Context, s.Source, s.Offset, s.Limbs, s.Digits, s.Accumulators, s.Lifted, s.Key, t));

            // Accumulator 0 holds targets blocks (data limbs, then P), accumulator 1 the next targets blocks.
            _context.DivideByLastBlockInto(accumulators, 0, limbs, _context.SpecialIndex, destination, 0);
            _context.DivideByLastBlockInto(accumulators, targets * n, limbs, _context.SpecialIndex, destination, limbs * n);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(digits);
            ArrayPool<ulong>.Shared.Return(accumulators);
            ArrayPool<ulong>.Shared.Return(lifted);
        }
    }

    /// <summary>One target modulus t of key switching (a data prime, or P for t = limbs): Σⱼ [d]_{qⱼ}·(bⱼ, aⱼ) mod q_t.</summary>
    private static void KeySwitchTarget(
        CkksContext context, ulong[] source, int offset, int limbs, ulong[] digits, ulong[] accumulators, ulong[] lifted, CkksSwitchingKey key, int t)
    {
        int n = context.Degree, targets = limbs + 1;
        int modulusIndex = t < limbs ? t : context.SpecialIndex;
        ulong q = context.Modulus(modulusIndex);
        Span<ulong> a0 = accumulators.AsSpan(t * n, n), a1 = accumulators.AsSpan((targets + t) * n, n);
        Span<ulong> scratch = lifted.AsSpan(t * n, n);
        for (int j = 0; j < limbs; j++)
        {
            // [d]_{qⱼ} modulo q_t in NTT form: d itself when t = j, else the digit reduced and transformed.
            ReadOnlySpan<ulong> digit;
            if (t == j)
            {
                digit = source.AsSpan(offset + (j * n), n);
            }
            else
            {
                ReadOnlySpan<ulong> coefficients = digits.AsSpan(j * n, n);
                for (int k = 0; k < n; k++)
                {
                    scratch[k] = context.Reduce(coefficients[k], modulusIndex);
                }

                context.Ntt(modulusIndex).Forward(scratch);
                digit = scratch;
            }

            // The first product initializes the (pooled, unzeroed) accumulators.
            ReadOnlySpan<ulong> b = key.B[j].AsSpan(modulusIndex * n, n), a = key.A[j].AsSpan(modulusIndex * n, n);
            if (j == 0)
            {
                PolynomialKernels.MultiplyMod(digit, b, q, a0);
                PolynomialKernels.MultiplyMod(digit, a, q, a1);
            }
            else
            {
                PolynomialKernels.MultiplyAddMod(digit, b, q, a0);
                PolynomialKernels.MultiplyAddMod(digit, a, q, a1);
            }
        }
    }

    private CkksCiphertext Combine(CkksCiphertext a, CkksCiphertext b, bool subtract)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        CheckPair(a, b, nameof(b));

        // Coefficient-wise and memory-bound: one sequential SIMD pass beats fanning six blocks out to the thread pool, and
        // the result array need not be zeroed first.
        CkksCiphertext destination = Uninitialized(a.Size, a.LimbCount, a.Scale);
        CombineInto(a, b, subtract, destination.Data);
        return destination;
    }

    private void Combine(CkksCiphertext a, CkksCiphertext b, bool subtract, CkksCiphertext destination)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        CheckPair(a, b, nameof(b));
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, a.Size, a.LimbCount);
        double scale = a.Scale;
        CombineInto(a, b, subtract, destination.Data);
        destination.SetResult(scale);
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

    /// <summary>a ± b into <paramref name="destination"/>, block by block with the SIMD kernels; the destination may be a or b.</summary>
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
        CheckPlain(a, plaintext);
        CkksCiphertext destination = Uninitialized(a.Size, a.LimbCount, a.Scale);
        CombinePlainCore(a, plaintext, subtract, destination);
        return destination;
    }

    private void CombinePlain(CkksCiphertext a, CkksPlaintext plaintext, bool subtract, CkksCiphertext destination)
    {
        CheckPlain(a, plaintext);
        CkksMismatchException.ThrowIfWrongDestination(_context, destination, a.Size, a.LimbCount);
        CombinePlainCore(a, plaintext, subtract, destination);
    }

    private void CheckPlain(CkksCiphertext a, CkksPlaintext plaintext)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(plaintext);
        CkksMismatchException.ThrowIfOtherContext(_context, plaintext.Context, nameof(plaintext));
        CkksMismatchException.ThrowIfDifferent(a.LimbCount, a.Scale, plaintext.LimbCount, plaintext.Scale, nameof(plaintext));
    }

    /// <summary>c₀ ± p, the other components copied (unless the destination is a itself).</summary>
    private void CombinePlainCore(CkksCiphertext a, CkksPlaintext plaintext, bool subtract, CkksCiphertext destination)
    {
        int n = _context.Degree, limbs = a.LimbCount;
        double scale = a.Scale;
        if (!ReferenceEquals(a, destination))
        {
            a.Data.AsSpan(limbs * n).CopyTo(destination.Data.AsSpan(limbs * n));
        }

        for (int i = 0; i < limbs; i++)
        {
            ulong q = _context.Modulus(i);
            ReadOnlySpan<ulong> c0 = a.Data.AsSpan(i * n, n), p = plaintext.Data.AsSpan(i * n, n);
            Span<ulong> target = destination.Data.AsSpan(i * n, n);
            if (subtract)
            {
                PolynomialKernels.SubtractMod(c0, p, q, target);
            }
            else
            {
                PolynomialKernels.AddMod(c0, p, q, target);
            }
        }

        destination.SetResult(scale);
    }

    /// <summary>A result ciphertext whose every residue the caller writes before it is seen, so its memory is not zeroed first.</summary>
    private CkksCiphertext Uninitialized(int size, int limbs, double scale) =>
        new(_context, GC.AllocateUninitializedArray<ulong>(size * limbs * _context.Degree), size, limbs, scale);

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
}
