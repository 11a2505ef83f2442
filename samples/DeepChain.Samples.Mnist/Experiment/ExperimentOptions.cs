using DeepChain.Core.Aggregation;
using DeepChain.Samples.Mnist.Training;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>The settings of a party-scaling experiment; the command line's options, plus a few only tests set.</summary>
public sealed record ExperimentOptions
{
    /// <summary>Gets the party counts to run, each a separate training from scratch.</summary>
    public IReadOnlyList<int> Parties { get; init; } = [1, 2, 4, 8];

    /// <summary>Gets the aggregation schemes to run.</summary>
    public IReadOnlyList<AggregationSchemeKind> Schemes { get; init; } = [AggregationSchemeKind.Plain, AggregationSchemeKind.ThresholdPaillier, AggregationSchemeKind.MultipartyCkks];

    /// <summary>Gets the number of rounds.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Gets the local SGD steps per party per round.</summary>
    public int LocalSteps { get; init; } = 50;

    /// <summary>Gets the mini-batch size.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Gets the learning rate, local and global.</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>Gets the network.</summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    /// <summary>Gets whether parties get a skewed label mix.</summary>
    public bool NonIid { get; init; }

    /// <summary>Gets the decryption threshold t for threshold schemes, or null for the scheme's default.</summary>
    public int? Threshold { get; init; }

    /// <summary>Gets the bits per quantized gradient value for encrypted schemes.</summary>
    public int QuantBits { get; init; } = 16;

    /// <summary>Gets the clip range c: gradient values are clipped to [−c, c] before quantization (integer schemes).</summary>
    public float ClipRange { get; init; } = 1f;

    /// <summary>Gets whether the encrypted blobs are kept beside each run's ledger (they are large; off by default).</summary>
    public bool KeepBlobs { get; init; }

    /// <summary>Gets whether tiny, insecure keys are used (512-bit Paillier, N = 1024 CKKS): for smoke tests only.</summary>
    public bool InsecureTestKeys { get; init; }

    /// <summary>Gets the seed of model initialisation, shards and mini-batch order.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Gets a folder of MNIST-format IDX files, or null for the committed 10,000 digits.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Gets the output folder.</summary>
    public string OutputDirectory { get; init; } = "results";

    /// <summary>Gets whether to print nothing but errors.</summary>
    public bool Quiet { get; init; }

    /// <summary>Gets the training images per party, or null for the training pool divided by the largest party count.</summary>
    public int? ImagesPerParty { get; init; }

    /// <summary>Gets the libtorch intra-op thread count.</summary>
    public int TorchThreads { get; init; } = 1;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Parties.Count == 0 || Parties.Any(p => p < 1))
        {
            throw new ArgumentException("Party counts must be at least 1.", nameof(Parties));
        }

        if (Schemes.Count == 0)
        {
            throw new ArgumentException("At least one scheme is needed.", nameof(Schemes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(LocalSteps, 1, nameof(LocalSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuantBits, 2, nameof(QuantBits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(QuantBits, 32, nameof(QuantBits));
        ArgumentOutOfRangeException.ThrowIfLessThan(TorchThreads, 1, nameof(TorchThreads));
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        }

        if (Threshold is { } t && (t < 1 || t > Parties.Min()))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), t, "The threshold must be between 1 and the smallest party count.");
        }

        if (ImagesPerParty is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ImagesPerParty), ImagesPerParty, "At least one image per party.");
        }
    }
}
