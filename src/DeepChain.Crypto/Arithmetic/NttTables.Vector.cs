using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Arithmetic;

/// <content>
/// The SIMD transforms: the same Harvey butterflies as the scalar path, on <see cref="IModularLanes{TVector}"/> lanes,
/// written once for every width.
/// </content>
/// <remarks>
/// <para>Stages whose half-size t is at least the lane count W load W consecutive X values and the W Y values t further
/// on, with one twiddle broadcast per butterfly group. The last log₂W forward stages (the first inverse ones) have
/// t &lt; W: two vectors covering 2W consecutive values are split into X and Y blocks with
/// <see cref="IModularLanes{TVector}.Unzip"/> and merged back with <see cref="IModularLanes{TVector}.Zip"/>; their
/// twiddles are stored once per table in the lane order of that split (built by running the split on index vectors), so
/// each needs one plain load.</para>
/// <para>The Shoup products are the 3-multiply estimate of <see cref="ModularLanes.MultiplyShoupLazy4"/>, in [0, 4q),
/// brought back to Harvey's [0, 2q) by one conditional subtraction of 2q; all other bounds are the scalar path's, so
/// every value stays below 4q &lt; 2⁶³. Degrees below 2W use the scalar path.</para>
/// <para>Two passes of the scalar path are folded into stages: the forward's final reduction to [0, q) into its last
/// stage, and the inverse's multiplication by N⁻¹ into its last stage (X + Y times N⁻¹, X − Y times W·N⁻¹), which saves
/// N/2 products and one sweep over the values.</para>
/// <para>The drivers are compiled fully optimized at once and never inlined (<see cref="MethodImplOptions.NoInlining"/>,
/// <see cref="MethodImplOptions.AggressiveOptimization"/>): when tier 1 inlined a driver into <see cref="Forward"/>, the
/// inlining budget ran out and the lane operations became calls, and the forward transform measured 2–3× slower.</para>
/// <para>The lane-ordered twiddles cost log₂W·N/2 words in each of four arrays (N = 8192, AVX2: 256 KiB).</para>
/// </remarks>
internal sealed partial class NttTables
{
    // Twiddles of the stages with t < W in lane order: stage t at offset log₂(t)·N/2, N/2 entries each.
    private ulong[]? _smallStageRoots;
    private ulong[]? _smallStageRootsShoup;
    private ulong[]? _smallStageInverseRoots;
    private ulong[]? _smallStageInverseRootsShoup;

    // W·N⁻¹ for the last inverse stage (W = ψ^−bitrev(1)), which the vector path folds N⁻¹ into.
    private ulong _inverseLastRoot;
    private ulong _inverseLastRootShoup;

    /// <summary>Gets the fastest kernel on this machine, chosen once at start-up.</summary>
    /// <remarks>
    /// Vector256 measured 4.5–6× faster than the scalar transform on AMD Zen 3 (AVX2), N = 4096–16384, 60-bit q;
    /// Vector128 only about 3× there, and on Arm64 (no 64-bit lane multiply in AdvSimd) it would be emulated, so it is
    /// never chosen.
    /// </remarks>
    internal static NttKernel BestKernel { get; } =
        Vector512.IsHardwareAccelerated ? NttKernel.Vector512 :
        Vector256.IsHardwareAccelerated ? NttKernel.Vector256 : NttKernel.Scalar;

    /// <summary>Gets the kernel these tables transform with.</summary>
    internal NttKernel Kernel { get; }

    internal static int LaneCount(NttKernel kernel) => kernel switch
    {
        NttKernel.Vector512 => Vector512<ulong>.Count,
        NttKernel.Vector256 => Vector256<ulong>.Count,
        NttKernel.Vector128 => Vector128<ulong>.Count,
        _ => 1,
    };

    internal void ForwardCore(Span<ulong> values)
    {
        switch (_smallStageRoots is null ? NttKernel.Scalar : Kernel)
        {
            case NttKernel.Vector512:
                ForwardVector<Lanes512, Vector512<ulong>>(values);
                break;
            case NttKernel.Vector256:
                ForwardVector<Lanes256, Vector256<ulong>>(values);
                break;
            case NttKernel.Vector128:
                ForwardVector<Lanes128, Vector128<ulong>>(values);
                break;
            default:
                ForwardScalar(values);
                break;
        }
    }

    internal void InverseCore(Span<ulong> values)
    {
        switch (_smallStageRoots is null ? NttKernel.Scalar : Kernel)
        {
            case NttKernel.Vector512:
                InverseVector<Lanes512, Vector512<ulong>>(values);
                break;
            case NttKernel.Vector256:
                InverseVector<Lanes256, Vector256<ulong>>(values);
                break;
            case NttKernel.Vector128:
                InverseVector<Lanes128, Vector128<ulong>>(values);
                break;
            default:
                InverseScalar(values);
                break;
        }
    }

