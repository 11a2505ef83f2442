using System.Numerics;
using DeepChain.Crypto.Paillier;
using Xunit;

namespace DeepChain.Crypto.Tests.Paillier;

public class PaillierAggregationOnlyTests
{
    [Fact]
    public void HomomorphicOperations_OnKeyThatNeverEncrypts_DoNotBuildEncryptionTable()
    {
        using var keys = PaillierKeyPair.GenerateInsecureForTests(512);
        var c1 = keys.PublicKey.Encrypt(5);
        var c2 = keys.PublicKey.Encrypt(7);

        // A worker receives only the modulus and the ciphertexts.
        var worker = new PaillierPublicKey(keys.PublicKey.N, allowInsecureTestSizes: true);
        var sum = worker.Add(worker.Import(c1.Value), worker.Import(c2.Value));
        var total = worker.Sum([worker.Import(c1.Value), worker.Import(c2.Value), sum]);
        var scaled = worker.Multiply(total, 3);
        var shifted = worker.AddPlain(scaled, 1);

        Assert.False(worker.IsEncryptionTableBuilt);
        Assert.Equal(new BigInteger((5 + 7 + 12) * 3 + 1), keys.PrivateKey.Decrypt(keys.PublicKey.Import(shifted.Value)));
    }
}
