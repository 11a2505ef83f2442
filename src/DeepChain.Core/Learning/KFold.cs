using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DeepChain.Core.Learning;

/// <summary>
/// Deterministic k-fold cross-validation: examples are shuffled by a public seed (for a contract, a block hash no party
/// chose) and dealt into k folds of near-equal size, so every node derives the same folds and a model is scored only on
/// examples it was not fitted to.
/// </summary>
public static class KFold
{
    /// <summary>Assigns every example to a fold.</summary>
    /// <param name="count">The number of examples, at least <paramref name="folds"/>.</param>
    /// <param name="folds">The number of folds, at least 2.</param>
    /// <param name="seed">The public seed of the shuffle; the same seed gives the same folds.</param>
    /// <returns>For each example, its fold in [0, <paramref name="folds"/>); fold sizes differ by at most one.</returns>
    /// <remarks>The shuffle is Fisher–Yates driven by SHA-256(seed ‖ counter) in counter mode, with rejection sampling
    /// so every permutation is equally likely.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or
    /// <paramref name="count"/> is below <paramref name="folds"/>.</exception>
    public static int[] AssignFolds(int count, int folds, ReadOnlySpan<byte> seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, folds);
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var stream = new SeededStream(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = stream.NextBelow(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var fold = new int[count];
        for (int position = 0; position < count; position++)
        {
            fold[order[position]] = position % folds;
        }

        return fold;
    }

    /// <summary>Cross-validates: fits and scores once per fold, training on the other folds, and averages the scores.</summary>
    /// <param name="count">The number of examples.</param>
    /// <param name="folds">The number of folds, at least 2.</param>
    /// <param name="seed">The public seed of the shuffle.</param>
    /// <param name="fitAndScore">Given the training and the held-out example indices (ascending), fits a model on the
    /// first and scores it on the second.</param>
    /// <returns>The per-fold scores summed (examples, correct) and averaged (ppm figures, rounded down).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fitAndScore"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="AssignFolds"/>.</exception>
    public static ClassificationScore CrossValidate(
        int count, int folds, ReadOnlySpan<byte> seed, Func<int[], int[], ClassificationScore> fitAndScore)
    {
        ArgumentNullException.ThrowIfNull(fitAndScore);
        int[] assignment = AssignFolds(count, folds, seed);
        int examples = 0;
        int correct = 0;
        long accuracy = 0;
        long macroF1 = 0;
        for (int k = 0; k < folds; k++)
        {
            int[] held = Indices(assignment, k, inFold: true);
            int[] train = Indices(assignment, k, inFold: false);
            ClassificationScore score = fitAndScore(train, held);
            examples += score.Examples;
            correct += score.Correct;
            accuracy += score.AccuracyPpm;
            macroF1 += score.MacroF1Ppm;
        }

        return new ClassificationScore(examples, correct, accuracy / folds, macroF1 / folds);
    }

    private static int[] Indices(int[] assignment, int fold, bool inFold)
    {
        var result = new List<int>(assignment.Length);
        for (int i = 0; i < assignment.Length; i++)
        {
            if ((assignment[i] == fold) == inFold)
            {
                result.Add(i);
            }
        }

        return [.. result];
    }

    /// <summary>SHA-256 in counter mode over a public seed: a reproducible stream of uniform integers.</summary>
    private sealed class SeededStream(ReadOnlySpan<byte> seed)
    {
        private readonly byte[] _input = CreateInput(seed);
        private readonly byte[] _block = new byte[32];
        private int _offset = 32;
        private ulong _counter;

        public int NextBelow(int bound)
        {
            // Rejection sampling over 32-bit words: accept only below the largest multiple of bound.
            uint limit = uint.MaxValue - (uint.MaxValue % (uint)bound);
            while (true)
            {
                uint value = NextWord();
                if (value < limit)
                {
                    return (int)(value % (uint)bound);
                }
            }
        }

        private static byte[] CreateInput(ReadOnlySpan<byte> seed)
        {
            var input = new byte[seed.Length + sizeof(ulong)];
            seed.CopyTo(input);
            return input;
        }

        private uint NextWord()
        {
            if (_offset == _block.Length)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_input.AsSpan(_input.Length - sizeof(ulong)), _counter++);
                SHA256.HashData(_input, _block);
                _offset = 0;
            }

            uint word = BinaryPrimitives.ReadUInt32LittleEndian(_block.AsSpan(_offset));
            _offset += sizeof(uint);
            return word;
        }
    }
}
