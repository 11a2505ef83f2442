using DeepChain.Core.Training;

namespace DeepChain.Core.Tests.Training;

/// <summary>
/// A small deterministic <see cref="ITrainer"/> for the session tests: multinomial logistic regression (softmax over
/// <c>classes</c> outputs, weights and biases in one flat vector) trained by mini-batch gradient descent on a shard of a
/// synthetic, nearly separable data set.
/// </summary>
internal sealed class LogisticRegressionTrainer : ITrainer
{
    private readonly SyntheticDataSet _train;
    private readonly SyntheticDataSet _test;
    private readonly int _features;
    private readonly int _classes;
    private readonly int _batchSize;
    private readonly float[] _parameters;
    private int _cursor;

    public LogisticRegressionTrainer(SyntheticDataSet train, SyntheticDataSet test, int batchSize = 16)
    {
        _train = train;
        _test = test;
        _features = train.Features;
        _classes = train.Classes;
        _batchSize = batchSize;
        _parameters = new float[(_features + 1) * _classes];
    }

    public int ParameterCount => _parameters.Length;

    public void GetParameters(Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, ParameterCount, nameof(destination));
        _parameters.CopyTo(destination);
    }

    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(parameters.Length, ParameterCount, nameof(parameters));
        parameters.CopyTo(_parameters);
    }

    public double ComputeGradient(int localSteps, float learningRate, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(localSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, ParameterCount, nameof(destination));
        float[] start = (float[])_parameters.Clone();
        var gradient = new float[ParameterCount];
        double loss = 0;
        for (int step = 0; step < localSteps; step++)
        {
            Array.Clear(gradient);
            loss += BatchGradient(gradient);
            for (int i = 0; i < gradient.Length; i++)
            {
                _parameters[i] -= learningRate * gradient[i];
            }
        }

        // The update direction over the local steps: (start − end) / learning rate; the model goes back to the start.
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (start[i] - _parameters[i]) / learningRate;
        }

        start.CopyTo(_parameters, 0);
        return loss / localSteps;
    }

    public void ApplyUpdate(ReadOnlySpan<float> gradient, float learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(gradient.Length, ParameterCount, nameof(gradient));
        for (int i = 0; i < gradient.Length; i++)
        {
            _parameters[i] -= learningRate * gradient[i];
        }
    }

    public TrainerEvaluation Evaluate()
    {
        var truePositive = new int[_classes];
        var predicted = new int[_classes];
        var actual = new int[_classes];
        var probabilities = new double[_classes];
        int correct = 0;
        double loss = 0;
        for (int n = 0; n < _test.Count; n++)
        {
            Softmax(_test.Row(n), probabilities);
            int label = _test.Labels[n];
            int best = 0;
            for (int k = 1; k < _classes; k++)
            {
                best = probabilities[k] > probabilities[best] ? k : best;
            }

            loss -= Math.Log(Math.Max(probabilities[label], 1e-12));
            predicted[best]++;
            actual[label]++;
            if (best == label)
            {
                correct++;
                truePositive[label]++;
            }
        }

        double f1 = 0;
        for (int k = 0; k < _classes; k++)
        {
            int denominator = predicted[k] + actual[k];
            f1 += denominator == 0 ? 0 : 2.0 * truePositive[k] / denominator;
        }

        return new TrainerEvaluation((double)correct / _test.Count, f1 / _classes, loss / _test.Count);
    }

    private double BatchGradient(float[] gradient)
    {
        var probabilities = new double[_classes];
        double loss = 0;
        for (int b = 0; b < _batchSize; b++)
        {
            int n = _cursor;
            _cursor = (_cursor + 1) % _train.Count;
            ReadOnlySpan<float> x = _train.Row(n);
            Softmax(x, probabilities);
            int label = _train.Labels[n];
            loss -= Math.Log(Math.Max(probabilities[label], 1e-12));
            for (int k = 0; k < _classes; k++)
            {
                float error = (float)((probabilities[k] - (k == label ? 1 : 0)) / _batchSize);
                int row = k * (_features + 1);
                for (int j = 0; j < _features; j++)
                {
                    gradient[row + j] += error * x[j];
                }

                gradient[row + _features] += error;
            }
        }

        return loss / _batchSize;
    }

    private void Softmax(ReadOnlySpan<float> x, double[] probabilities)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < _classes; k++)
        {
            int row = k * (_features + 1);
            double z = _parameters[row + _features];
            for (int j = 0; j < _features; j++)
            {
                z += _parameters[row + j] * x[j];
            }

            probabilities[k] = z;
            max = Math.Max(max, z);
        }

        double sum = 0;
        for (int k = 0; k < _classes; k++)
        {
            probabilities[k] = Math.Exp(probabilities[k] - max);
            sum += probabilities[k];
        }

        for (int k = 0; k < _classes; k++)
        {
            probabilities[k] /= sum;
        }
    }
}

/// <summary>Gaussian clusters around well-separated class centres, generated from a fixed seed.</summary>
internal sealed class SyntheticDataSet
{
    private readonly float[] _x;

    private SyntheticDataSet(float[] x, int[] labels, int features, int classes)
    {
        _x = x;
        Labels = labels;
        Features = features;
        Classes = classes;
    }

    public int Features { get; }

    public int Classes { get; }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<float> Row(int n) => _x.AsSpan(n * Features, Features);

    /// <summary>Makes <paramref name="count"/> examples; the same <paramref name="centreSeed"/> gives the same classes.</summary>
    public static SyntheticDataSet Create(int count, int features, int classes, int centreSeed, int sampleSeed, double noise = 1.6)
    {
        var centreRandom = new Random(centreSeed);
        var centres = new double[classes * features];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (centreRandom.NextDouble() * 2) - 1;
        }

        var random = new Random(sampleSeed);
        var x = new float[count * features];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = random.Next(classes);
            labels[n] = label;
            for (int j = 0; j < features; j++)
            {
                // Box–Muller normal noise around the class centre.
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                x[(n * features) + j] = (float)(centres[(label * features) + j] + (noise * normal / Math.Sqrt(features)));
            }
        }

        return new SyntheticDataSet(x, labels, features, classes);
    }
}
