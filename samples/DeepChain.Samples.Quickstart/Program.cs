// DeepChain quickstart: three parties encrypt their gradients under one 2-of-3 threshold Paillier key, three workers
// add the ciphertexts and are judged by the processing contract, two parties decrypt the sum jointly, and every step
// lands on a signed, hash-chained ledger that is audited at the end.
// Run: dotnet run --project samples/DeepChain.Samples.Quickstart -c Release
using System.Globalization;
using DeepChain.Core.Aggregation;
using DeepChain.Core.Training;

float[][] gradients = [[0.5f, -0.25f, 0.125f], [0.1f, 0.2f, -0.3f], [-1f, 0.75f, 0.05f]];

// 1. A dealer makes a 2,048-bit 2-of-3 key (two safe primes: a few seconds to a minute) and gives each party a share.
Console.WriteLine("Generating a 2-of-3 threshold Paillier key...");
using IAggregationScheme scheme = AggregationSchemes.Create(
    AggregationSchemeKind.ThresholdPaillier, new AggregationSchemeOptions { Parties = 3, Threshold = 2 });

// 2. Each party brings a gradient (computed by any framework) through a trainer that hands it over.
PrecomputedGradientTrainer[] parties = [.. gradients.Select(g => new PrecomputedGradientTrainer(new float[g.Length]) { NextGradient = g })];

// 3. One round: encrypt, upload (blob + signed transaction), aggregate by 3 workers, decryption shares with proofs,
//    joint decryption, rewards and penalties. The ledger is in memory here; SessionStorage.Sqlite keeps it on disk.
using var session = new CollaborativeTrainingSession(scheme, parties, new CollaborativeTrainingOptions { Rounds = 1 });
RoundMetrics round = session.RunRound();
session.Finish();

string Format(ReadOnlySpan<float> values) => string.Join(", ", values.ToArray().Select(v => v.ToString("F4", CultureInfo.InvariantCulture)));
Console.WriteLine($"decrypted: {round.Decrypted}; contributors: {string.Join(", ", round.Contributors)}");
Console.WriteLine($"mean gradient = [{Format(parties[0].LastUpdate)}]   (exact: [-0.1333, 0.2333, -0.0417])");
Console.WriteLine($"upload: {round.BytesPerParty:N0} bytes per party; encrypt {round.EncryptSeconds:F2} s, decrypt {round.DecryptSeconds:F2} s");

// 4. Anyone can audit: re-verify every block and signature, replay from genesis, compare the balances.
SessionAudit audit = session.Audit();
Console.WriteLine($"ledger: {audit.Blocks} blocks, {audit.Transactions} transactions; audit {(audit.Passed ? "passed" : "FAILED: " + audit.Problem)}");
foreach ((string role, var address) in session.Participants.Parties.Select((a, i) => ($"party {i}", a)))
{
    Console.WriteLine($"{role}: balance {session.Participants.BalanceOf(address):N0}");
}
