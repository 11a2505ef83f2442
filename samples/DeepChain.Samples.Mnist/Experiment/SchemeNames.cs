using DeepChain.Core.Aggregation;

namespace DeepChain.Samples.Mnist.Experiment;

/// <summary>The command-line names of the aggregation schemes.</summary>
public static class SchemeNames
{
    private static readonly (string Name, AggregationSchemeKind Kind)[] s_names =
    [
        ("plain", AggregationSchemeKind.Plain),
        ("paillier", AggregationSchemeKind.Paillier),
        ("threshold-paillier", AggregationSchemeKind.ThresholdPaillier),
        ("ckks", AggregationSchemeKind.Ckks),
        ("multiparty-ckks", AggregationSchemeKind.MultipartyCkks),
    ];

    /// <summary>Gets every name, in the order of the enum.</summary>
    public static IEnumerable<string> All => s_names.Select(n => n.Name);

    /// <summary>Gets a scheme's name.</summary>
    /// <param name="kind">The scheme.</param>
    /// <returns>Its command-line name.</returns>
    public static string ToName(AggregationSchemeKind kind) =>
        s_names.FirstOrDefault(n => n.Kind == kind).Name ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scheme.");

    /// <summary>Parses a scheme name, case-insensitively.</summary>
    /// <param name="name">A command-line name.</param>
    /// <param name="kind">The scheme.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string name, out AggregationSchemeKind kind)
    {
        foreach (var (n, k) in s_names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