    private void BuildSmallStageTables()
    {
        int width = LaneCount(Kernel);
        if (width == 1 || Degree < 2 * width)
        {
            return;
        }

        _inverseLastRoot = ModularArithmetic.Multiply(_inverseRootPowers[1], _inverseDegree, Modulus);
        _inverseLastRootShoup = ModularArithmetic.ShoupPrecompute(_inverseLastRoot, Modulus);
        int stages = BitOperations.Log2((uint)width);
        int half = Degree / 2;
        _smallStageRoots = new ulong[stages * half];
        _smallStageRootsShoup = new ulong[stages * half];
        _smallStageInverseRoots = new ulong[stages * half];
        _smallStageInverseRootsShoup = new ulong[stages * half];
        Span<ulong> elementIndices = stackalloc ulong[width];
        for (int stage = 0; stage < stages; stage++)
        {
            int t = 1 << stage;
            for (int k = 0; k < Degree; k += 2 * width)
            {
                switch (Kernel)
                {
                    case NttKernel.Vector512:
                        LaneElementIndices<Lanes512, Vector512<ulong>>(t, k, elementIndices);
                        break;
                    case NttKernel.Vector256:
                        LaneElementIndices<Lanes256, Vector256<ulong>>(t, k, elementIndices);
                        break;
                    default:
                        LaneElementIndices<Lanes128, Vector128<ulong>>(t, k, elementIndices);
                        break;
                }

                for (int lane = 0; lane < width; lane++)
                {
                    // Element e of the X half belongs to butterfly group e / 2t, whose twiddle is entry N/2t + group.
                    int twiddle = (Degree / (2 * t)) + (int)(elementIndices[lane] / (ulong)(2 * t));
                    int slot = (stage * half) + (k / 2) + lane;
                    _smallStageRoots[slot] = _rootPowers[twiddle];
                    _smallStageRootsShoup[slot] = _rootPowersShoup[twiddle];
                    _smallStageInverseRoots[slot] = _inverseRootPowers[twiddle];
                    _smallStageInverseRootsShoup[slot] = _inverseRootPowersShoup[twiddle];
                }
            }
        }
    }

