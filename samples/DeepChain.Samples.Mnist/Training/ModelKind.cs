namespace DeepChain.Samples.Mnist.Training;

/// <summary>The network a <see cref="TorchSharpTrainer"/> trains.</summary>
public enum ModelKind
{
    /// <summary>A multilayer perceptron 784-128-10 with ReLU: 101,770 parameters.</summary>
    Mlp,

    /// <summary>A small CNN: conv 5×5 (8) – pool – conv 5×5 (16) – pool – linear 256-10: 5,994 parameters.</summary>
    Cnn,
}
