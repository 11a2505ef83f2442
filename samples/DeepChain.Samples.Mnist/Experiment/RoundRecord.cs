using DeepChain.Core.Training.Privacy;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>One round of one experiment run (one scheme, one party count): model quality after the round and where the
/// round's time went. One row of <c>rounds.csv</c>.</summary>
/// <param name="Scheme">The scheme's command-line name (<c>plain</c>, <c>threshold-paillier</c>, …).</param>
/// <param name="Parties">The number of parties.</param>
/// <param name="Round">The round number, from 1.</param>
/// <param name="Accuracy">Test accuracy after the round, 0 to 1.</param>
/// <param name="MacroF1">Test macro-F1 after the round, 0 to 1.</param>
/// <param name="Loss">Test cross-entropy after the round.</param>
/// <param name="TrainSeconds">Local training, all parties together.</param>
/// <param name="EncryptSeconds">Quantizing, packing and encrypting, all parties together (0 for plain).</param>
/// <param name="AggregateSeconds">Summing the parties' (encrypted) gradients.</param>
/// <param name="DecryptSeconds">Joint decryption and dequantization (0 for plain).</param>
/// <param name="LedgerSeconds">Signing, submitting and committing ledger transactions (0 for plain).</param>
/// <param name="RoundSeconds">The whole round, evaluation excluded.</param>
/// <param name="BytesPerParty">Bytes one party uploads per round (its gradient, encrypted or not).</param>
/// <param name="GradientsPerSecond">Gradient values through the aggregation pipeline per second: parties × parameters
/// / (encrypt + aggregate + decrypt seconds).</param>
/// <param name="Privacy">The differential privacy spent after the round (all rounds so far), or null without DP.</param>
public sealed record RoundRecord(
    string Scheme,
    int Parties,
    int Round,
    double Accuracy,
    double MacroF1,
    double Loss,
    double TrainSeconds,
    double EncryptSeconds,
    double AggregateSeconds,
    double DecryptSeconds,
    double LedgerSeconds,
    double RoundSeconds,
    long BytesPerParty,
    double GradientsPerSecond,
    PrivacySpent? Privacy = null);
