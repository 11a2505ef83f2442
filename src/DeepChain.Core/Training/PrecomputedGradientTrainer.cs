namespace DeepChain.Core.Training;

/// <summary>
/// An <see cref="ITrainer"/> for gradients computed elsewhere (another framework, another process): set
/// <see cref="NextGradient"/> before each round, and read the applied aggregate from <see cref="LastUpdate"/>.
/// </summary>
/// <remarks>It keeps the parameter vector so the session's update rule (parameters −= rate · mean gradient) holds, and it
/// does not evaluate (<see cref="Evaluate"/> reports NaN).</remarks>
public sealed class PrecomputedGradientTrainer : ITrainer
{
    private readonly float[] _parameters;
    private readonly float[] _lastUpdate;

    /// <summary>Creates the trainer over initial parameters.</summary>
    /// <param name="initialParameters">The starting parameters (copied); their count is the gradient length.</param>
    /// <exception cref="ArgumentException"><paramref name="initialParameters"/> is empty.</exception>
    public PrecomputedGradientTrainer(ReadOnlySpan<float> initialParameters)
    {
        if (initialParameters.IsEmpty)
        {
            throw new ArgumentException("At least one parameter is needed.", nameof(initialParameters));
        }

        _parameters = initialParameters.ToArray();
        _lastUpdate = new float[_parameters.Length];
    }

    /// <summary>Gets or sets the gradient this party contributes next round (its length must be the parameter count).</summary>
    public ReadOnlyMemory<float> NextGradient { get; set; }

    /// <summary>Gets the last aggregated (mean) gradient the session applied.</summary>
    public ReadOnlySpan<float> LastUpdate => _lastUpdate;

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Length;

    /// <inheritdoc/>
    public void GetParameters(Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, ParameterCount, nameof(destination));
        _parameters.CopyTo(destination);
    }

    /// <inheritdoc/>
    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(parameters.Length, ParameterCount, nameof(parameters));
        parameters.CopyTo(_parameters);
    }

    /// <summary>Writes <see cref="NextGradient"/>.</summary>
    /// <param name="localSteps">Ignored (the gradient is already computed).</param>
    /// <param name="learningRate">Ignored.</param>
    /// <param name="destination">Receives the gradient.</param>
    /// <returns>NaN: the loss is not known here.</returns>
    /// <exception cref="InvalidOperationException"><see cref="NextGradient"/> has the wrong length.</exception>
    public double ComputeGradient(int localSteps, float learningRate, Span<float> destination)
    {
        if (NextGradient.Length != ParameterCount)
        {
            throw new InvalidOperationException($"NextGradient has {NextGradient.Length} values; the model has {ParameterCount}.");
        }

        NextGradient.Span.CopyTo(destination);
        return double.NaN;
    }

    /// <inheritdoc/>
    public void ApplyUpdate(ReadOnlySpan<float> gradient, float learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(gradient.Length, ParameterCount, nameof(gradient));
        gradient.CopyTo(_lastUpdate);
        for (int i = 0; i < _parameters.Length; i++)
        {
            _parameters[i] -= learningRate * gradient[i];
        }
    }

    /// <summary>Reports NaN metrics: this trainer has no data to evaluate on.</summary>
    /// <returns>NaN accuracy, F1 and loss.</returns>
    public TrainerEvaluation Evaluate() => new(double.NaN, double.NaN, double.NaN);
}
