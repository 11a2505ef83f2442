namespace DeepChain.Crypto.Ckks;

/// <summary>
/// Runs independent per-limb (or per-block) work of one CKKS operation: in parallel when there are several cores and each
/// block is long enough to pay for the fork, otherwise sequentially, and then without allocating anything.
/// </summary>
/// <remarks>
/// The body is a <see langword="static"/> lambda (cached by the compiler, so no delegate is allocated) and its state a
/// value tuple of the arrays and numbers it needs; only the parallel branch, in its own method, allocates (the closure and
/// <see cref="Parallel"/>'s loop state, a few hundred bytes), and only where the blocks are N ≥ <see cref="MinimumParallelDegree"/>
/// long. A process pinned to one core (<see cref="Environment.ProcessorCount"/> = 1) always runs sequentially.
/// </remarks>
internal static class CkksParallel
{
    /// <summary>The smallest block length worth forking for: below it one block costs about as much as the fork.</summary>
    public const int MinimumParallelDegree = 4096;

    /// <summary>Runs <paramref name="body"/>(state, i) for i = 0 … <paramref name="count"/> − 1.</summary>
    public static void For<TState>(int count, int degree, TState state, Action<TState, int> body)
    {
        if (count > 1 && degree >= MinimumParallelDegree && Environment.ProcessorCount > 1)
        {
            ForParallel(count, state, body);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            body(state, i);
        }
    }

    // Separate, so that the closure is allocated only when the loop really forks.
    private static void ForParallel<TState>(int count, TState state, Action<TState, int> body) =>
        Parallel.For(0, count, i => body(state, i));
}
