using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.InteropServices;
using DeepChain.Core.Training;
using DeepChain.Samples.Mnist.Data;
using DeepChain.Samples.Mnist.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepChain.Samples.Mnist.Training;

/// <summary>
/// One party's model for DeepChain's collaborative training: a TorchSharp MLP or CNN trained on the party's own
/// MNIST shard, exposing its parameters and local gradients as flat float vectors.
/// </summary>
/// <remarks>
/// <para>Deterministic: the model is initialised right after <c>torch.manual_seed(seed)</c>, so every party built with
/// the same seed starts from the same parameters; the party's mini-batches follow a permutation of its shard drawn
/// from <c>new Random(shuffleSeed)</c>, re-drawn after each pass. The flat layout is the order of
/// <c>Module.parameters()</c>, each tensor row-major.</para>
/// <para>Local training is plain SGD without momentum. After k local steps from w₀ with rate η,
/// <see cref="ComputeGradient"/> returns (w₀ − w_k) / η, the sum of the k step gradients (with one step exactly the
/// mini-batch gradient). Averaging these over parties and applying the mean with the same η is federated averaging:
/// the new model is the mean of the parties' locally trained models.</para>
/// <para>Pixels are scaled to [0, 1] and standardised with MNIST's mean 0.1307 and deviation 0.3081.</para>
/// </remarks>
public sealed class TorchSharpTrainer : ITrainer, IDisposable
{
    private const float PixelMean = 0.1307f;
    private const float PixelDeviation = 0.3081f;

    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TorchSharp.Modules.Parameter[] _parameters;
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly LabelledImages _test;
    private readonly ModelKind _modelKind;
    private readonly int _batchSize;
    private readonly Random _shuffle;
    private readonly long[] _order;
    private readonly float[] _scratch;
    private Tensor? _testImages;
    private Tensor? _testLabels;
    private int _cursor;
    private bool _disposed;

    /// <summary>Creates a party's trainer.</summary>
    /// <param name="model">The network.</param>
    /// <param name="shard">The party's training images.</param>
    /// <param name="test">The held-out test set <see cref="Evaluate"/> uses.</param>
    /// <param name="batchSize">The mini-batch size (at least 1).</param>
    /// <param name="seed">The initialisation seed; the same for every party of a run.</param>
    /// <param name="shuffleSeed">The seed of this party's mini-batch order.</param>
    public TorchSharpTrainer(ModelKind model, LabelledImages shard, LabelledImages test, int batchSize, int seed, int shuffleSeed)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (shard.Count == 0)
        {
            throw new ArgumentException("The shard is empty.", nameof(shard));
        }

