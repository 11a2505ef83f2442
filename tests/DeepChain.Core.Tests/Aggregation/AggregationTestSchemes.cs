using DeepChain.Core.Aggregation;

namespace DeepChain.Core.Tests.Aggregation;

/// <summary>
/// One instance of every scheme with small, insecure parameters (a 512-bit Paillier modulus, toy-sized CKKS where
/// allowed), created once for all aggregation tests: key generation is the slow part.
/// </summary>
public sealed class AggregationTestSchemes : IDisposable
{
    public const int Parties = 4;
    public const int Threshold = 3;

    private readonly Dictionary<AggregationSchemeKind, Lazy<IAggregationScheme>> _schemes;
    private readonly Dictionary<AggregationSchemeKind, Lazy<IAggregationScheme>> _others;

    public AggregationTestSchemes()
    {
        _schemes = Enum.GetValues<AggregationSchemeKind>().ToDictionary(kind => kind, kind => new Lazy<IAggregationScheme>(() => Create(kind)));
        _others = Enum.GetValues<AggregationSchemeKind>().ToDictionary(kind => kind, kind => new Lazy<IAggregationScheme>(() => Create(kind)));
    }

    public static AggregationSchemeOptions Options => new()
    {
        Parties = Parties,
        Threshold = Threshold,
        QuantizationBits = 16,
        ClipRange = 1f,
        PaillierModulusBits = 512,
        CkksPolyModulusDegree = 1024,
        AllowInsecureTestParameters = true,
        MaxDegreeOfParallelism = 2,
    };

    public static TheoryData<AggregationSchemeKind> Kinds()
    {
        var data = new TheoryData<AggregationSchemeKind>();
        foreach (AggregationSchemeKind kind in Enum.GetValues<AggregationSchemeKind>())
        {
            data.Add(kind);
        }

        return data;
    }

    public static TheoryData<AggregationSchemeKind> EncryptedKinds()
    {
        var data = new TheoryData<AggregationSchemeKind>();
        foreach (AggregationSchemeKind kind in Enum.GetValues<AggregationSchemeKind>().Where(k => k != AggregationSchemeKind.Plain))
        {
            data.Add(kind);
        }

        return data;
    }

    /// <summary>The shared scheme of this kind.</summary>
    public IAggregationScheme this[AggregationSchemeKind kind] => _schemes[kind].Value;

    /// <summary>A second scheme of the same kind with other keys (for digest-mismatch tests).</summary>
    public IAggregationScheme Other(AggregationSchemeKind kind) => _others[kind].Value;

    public static IAggregationScheme Create(AggregationSchemeKind kind) => AggregationSchemes.Create(kind, Options);

    public void Dispose()
    {
        foreach (Lazy<IAggregationScheme> lazy in _schemes.Values.Concat(_others.Values).Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
    }
}
