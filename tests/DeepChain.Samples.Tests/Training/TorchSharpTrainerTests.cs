using DeepChain.Samples.Mnist.Data;
using DeepChain.Samples.Mnist.Training;

namespace DeepChain.Samples.Tests.Training;

public sealed class TorchSharpTrainerTests
{
    private static readonly MnistDataset s_data = MnistDataset.Load();

    private static TorchSharpTrainer Create(ModelKind model = ModelKind.Mlp, int seed = 1, int shuffleSeed = 1, int images = 300) =>
        new(model, s_data.TrainingPool.Slice(0, images), s_data.Test.Slice(0, 500), batchSize: 32, seed, shuffleSeed);

    [Theory]
    [InlineData(ModelKind.Mlp, 101_770)]
    [InlineData(ModelKind.Cnn, 5_994)]
    public void ParameterCount_IsTheModelsSize(ModelKind model, int expected)
    {
        using var trainer = Create(model);

        Assert.Equal(expected, trainer.ParameterCount);
        Assert.Equal(expected, TorchSharpTrainer.CountParameters(model));
    }

    [Fact]
    public void Constructor_SameSeed_SameInitialParameters()
    {
        using var a = Create(seed: 7, shuffleSeed: 1);
        using var b = Create(seed: 7, shuffleSeed: 2);
        using var c = Create(seed: 8);

        Assert.Equal(Parameters(a), Parameters(b));
        Assert.NotEqual(Parameters(a), Parameters(c));
    }

    [Fact]
    public void ComputeGradient_RestoresParametersAndIsDeterministic()
    {
        using var a = Create();
        using var b = Create();
        float[] start = Parameters(a);
        var gradientA = new float[a.ParameterCount];
        var gradientB = new float[b.ParameterCount];

        double loss = a.ComputeGradient(3, 0.1f, gradientA);
        b.ComputeGradient(3, 0.1f, gradientB);

        Assert.Equal(start, Parameters(a));
        Assert.Equal(gradientA, gradientB);
        Assert.True(double.IsFinite(loss) && loss > 0);
        Assert.True(gradientA.All(float.IsFinite));
        Assert.True(gradientA.Sum(g => (double)g * g) > 1e-6);
    }

    [Fact]
    public void ApplyUpdate_OfOwnGradient_MovesToTheLocallyTrainedModel()
    {
        using var trainer = Create();
        float[] start = Parameters(trainer);
        var gradient = new float[trainer.ParameterCount];
        trainer.ComputeGradient(2, 0.1f, gradient);

        trainer.ApplyUpdate(gradient, 0.1f);

        float[] after = Parameters(trainer);
        for (int i = 0; i < after.Length; i += 997)
        {
            Assert.Equal(start[i] - 0.1f * gradient[i], after[i], 1e-6f);
        }
    }

    [Fact]
    public void TrainingRounds_RaiseAccuracyAboveChance()
    {
        using var trainer = Create(images: 600);
        var initial = trainer.Evaluate();
        var gradient = new float[trainer.ParameterCount];

        for (int round = 0; round < 10; round++)
        {
            trainer.ComputeGradient(5, 0.1f, gradient);
            trainer.ApplyUpdate(gradient, 0.1f);
        }

        var trained = trainer.Evaluate();
        Assert.True(trained.Loss < initial.Loss, $"loss {initial.Loss} → {trained.Loss}");
        Assert.True(trained.Accuracy > 0.6, $"accuracy {trained.Accuracy}");
        Assert.InRange(trained.MacroF1, 0.5, 1.0);
    }

    [Fact]
    public void Spans_WrongLength_Throw()
    {
        using var trainer = Create();

        Assert.Throws<ArgumentException>(() => trainer.GetParameters(new float[3]));
        Assert.Throws<ArgumentException>(() => trainer.SetParameters(new float[trainer.ParameterCount + 1]));
        Assert.Throws<ArgumentException>(() => trainer.ComputeGradient(1, 0.1f, new float[1]));
        Assert.Throws<ArgumentException>(() => trainer.ApplyUpdate(new float[1], 0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.ComputeGradient(0, 0.1f, new float[trainer.ParameterCount]));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.ComputeGradient(1, 0f, new float[trainer.ParameterCount]));
    }

    [Fact]
    public void SetParameters_RoundTrips()
    {
        using var trainer = Create();
        float[] values = Enumerable.Range(0, trainer.ParameterCount).Select(i => (i % 101) / 1000f).ToArray();

        trainer.SetParameters(values);

        Assert.Equal(values, Parameters(trainer));
    }

    private static float[] Parameters(TorchSharpTrainer trainer)
    {
        var values = new float[trainer.ParameterCount];
        trainer.GetParameters(values);
        return values;
    }
}