        TorchSharpNativeLoader.EnsureLoaded();
        _modelKind = model;
        _batchSize = Math.Min(batchSize, shard.Count);
        _test = test;
        torch.manual_seed(seed);
        _model = CreateModel(model);
        _parameters = _model.parameters().ToArray();
        ParameterCount = checked((int)_parameters.Sum(p => p.numel()));
        _scratch = new float[ParameterCount];
        _images = ToImageTensor(shard, model);
        _labels = ToLabelTensor(shard);
        _shuffle = new Random(shuffleSeed);
        _order = new long[shard.Count];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        _shuffle.Shuffle(_order);
    }

    /// <inheritdoc/>
    public int ParameterCount { get; }

    /// <summary>Gets the number of training images in the party's shard.</summary>
    public int ShardSize => _order.Length;

    /// <summary>Sets the number of threads libtorch uses for its intra-op parallelism (process-wide).</summary>
    /// <param name="threads">At least 1.</param>
    public static void SetThreadCount(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        TorchSharpNativeLoader.EnsureLoaded();
        torch.set_num_threads(threads);
    }

    /// <summary>Gets the number of parameters of a model kind without building a trainer.</summary>
    /// <param name="model">The network.</param>
    /// <returns>Its trainable parameter count.</returns>
    public static int CountParameters(ModelKind model)
    {
        TorchSharpNativeLoader.EnsureLoaded();
        using var module = CreateModel(model);
        return checked((int)module.parameters().Sum(p => p.numel()));
    }

    /// <inheritdoc/>
    public void GetParameters(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckLength(destination.Length, nameof(destination));
        int offset = 0;
        foreach (var parameter in _parameters)
        {
            int count = (int)parameter.numel();
            // Tensor.bytes copies the raw storage at once; the element accessor is about six times slower.
            MemoryMarshal.Cast<byte, float>(parameter.bytes).CopyTo(destination.Slice(offset, count));
            offset += count;
        }
    }

    /// <inheritdoc/>
    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckLength(parameters.Length, nameof(parameters));
        parameters.CopyTo(_scratch);
        int offset = 0;
        foreach (var parameter in _parameters)
        {
            int count = (int)parameter.numel();
            parameter.bytes = MemoryMarshal.AsBytes(_scratch.AsSpan(offset, count));
            offset += count;
        }
    }

    /// <inheritdoc/>
    public double ComputeGradient(int localSteps, float learningRate, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(localSteps, 1);
        if (!(learningRate > 0) || float.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        }

        CheckLength(destination.Length, nameof(destination));
        var start = new float[ParameterCount];
        GetParameters(start);
        double lossSum = 0;
        for (int step = 0; step < localSteps; step++)
        {
            lossSum += Step(learningRate);
        }

        GetParameters(destination);
        TensorPrimitives.Subtract(start, destination, destination);
        TensorPrimitives.Multiply(destination, 1f / learningRate, destination);

        SetParameters(start);
        return lossSum / localSteps;
    }

    /// <inheritdoc/>
    public void ApplyUpdate(ReadOnlySpan<float> gradient, float learningRate)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckLength(gradient.Length, nameof(gradient));
        if (!(learningRate > 0) || float.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        }

        var parameters = new float[ParameterCount];
        GetParameters(parameters);
        TensorPrimitives.MultiplyAdd(gradient, -learningRate, parameters, parameters);
        SetParameters(parameters);
    }

    /// <inheritdoc/>
    public TrainerEvaluation Evaluate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _testImages ??= ToImageTensor(_test, _modelKind);
        _testLabels ??= ToLabelTensor(_test);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = _model.forward(_testImages);
        double loss = nn.functional.cross_entropy(logits, _testLabels).item<float>();
        long[] predictions = logits.argmax(1).data<long>().ToArray();
        var (accuracy, macroF1) = ClassificationMetrics.Compute(_test.Labels, predictions, MnistDataset.ClassCount);
        return new TrainerEvaluation(accuracy, macroF1, loss);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _model.Dispose();
        _images.Dispose();
        _labels.Dispose();
        _testImages?.Dispose();
        _testLabels?.Dispose();
    }

    private double Step(float learningRate)
    {
        using var scope = torch.NewDisposeScope();
        var batch = torch.tensor(NextBatch());
        var output = _model.forward(_images.index_select(0, batch));
        var loss = nn.functional.cross_entropy(output, _labels.index_select(0, batch));
        _model.zero_grad();
        loss.backward();
        using (torch.no_grad())
        {
            foreach (var parameter in _parameters)
            {
                if (parameter.grad is { } grad)
                {
                    parameter.add_(grad, alpha: -learningRate);
                }
            }
        }

        return loss.item<float>();
    }

    private long[] NextBatch()
    {
        var batch = new long[_batchSize];
        for (int i = 0; i < batch.Length; i++)
        {
            if (_cursor == _order.Length)
            {
                _shuffle.Shuffle(_order);
                _cursor = 0;
            }

            batch[i] = _order[_cursor++];
        }

        return batch;
    }

    private void CheckLength(int length, string parameterName)
    {
        if (length != ParameterCount)
        {
            throw new ArgumentException($"Expected {ParameterCount} values, got {length}.", parameterName);
        }
    }

    private static nn.Module<Tensor, Tensor> CreateModel(ModelKind model) => model switch
    {
        ModelKind.Mlp => nn.Sequential(
            ("fc1", nn.Linear(MnistDataset.PixelsPerImage, 128)),
            ("relu", nn.ReLU()),
            ("fc2", nn.Linear(128, MnistDataset.ClassCount))),
        ModelKind.Cnn => nn.Sequential(
            ("conv1", nn.Conv2d(1, 8, 5)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(8, 16, 5)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(16 * 4 * 4, MnistDataset.ClassCount))),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };

    private static Tensor ToImageTensor(LabelledImages images, ModelKind model)
    {
        var values = new float[images.Pixels.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (images.Pixels[i] / 255f - PixelMean) / PixelDeviation;
        }

        long[] shape = model == ModelKind.Cnn
            ? [images.Count, 1, 28, 28]
            : [images.Count, MnistDataset.PixelsPerImage];
        return torch.tensor(values, shape);
    }

    private static Tensor ToLabelTensor(LabelledImages images) =>
        torch.tensor(Array.ConvertAll(images.Labels, l => (long)l));
}
