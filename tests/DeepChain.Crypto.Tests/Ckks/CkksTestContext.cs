using DeepChain.Crypto.Ckks;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>Small insecure contexts (N = 64) for fast property tests, plus keys, built once per test class.</summary>
public sealed class CkksTestContext : IDisposable
{
    public CkksTestContext()
    {
        Context = new CkksContext(new CkksParameters(64, [50, 40, 40, 50], Math.Pow(2, 40), allowInsecure: true));
        Encoder = new CkksEncoder(Context);
        var generator = new CkksKeyGenerator(Context);
        SecretKey = generator.CreateSecretKey();
        PublicKey = generator.CreatePublicKey(SecretKey);
        Encryptor = new CkksEncryptor(PublicKey);
        SymmetricEncryptor = new CkksEncryptor(SecretKey);
        Decryptor = new CkksDecryptor(SecretKey);
        Evaluator = new CkksEvaluator(Context);
    }

    public CkksContext Context { get; }

    public CkksEncoder Encoder { get; }

    public CkksSecretKey SecretKey { get; }

    public CkksPublicKey PublicKey { get; }

    public CkksEncryptor Encryptor { get; }

    public CkksEncryptor SymmetricEncryptor { get; }

    public CkksDecryptor Decryptor { get; }

    public CkksEvaluator Evaluator { get; }

    public double[] Values(Random random, double range = 1) =>
        Enumerable.Range(0, Encoder.SlotCount).Select(_ => ((random.NextDouble() * 2) - 1) * range).ToArray();

    public double[] DecryptDecode(CkksCiphertext c) => Encoder.Decode(Decryptor.Decrypt(c));

    public void Dispose() => SecretKey.Dispose();
}
