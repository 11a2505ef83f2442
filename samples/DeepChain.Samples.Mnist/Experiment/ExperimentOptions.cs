using DeepChain.Core.Aggregation;
using DeepChain.Core.Training.Privacy;
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

    /// <summary>Gets the experiment: party scaling (the default) or test error against ε.</summary>
    public ExperimentKind Experiment { get; init; } = ExperimentKind.Parties;

    /// <summary>Gets the differential-privacy budgets ε. Party scaling takes at most one: the budget, which calibrates the
    /// noise to spend it over the rounds unless <see cref="DpNoise"/> is given. The privacy experiment sweeps them all
    /// (<see cref="PrivacyExperiment.DefaultEpsilons"/> when empty).</summary>
    public IReadOnlyList<double> DpEpsilon { get; init; } = [];

    /// <summary>Gets the noise multiplier σ (noise standard deviation σ·C), or null to calibrate it from the budget.</summary>
    public double? DpNoise { get; init; }

    /// <summary>Gets the L2 norm C each party's update is clipped to under differential privacy.</summary>
    public double DpClip { get; init; } = 1;

    /// <summary>Gets δ of the (ε, δ) guarantee.</summary>
    public double DpDelta { get; init; } = 1e-5;

    /// <summary>Gets whether the parties' updates are differentially private (a budget or a noise multiplier is set).</summary>
    public bool UsesDifferentialPrivacy => DpEpsilon.Count > 0 || DpNoise is not null;

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

        ValidatePrivacy();
    }

    /// <summary>The session's differential-privacy settings for these options: clip norm, noise multiplier (given, or
    /// calibrated so the rounds spend exactly the first budget) and δ, with the first budget as the ε limit; null when
    /// neither a budget nor a noise multiplier is set.</summary>
    /// <returns>The settings, or null.</returns>
    /// <exception cref="ArgumentException">The privacy options are invalid.</exception>
    public DifferentialPrivacyOptions? ToPrivacyOptions()
    {
        ValidatePrivacy();
        if (!UsesDifferentialPrivacy)
        {
            return null;
        }

        double? budget = DpEpsilon.Count > 0 ? DpEpsilon[0] : null;
        return new DifferentialPrivacyOptions
        {
            ClipNorm = DpClip,
            NoiseMultiplier = DpNoise ?? RdpAccountant.CalibrateNoiseMultiplier(budget!.Value, DpDelta, Rounds),
            Delta = DpDelta,
            EpsilonBudget = budget,
        };
    }

    private void ValidatePrivacy()
    {
        if (DpEpsilon.Any(e => !(e > 0) || double.IsInfinity(e)))
        {
            throw new ArgumentOutOfRangeException(nameof(DpEpsilon), "Every ε must be positive and finite.");
        }

        if (DpNoise is { } noise && (!(noise > 0) || double.IsInfinity(noise)))
        {
            throw new ArgumentOutOfRangeException(nameof(DpNoise), noise, "The noise multiplier must be positive and finite.");
        }

        if (!(DpClip > 0) || double.IsInfinity(DpClip))
        {
            throw new ArgumentOutOfRangeException(nameof(DpClip), DpClip, "The clip norm must be positive and finite.");
        }

        if (!(DpDelta > 0 && DpDelta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DpDelta), DpDelta, "δ must be in (0, 1).");
        }

        if (Experiment == ExperimentKind.Parties && DpEpsilon.Count > 1)
        {
            throw new ArgumentException("Several ε values are for the privacy experiment (--experiment privacy); party scaling takes one budget.", nameof(DpEpsilon));
        }

        if (Experiment == ExperimentKind.Privacy && DpNoise is not null)
        {
            throw new ArgumentException("The privacy experiment calibrates the noise for each ε; leave --dp-noise out.", nameof(DpNoise));
        }
    }
}
