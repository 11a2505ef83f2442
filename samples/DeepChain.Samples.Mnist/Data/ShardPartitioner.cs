namespace DeepChain.Samples.Mnist.Data;

/// <summary>Splits a training pool into disjoint, equally sized per-party shards.</summary>
/// <remarks>
/// <para>Each party gets <c>imagesPerParty</c> images, so more parties means more training data in total, which is
/// what makes "more parties, higher accuracy" true. The pool is permuted once with the seed and party p takes the
/// p-th block, so for a fixed seed party p's shard is the same whatever the number of parties.</para>
/// <para>Non-IID: party p draws 80 % of its images from two dominant labels, (2p) mod 10 and (2p + 1) mod 10, and
/// the rest from the other labels, all without replacement across parties (a label that runs out is replaced by
/// the next label that has images left).</para>
/// </remarks>
public static class ShardPartitioner
{
    /// <summary>The share of a non-IID party's images that come from its two dominant labels.</summary>
    public const double DominantShare = 0.8;

    /// <summary>Creates the shards.</summary>
    /// <param name="pool">The training pool.</param>
    /// <param name="parties">The number of parties (at least 1).</param>
    /// <param name="imagesPerParty">Images per party (at least 1; parties × images ≤ pool size).</param>
    /// <param name="nonIid">Whether to skew each party's label mix.</param>
    /// <param name="seed">The permutation seed.</param>
    /// <returns>One shard per party.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The pool is too small or a count is out of range.</exception>
    public static IReadOnlyList<LabelledImages> Partition(LabelledImages pool, int parties, int imagesPerParty, bool nonIid, int seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imagesPerParty, 1);
        if ((long)parties * imagesPerParty > pool.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(imagesPerParty), $"{parties} parties × {imagesPerParty} images exceed the pool of {pool.Count}.");
        }

        var order = Enumerable.Range(0, pool.Count).ToArray();
        new Random(seed).Shuffle(order);
        var shards = new List<LabelledImages>(parties);
        if (!nonIid)
        {
            for (int p = 0; p < parties; p++)
            {
                shards.Add(pool.Select(new ArraySegment<int>(order, p * imagesPerParty, imagesPerParty)));
            }

            return shards;
        }

        var byLabel = new Queue<int>[MnistDataset.ClassCount];
        for (int c = 0; c < byLabel.Length; c++)
        {
            byLabel[c] = new Queue<int>();
        }

        foreach (int index in order)
        {
            byLabel[pool.Labels[index]].Enqueue(index);
        }

        var random = new Random(seed + 1);
        for (int p = 0; p < parties; p++)
        {
            var indices = new List<int>(imagesPerParty);
            int first = 2 * p % MnistDataset.ClassCount;
            int second = (first + 1) % MnistDataset.ClassCount;
            for (int i = 0; i < imagesPerParty; i++)
            {
                int label = random.NextDouble() < DominantShare
                    ? (i % 2 == 0 ? first : second)
                    : random.Next(MnistDataset.ClassCount);
                indices.Add(Take(byLabel, label));
            }

            shards.Add(pool.Select(indices));
        }

        return shards;
    }

    private static int Take(Queue<int>[] byLabel, int label)
    {
        for (int k = 0; k < byLabel.Length; k++)
        {
            var queue = byLabel[(label + k) % byLabel.Length];
            if (queue.Count > 0)
            {
                return queue.Dequeue();
            }
        }

        throw new InvalidOperationException("The pool ran out of images.");
    }
}
