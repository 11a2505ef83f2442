using System.Numerics;

namespace DeepChain.Crypto.Arithmetic;

/// <summary>
/// ∏ bᵢ<sup>eᵢ</sup> mod m for many bases and short public exponents, by Pippenger's bucket method.
/// </summary>
/// <remarks>
/// <para>The exponents are cut into w-bit windows, most significant first. For each window the accumulator is raised to
/// 2<sup>w</sup>, every base is multiplied into the bucket of its digit, and the buckets are folded with running
/// products so that bucket d counts d times: Σ d·B<sub>d</sub> costs 2·2<sup>w</sup> multiplications. For k bases and
/// b-bit exponents that is about (b/w)(k + 2<sup>w+1</sup>) + b multiplications, against k(b + b/w) for one
/// exponentiation per base: six times fewer for k = 1,000 and b = 128. The bases are split into one chunk per core.</para>
/// <para>The running time depends on the exponents: use it for public exponents only (batch-verification
/// coefficients), never for secrets.</para>
/// </remarks>
internal static class MultiExponentiation
{
    /// <summary>∏ bases[i]<sup>exponents[i]</sup> mod m; each exponent is non-negative and below 2<sup>exponentBits</sup>.</summary>
    public static BigInteger ProductOfPowers(MontgomeryContext context, BigInteger[] bases, BigInteger[] exponents, int exponentBits)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(exponents.Length, bases.Length, nameof(exponents));
        int s = context.LimbCount;
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, bases.Length / 64));
        var partial = new ulong[chunks][];
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)bases.Length * chunk / chunks);
            int end = (int)((long)bases.Length * (chunk + 1) / chunks);
            partial[chunk] = Pippenger(context, bases.AsSpan(start, end - start), exponents.AsSpan(start, end - start), exponentBits);
        });

        var result = partial[0];
        for (int chunk = 1; chunk < chunks; chunk++)
        {
            context.MultiplyCore(result, partial[chunk], result);
        }

        return context.FromMontgomery(result.AsSpan(0, s));
    }

    private static ulong[] Pippenger(MontgomeryContext context, ReadOnlySpan<BigInteger> bases, ReadOnlySpan<BigInteger> exponents, int exponentBits)
    {
        int s = context.LimbCount;
        int window = bases.Length >= 512 ? 7 : bases.Length >= 128 ? 6 : bases.Length >= 32 ? 5 : bases.Length >= 8 ? 3 : 1;
        int windows = (exponentBits + window - 1) / window;
        int buckets = 1 << window;

        int exponentWidth = Limbs.CountForBits(exponentBits + window);
        var baseForms = new ulong[bases.Length * s];
        var exponentLimbs = new ulong[bases.Length * exponentWidth];
        for (int i = 0; i < bases.Length; i++)
        {
            context.ToMontgomery(bases[i], baseForms.AsSpan(i * s, s));
            Limbs.Write(exponents[i], exponentLimbs.AsSpan(i * exponentWidth, exponentWidth));
        }

        var bucket = new ulong[buckets * s];
        var filled = new bool[buckets];
        var accumulator = context.One.ToArray();
        var running = new ulong[s];
        var sum = new ulong[s];
        for (int w = windows - 1; w >= 0; w--)
        {
            for (int k = 0; k < window; k++)
            {
                context.SquareCore(accumulator, accumulator);
            }

            Array.Clear(filled);
            for (int i = 0; i < bases.Length; i++)
            {
                int digit = MontgomeryContext.ExtractBits(exponentLimbs.AsSpan(i * exponentWidth, exponentWidth), w * window, window);
                if (digit == 0)
                {
                    continue;
                }

                Span<ulong> target = bucket.AsSpan(digit * s, s);
                if (filled[digit])
                {
                    context.MultiplyCore(target, baseForms.AsSpan(i * s, s), target);
                }
                else
                {
                    baseForms.AsSpan(i * s, s).CopyTo(target);
                    filled[digit] = true;
                }
            }

            // Σ d·B_d as running products: running = B_top · … · B_d, sum = ∏ running over d.
            bool runningStarted = false, sumStarted = false;
            for (int d = buckets - 1; d >= 1; d--)
            {
                if (filled[d])
                {
                    if (runningStarted)
                    {
                        context.MultiplyCore(running, bucket.AsSpan(d * s, s), running);
                    }
                    else
                    {
                        bucket.AsSpan(d * s, s).CopyTo(running);
                        runningStarted = true;
                    }
                }

                if (runningStarted)
                {
                    if (sumStarted)
                    {
                        context.MultiplyCore(sum, running, sum);
                    }
                    else
                    {
                        running.CopyTo(sum.AsSpan());
                        sumStarted = true;
                    }
                }
            }

            if (sumStarted)
            {
                context.MultiplyCore(accumulator, sum, accumulator);
            }
        }

        return accumulator;
    }
}
