using DeepChain.Core.Ledger;
using DeepChain.Core.Tests.Ledger;

namespace DeepChain.Core.Tests.Contracts;

/// <summary>Keys for the contract traffic: two task owners, four parties, three workers (all funded) and an outsider.</summary>
public sealed class ContractTrafficFixture : IDisposable
{
    public const ulong Funds = 100_000;

    public ContractTrafficFixture()
    {
        Chain = new TestChain();
        Funded = [.. Enumerable.Range(0, 9).Select(_ => LedgerSigningKey.Generate())];
        Outsider = LedgerSigningKey.Generate();
    }

    public TestChain Chain { get; }

    /// <summary>Owners 0–1, parties 2–5, workers 6–8.</summary>
    public LedgerSigningKey[] Funded { get; }

    public LedgerSigningKey Outsider { get; }

    public IReadOnlyList<(LedgerSigningKey Key, ulong Amount)> Genesis => [.. Funded.Select(k => (k, Funds))];

    public IEnumerable<LedgerSigningKey> Everyone => Funded.Append(Outsider);

    /// <summary>Gets or sets a ledger of seeded contract traffic, built once for the tamper property.</summary>
    public IReadOnlyList<byte[]>? SeededLedger { get; set; }

    public void Dispose()
    {
        foreach (LedgerSigningKey key in Everyone)
        {
            key.Dispose();
        }

        Chain.Dispose();
    }
}