    /// <summary>Which element of values[k .. k + 2W) each X lane holds after the width's split for half-size t.</summary>
    private static void LaneElementIndices<TLanes, TVector>(int t, int k, Span<ulong> result)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        Span<ulong> indices = stackalloc ulong[2 * width];
        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = (ulong)(k + i);
        }

        ref ulong source = ref MemoryMarshal.GetReference(indices);
        TLanes.Unzip(t, TLanes.Load(ref source, 0), TLanes.Load(ref source, (nuint)width), out TVector x, out _);
        TLanes.Store(x, ref MemoryMarshal.GetReference(result), 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void ForwardVector<TLanes, TVector>(Span<ulong> values)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        ulong modulus = Modulus;
        TVector q = TLanes.Broadcast(modulus), qHigh = TLanes.Broadcast(modulus >> 32), twoQ = TLanes.Broadcast(2 * modulus);
        ref ulong a = ref MemoryMarshal.GetReference(values);
        ref ulong roots = ref MemoryMarshal.GetArrayDataReference(_rootPowers);
        ref ulong rootsShoup = ref MemoryMarshal.GetArrayDataReference(_rootPowersShoup);
        int n = Degree;
        int m = 1, t = n >> 1;
        for (; t >= width; m <<= 1, t >>= 1)
        {
            for (int i = 0; i < m; i++)
            {
                TVector w = TLanes.Broadcast(Unsafe.Add(ref roots, m + i));
                TVector wPrime = TLanes.Broadcast(Unsafe.Add(ref rootsShoup, m + i));
                TVector wHigh = TLanes.ShiftRightLogical(w, 32), wPrimeHigh = TLanes.ShiftRightLogical(wPrime, 32);
                ref ulong x = ref Unsafe.Add(ref a, 2 * i * t);
                ref ulong y = ref Unsafe.Add(ref x, t);
                for (nuint j = 0; j < (nuint)t; j += (nuint)width)
                {
                    ForwardButterfly<TLanes, TVector>(
                        TLanes.Load(ref x, j), TLanes.Load(ref y, j), w, wHigh, wPrime, wPrimeHigh, q, qHigh, twoQ, out TVector u, out TVector v);
                    TLanes.Store(u, ref x, j);
                    TLanes.Store(v, ref y, j);
                }
            }
        }

        ref ulong smallRoots = ref MemoryMarshal.GetArrayDataReference(_smallStageRoots!);
        ref ulong smallRootsShoup = ref MemoryMarshal.GetArrayDataReference(_smallStageRootsShoup!);
        if (width > 4)
        {
            ForwardSmallStage<TLanes, TVector>(ref a, 4, ref Unsafe.Add(ref smallRoots, 2 * (n / 2)), ref Unsafe.Add(ref smallRootsShoup, 2 * (n / 2)), q, qHigh, twoQ);
        }

        if (width > 2)
        {
            ForwardSmallStage<TLanes, TVector>(ref a, 2, ref Unsafe.Add(ref smallRoots, n / 2), ref Unsafe.Add(ref smallRootsShoup, n / 2), q, qHigh, twoQ);
        }

        ForwardSmallStage<TLanes, TVector>(ref a, 1, ref smallRoots, ref smallRootsShoup, q, qHigh, twoQ, reduce: true);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void ForwardSmallStage<TLanes, TVector>(
        ref ulong a, int t, ref ulong roots, ref ulong rootsShoup, TVector q, TVector qHigh, TVector twoQ, bool reduce = false)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        nuint width = (nuint)TLanes.Count;
        for (nuint k = 0, slot = 0; k < (nuint)Degree; k += 2 * width, slot += width)
        {
            TLanes.Unzip(t, TLanes.Load(ref a, k), TLanes.Load(ref a, k + width), out TVector x, out TVector y);
            TVector w = TLanes.Load(ref roots, slot), wPrime = TLanes.Load(ref rootsShoup, slot);
            ForwardButterfly<TLanes, TVector>(
                x, y, w, TLanes.ShiftRightLogical(w, 32), wPrime, TLanes.ShiftRightLogical(wPrime, 32), q, qHigh, twoQ, out x, out y);
            if (reduce)
            {
                // The last stage: [0, 4q) → [0, q) before the values are stored.
                x = TLanes.SubtractIfAtLeast(TLanes.SubtractIfAtLeast(x, twoQ), q);
                y = TLanes.SubtractIfAtLeast(TLanes.SubtractIfAtLeast(y, twoQ), q);
            }

            TLanes.Zip(t, x, y, out TVector v0, out TVector v1);
            TLanes.Store(v0, ref a, k);
            TLanes.Store(v1, ref a, k + width);
        }
    }

    /// <summary>Harvey's forward butterfly: X, Y in [0, 4q) → X + WY, X − WY + 2q in [0, 4q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardButterfly<TLanes, TVector>(
        TVector x, TVector y, TVector w, TVector wHigh, TVector wPrime, TVector wPrimeHigh, TVector q, TVector qHigh, TVector twoQ,
        out TVector u, out TVector v)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        x = TLanes.SubtractIfAtLeast(x, twoQ);
        y = TLanes.SubtractIfAtLeast(ModularLanes.MultiplyShoupLazy4<TLanes, TVector>(y, w, wHigh, wPrime, wPrimeHigh, q, qHigh), twoQ);
        u = TLanes.Add(x, y);
        v = TLanes.Add(TLanes.Subtract(x, y), twoQ);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void InverseVector<TLanes, TVector>(Span<ulong> values)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        ulong modulus = Modulus;
        TVector q = TLanes.Broadcast(modulus), qHigh = TLanes.Broadcast(modulus >> 32), twoQ = TLanes.Broadcast(2 * modulus);
        ref ulong a = ref MemoryMarshal.GetReference(values);
        int n = Degree;

        ref ulong smallRoots = ref MemoryMarshal.GetArrayDataReference(_smallStageInverseRoots!);
        ref ulong smallRootsShoup = ref MemoryMarshal.GetArrayDataReference(_smallStageInverseRootsShoup!);
        InverseSmallStage<TLanes, TVector>(ref a, 1, ref smallRoots, ref smallRootsShoup, q, qHigh, twoQ);
        if (width > 2)
        {
            InverseSmallStage<TLanes, TVector>(ref a, 2, ref Unsafe.Add(ref smallRoots, n / 2), ref Unsafe.Add(ref smallRootsShoup, n / 2), q, qHigh, twoQ);
        }

        if (width > 4)
        {
            InverseSmallStage<TLanes, TVector>(ref a, 4, ref Unsafe.Add(ref smallRoots, 2 * (n / 2)), ref Unsafe.Add(ref smallRootsShoup, 2 * (n / 2)), q, qHigh, twoQ);
        }

        ref ulong roots = ref MemoryMarshal.GetArrayDataReference(_inverseRootPowers);
        ref ulong rootsShoup = ref MemoryMarshal.GetArrayDataReference(_inverseRootPowersShoup);
        for (int t = width; t < n / 2; t <<= 1)
        {
            int h = n / (2 * t);
            for (int i = 0; i < h; i++)
            {
                TVector w = TLanes.Broadcast(Unsafe.Add(ref roots, h + i));
                TVector wPrime = TLanes.Broadcast(Unsafe.Add(ref rootsShoup, h + i));
                TVector wHigh = TLanes.ShiftRightLogical(w, 32), wPrimeHigh = TLanes.ShiftRightLogical(wPrime, 32);
                ref ulong x = ref Unsafe.Add(ref a, 2 * i * t);
                ref ulong y = ref Unsafe.Add(ref x, t);
                for (nuint j = 0; j < (nuint)t; j += (nuint)width)
                {
                    InverseButterfly<TLanes, TVector>(
                        TLanes.Load(ref x, j), TLanes.Load(ref y, j), w, wHigh, wPrime, wPrimeHigh, q, qHigh, twoQ, out TVector u, out TVector v);
                    TLanes.Store(u, ref x, j);
                    TLanes.Store(v, ref y, j);
                }
            }
        }

        // The last stage (one group, t = N/2) with N⁻¹ folded in: X + Y times N⁻¹ and X − Y + 2q times W·N⁻¹, fully reduced.
        TVector scale = TLanes.Broadcast(_inverseDegree), scaleShoup = TLanes.Broadcast(_inverseDegreeShoup);
        TVector scaleHigh = TLanes.ShiftRightLogical(scale, 32), scaleShoupHigh = TLanes.ShiftRightLogical(scaleShoup, 32);
        TVector last = TLanes.Broadcast(_inverseLastRoot), lastShoup = TLanes.Broadcast(_inverseLastRootShoup);
        TVector lastHigh = TLanes.ShiftRightLogical(last, 32), lastShoupHigh = TLanes.ShiftRightLogical(lastShoup, 32);
        ref ulong upper = ref Unsafe.Add(ref a, n / 2);
        for (nuint j = 0; j < (nuint)(n / 2); j += (nuint)width)
        {
            TVector x = TLanes.Load(ref a, j), y = TLanes.Load(ref upper, j);
            TVector u = ModularLanes.MultiplyShoupLazy4<TLanes, TVector>(TLanes.Add(x, y), scale, scaleHigh, scaleShoup, scaleShoupHigh, q, qHigh);
            TVector v = ModularLanes.MultiplyShoupLazy4<TLanes, TVector>(
                TLanes.Add(TLanes.Subtract(x, y), twoQ), last, lastHigh, lastShoup, lastShoupHigh, q, qHigh);
            TLanes.Store(TLanes.SubtractIfAtLeast(TLanes.SubtractIfAtLeast(u, twoQ), q), ref a, j);
            TLanes.Store(TLanes.SubtractIfAtLeast(TLanes.SubtractIfAtLeast(v, twoQ), q), ref upper, j);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void InverseSmallStage<TLanes, TVector>(ref ulong a, int t, ref ulong roots, ref ulong rootsShoup, TVector q, TVector qHigh, TVector twoQ)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        nuint width = (nuint)TLanes.Count;
        for (nuint k = 0, slot = 0; k < (nuint)Degree; k += 2 * width, slot += width)
        {
            TLanes.Unzip(t, TLanes.Load(ref a, k), TLanes.Load(ref a, k + width), out TVector x, out TVector y);
            TVector w = TLanes.Load(ref roots, slot), wPrime = TLanes.Load(ref rootsShoup, slot);
            InverseButterfly<TLanes, TVector>(
                x, y, w, TLanes.ShiftRightLogical(w, 32), wPrime, TLanes.ShiftRightLogical(wPrime, 32), q, qHigh, twoQ, out x, out y);
            TLanes.Zip(t, x, y, out TVector v0, out TVector v1);
            TLanes.Store(v0, ref a, k);
            TLanes.Store(v1, ref a, k + width);
        }
    }

    /// <summary>Gentleman–Sande butterfly: X, Y in [0, 2q) → X + Y, (X − Y + 2q)·W in [0, 2q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InverseButterfly<TLanes, TVector>(
        TVector x, TVector y, TVector w, TVector wHigh, TVector wPrime, TVector wPrimeHigh, TVector q, TVector qHigh, TVector twoQ,
        out TVector u, out TVector v)
        where TLanes : struct, IModularLanes<TVector>
        where TVector : struct
    {
        u = TLanes.SubtractIfAtLeast(TLanes.Add(x, y), twoQ);
        TVector difference = TLanes.Add(TLanes.Subtract(x, y), twoQ);
        v = TLanes.SubtractIfAtLeast(ModularLanes.MultiplyShoupLazy4<TLanes, TVector>(difference, w, wHigh, wPrime, wPrimeHigh, q, qHigh), twoQ);
    }
}
