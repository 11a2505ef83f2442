namespace DeepChain.Core.Training.Privacy;

/// <summary>A differential-privacy guarantee: the mechanism run so far is (<see cref="Epsilon"/>, <see cref="Delta"/>)-DP.</summary>
/// <param name="Epsilon">The privacy loss ε (0 or more; +∞ when nothing is guaranteed).</param>
/// <param name="Delta">The failure probability δ the ε holds for.</param>
/// <param name="Order">The Rényi order α whose bound gave the smallest ε.</param>
public readonly record struct PrivacySpent(double Epsilon, double Delta, double Order);
