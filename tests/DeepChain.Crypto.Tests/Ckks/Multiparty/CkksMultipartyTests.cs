using DeepChain.Crypto.Arithmetic;
using DeepChain.Crypto.Ckks;
using DeepChain.Crypto.Ckks.Multiparty;
using FsCheck.Xunit;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks.Multiparty;

/// <summary>
/// n-of-n multiparty CKKS on a small ring: the collective key encrypts, all parties together decrypt (equal to
/// decrypting with the summed secret, within the smudging error), and a missing, repeated, misdirected or wrong share
/// makes the combination throw instead of returning garbage.
/// </summary>
public sealed class CkksMultipartyTests
{
    private const double Scale = 1.2089258196146292e24; // 2^80: room for the smudging noise (about 2^51 here)
    private readonly CkksContext _context = new(new CkksParameters(64, [50, 40, 40, 50], Math.Pow(2, 40), allowInsecure: true));

    [Property(MaxTest = 15)]
    public void CollectiveDecryption_OfSumOfPartiesEncryptions_EqualsSumAndSingleKeyDecryption(int seed, byte partiesSource)
    {
        var random = new Random(seed);
        int parties = 1 + (partiesSource % 6);
        using Session session = new(_context, parties);
        var encoder = new CkksEncoder(_context);
        var encryptor = new CkksEncryptor(session.PublicKey);
        double[][] values = Enumerable.Range(0, parties).Select(_ => Enumerable.Range(0, encoder.SlotCount).Select(_ => (random.NextDouble() * 2) - 1).ToArray()).ToArray();
        CkksCiphertext sum = new CkksEvaluator(_context).Sum(values.Select(v => encryptor.Encrypt(encoder.Encode(v, Scale))).ToArray());
        double[] expected = Enumerable.Range(0, encoder.SlotCount).Select(j => values.Sum(v => v[j])).ToArray();

        var decryptor = new CkksCollectiveDecryptor(_context, parties);
        CkksPartialDecryption[] partials = [.. session.Secrets.Select((s, i) => decryptor.CreatePartialDecryption(sum, i + 1, s)).Reverse()];
        double[] joint = encoder.Decode(decryptor.Combine(sum, partials));
        using CkksSecretKey summed = session.SummedSecret();
        double[] single = encoder.Decode(new CkksDecryptor(summed).Decrypt(sum));

        CkksPropertyTests.AssertClose(expected, joint, 1e-5);
        CkksPropertyTests.AssertClose(single, joint, 1e-5);
    }

    [Fact]
    public void Combine_MissingRepeatedMisdirectedOrWrongShare_Throws()
    {
        using Session session = new(_context, 3);
        var encoder = new CkksEncoder(_context);
        var encryptor = new CkksEncryptor(session.PublicKey);
        CkksCiphertext c = encryptor.Encrypt(encoder.Encode([0.5, -0.25], Scale));
        CkksCiphertext other = encryptor.Encrypt(encoder.Encode([0.5, -0.25], Scale));
        var decryptor = new CkksCollectiveDecryptor(_context, 3);
        CkksPartialDecryption[] partials = [.. session.Secrets.Select((s, i) => decryptor.CreatePartialDecryption(c, i + 1, s))];
        using CkksSecretKey stranger = new CkksKeyGenerator(_context).CreateSecretKey();

        Assert.Throws<CkksDecryptionException>(() => decryptor.Combine(c, partials[..2]));
        Assert.Throws<CkksDecryptionException>(() => decryptor.Combine(c, [partials[0], partials[1], partials[1]]));
        Assert.Throws<CkksDecryptionException>(() => decryptor.Combine(c, [partials[0], partials[1], decryptor.CreatePartialDecryption(other, 3, session.Secrets[2])]));
        var wrong = Assert.Throws<CkksDecryptionException>(() => decryptor.Combine(c, [partials[0], partials[1], decryptor.CreatePartialDecryption(c, 3, stranger)]));
        Assert.Contains("not combine to a valid plaintext", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(0.5, encoder.Decode(decryptor.Combine(c, partials))[0], 5);
    }

    [Fact]
    public void Arguments_OutOfRange_Throw()
    {
        using Session session = new(_context, 2);
        var decryptor = new CkksCollectiveDecryptor(_context, 2);
        CkksCiphertext c = new CkksEncryptor(session.PublicKey).Encrypt(new CkksEncoder(_context).Encode([1.0], Scale));

        Assert.Throws<ArgumentOutOfRangeException>(() => decryptor.CreatePartialDecryption(c, 3, session.Secrets[0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CkksCollectiveDecryptor(_context, 2, smudgingBits: 20));
        Assert.Throws<ArgumentException>(() => new CkksCollectiveKeyGenerator(_context, new byte[16]));
        Assert.Equal(55, CkksCollectiveDecryptor.DefaultSmudgingBits(8192));
    }

    /// <summary>n parties with their own secrets and the collective public key.</summary>
    private sealed class Session : IDisposable
    {
        private readonly CkksContext _context;

        public Session(CkksContext context, int parties)
        {
            _context = context;
            var generator = new CkksKeyGenerator(context);
            Secrets = [.. Enumerable.Range(0, parties).Select(_ => generator.CreateSecretKey())];
            var collective = new CkksCollectiveKeyGenerator(context, CkksCollectiveKeyGenerator.CreateCommonSeed());
            PublicKey = collective.Aggregate([.. Secrets.Select((s, i) => collective.CreateShare(i + 1, s))]);
        }

        public CkksSecretKey[] Secrets { get; }

        public CkksPublicKey PublicKey { get; }

        /// <summary>s = Σ sᵢ, which no party holds: the reference for single-key decryption.</summary>
        public CkksSecretKey SummedSecret()
        {
            int n = _context.Degree;
            var sum = new ulong[Secrets[0].Ntt.Length];
            for (int i = 0; i < _context.Moduli.Count; i++)
            {
                foreach (CkksSecretKey s in Secrets)
                {
                    PolynomialKernels.AddMod(sum.AsSpan(i * n, n), s.Ntt.AsSpan(i * n, n), _context.Modulus(i), sum.AsSpan(i * n, n));
                }
            }

            return new CkksSecretKey(_context, sum);
        }

        public void Dispose()
        {
            foreach (CkksSecretKey s in Secrets)
            {
                s.Dispose();
            }
        }
    }
}
