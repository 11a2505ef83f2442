namespace DeepChain.Core.Aggregation;

/// <summary>Progress of a long scheme operation (encrypting many ciphertexts, making decryption shares).</summary>
/// <param name="Operation">What is running, e.g. <c>"encrypt"</c> or <c>"decryption-share"</c>.</param>
/// <param name="Completed">Units done so far (ciphertexts).</param>
/// <param name="Total">Units in all.</param>
public readonly record struct AggregationProgress(string Operation, int Completed, int Total);
