using System.Security.Cryptography;
using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Crypto.Ckks.Multiparty;

/// <summary>
/// Collective public-key generation for n-of-n multiparty CKKS (Mouchet, Troncoso-Pastoriza, Bossuat, Hubaux 2021):
/// every party holds its own secret sᵢ; over a common random polynomial a (expanded from a public 32-byte seed) each
/// publishes pᵢ = −a·sᵢ + eᵢ, and (Σ pᵢ, a) is an ordinary public key for the secret s = Σ sᵢ that no one holds.
/// </summary>
public sealed class CkksCollectiveKeyGenerator
{
    private readonly CkksContext _context;
    private readonly byte[] _commonSeed;
    private readonly ulong[] _commonPolynomial;

    /// <summary>Creates the generator for one key-generation session.</summary>
    /// <param name="context">The CKKS context.</param>
    /// <param name="commonSeed">The public 32-byte seed every party uses (see <see cref="CreateCommonSeed"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="commonSeed"/> is not 32 bytes.</exception>
    public CkksCollectiveKeyGenerator(CkksContext context, ReadOnlySpan<byte> commonSeed)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (commonSeed.Length != AesCtrStream.SeedSize)
        {
            throw new ArgumentException($"The common seed must be {AesCtrStream.SeedSize} bytes.", nameof(commonSeed));
        }

        _context = context;
        _commonSeed = commonSeed.ToArray();
        _commonPolynomial = CkksSampling.UniformNtt(context, commonSeed, context.Moduli.Count);
    }

    /// <summary>Draws a fresh public common seed (any party or the coordinator may draw it and publish it).</summary>
    /// <returns>32 random bytes.</returns>
    public static byte[] CreateCommonSeed() => RandomNumberGenerator.GetBytes(AesCtrStream.SeedSize);

    /// <summary>Gets the public common seed.</summary>
    public ReadOnlySpan<byte> CommonSeed => _commonSeed;

    /// <summary>Makes party <paramref name="partyIndex"/>'s share pᵢ = −a·sᵢ + eᵢ.</summary>
    /// <param name="partyIndex">The party's index, at least 1.</param>
    /// <param name="secretShare">The party's own secret key sᵢ (from <see cref="CkksKeyGenerator.CreateSecretKey"/>).</param>
    /// <returns>The public-key share to publish.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partyIndex"/> is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secretShare"/> is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">The key belongs to other parameters.</exception>
    public CkksPublicKeyShare CreateShare(int partyIndex, CkksSecretKey secretShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partyIndex, 1);
        ArgumentNullException.ThrowIfNull(secretShare);
        CkksMismatchException.ThrowIfOtherContext(_context, secretShare.Context, nameof(secretShare));
        ulong[] share = CkksSampling.NegatedProductPlusError(_context, _commonPolynomial, secretShare.Ntt);
        return new CkksPublicKeyShare(_context, partyIndex, share);
    }

    /// <summary>Sums every party's share into the collective public key (Σ pᵢ, a).</summary>
    /// <param name="shares">One share per party, distinct indices.</param>
    /// <returns>The collective public key: encrypt with it like any <see cref="CkksPublicKey"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="shares"/> is empty or repeats a party index.</exception>
    /// <exception cref="ArgumentNullException">A share is <see langword="null"/>.</exception>
    /// <exception cref="CkksMismatchException">A share belongs to other parameters.</exception>
    public CkksPublicKey Aggregate(IReadOnlyList<CkksPublicKeyShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count == 0)
        {
            throw new ArgumentException("At least one share is needed.", nameof(shares));
        }

        var seen = new HashSet<int>();
        foreach (CkksPublicKeyShare share in shares)
        {
            ArgumentNullException.ThrowIfNull(share, nameof(shares));
            CkksMismatchException.ThrowIfOtherContext(_context, share.Context, nameof(shares));
            if (!seen.Add(share.PartyIndex))
            {
                throw new ArgumentException($"Two public-key shares carry party index {share.PartyIndex}.", nameof(shares));
            }
        }

        int n = _context.Degree;
        var b = (ulong[])shares[0].Value.Clone();
        for (int i = 0; i < _context.Moduli.Count; i++)
        {
            ulong q = _context.Modulus(i);
            for (int k = 1; k < shares.Count; k++)
            {
                PolynomialKernels.AddMod(b.AsSpan(i * n, n), shares[k].Value.AsSpan(i * n, n), q, b.AsSpan(i * n, n));
            }
        }

        return new CkksPublicKey(_context, b, (ulong[])_commonPolynomial.Clone());
    }
}
