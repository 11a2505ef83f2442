namespace DeepChain.Core.Training;

/// <summary>
/// A party's model, as the collaborative training session sees it: a flat vector of float parameters, a local gradient
/// computed on the party's own data, an update applied from the jointly decrypted aggregate, and an evaluation.
/// </summary>
/// <remarks>
/// <para>Model-agnostic on purpose: DeepChain.Core depends on no model library. The MNIST sample implements it with
/// TorchSharp; the tests implement it with a logistic regression.</para>
/// <para>Each party owns its trainer; the session calls one trainer from one thread at a time. Every party's model
/// starts from the same parameters and receives the same aggregate each round, so all models stay equal.</para>
/// </remarks>
public interface ITrainer
{
    /// <summary>Gets the number of trainable parameters (the length of every gradient).</summary>
    int ParameterCount { get; }

    /// <summary>Copies the current parameters to <paramref name="destination"/>.</summary>
    /// <param name="destination">Exactly <see cref="ParameterCount"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    void GetParameters(Span<float> destination);

    /// <summary>Replaces the current parameters.</summary>
    /// <param name="parameters">Exactly <see cref="ParameterCount"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> has the wrong length.</exception>
    void SetParameters(ReadOnlySpan<float> parameters);

    /// <summary>
    /// Trains locally on the party's data for <paramref name="localSteps"/> steps, starting from the current
    /// parameters, and writes the resulting update direction: the mean gradient over the steps, or equivalently
    /// (start − end) / learning rate for multi-step local training. The model's parameters are restored to where they
    /// started, so only <see cref="ApplyUpdate"/> changes them.
    /// </summary>
    /// <param name="localSteps">Local mini-batch steps (at least 1).</param>
    /// <param name="learningRate">The local learning rate (positive).</param>
    /// <param name="destination">Receives <see cref="ParameterCount"/> gradient values.</param>
    /// <returns>The mean training loss over the local steps.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localSteps"/> or <paramref name="learningRate"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    double ComputeGradient(int localSteps, float learningRate, Span<float> destination);

    /// <summary>Applies an aggregated gradient: parameters ← parameters − learningRate · gradient.</summary>
    /// <param name="gradient">The aggregated (mean) gradient, <see cref="ParameterCount"/> values.</param>
    /// <param name="learningRate">The learning rate (positive).</param>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> has the wrong length.</exception>
    void ApplyUpdate(ReadOnlySpan<float> gradient, float learningRate);

    /// <summary>Evaluates the current model on the held-out test set.</summary>
    /// <returns>Accuracy, macro-F1 and loss.</returns>
    TrainerEvaluation Evaluate();
}
