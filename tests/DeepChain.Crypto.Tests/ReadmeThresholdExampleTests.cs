using System.Numerics;
using DeepChain.Crypto.Paillier;
using DeepChain.Crypto.Paillier.Threshold;
using Xunit;

namespace DeepChain.Crypto.Tests;

/// <summary>Keeps the README's threshold example honest: the same code runs here (with a real 2048-bit dealer key).</summary>
public class ReadmeThresholdExampleTests
{
    [Fact]
    public void ThresholdExample_Runs_DecryptsFortyTwoWithTwoOfThreeShares()
    {
        // README-BEGIN threshold
        // A dealer makes a 2-of-3 key: any two parties decrypt together, no single party can.
        using ThresholdPaillierKeySet dealt = ThresholdPaillierDealer.Generate(2048, parties: 3, threshold: 2);
        PaillierPublicKey pk = dealt.PublicKey.PaillierKey;       // encrypt and aggregate as with any Paillier key
        PaillierCiphertext total = pk.Add(pk.Encrypt(40), pk.Encrypt(2));

        // Parties 1 and 3 each make a decryption share with a zero-knowledge proof that it is correct.
        DecryptionShare[] shares = [dealt.Shares[0].CreateDecryptionShare(total), dealt.Shares[2].CreateDecryptionShare(total)];
        ThresholdDecryptionResult result = new DecryptionShareCombiner(dealt.PublicKey).Combine(total, shares);
        Console.WriteLine(result.Plaintext);                      // 42; a bad share would be named in result.Rejected
        // README-END

        Assert.Equal(new BigInteger(42), result.Plaintext);
        Assert.Empty(result.Rejected);
        Assert.Equal([1, 3], result.UsedIndices);
        Assert.Throws<InsufficientDecryptionSharesException>(() => new DecryptionShareCombiner(dealt.PublicKey).Combine(total, shares[..1]));
    }

    [Fact]
    public void Readme_ThresholdBlock_MatchesCompiledCode() =>
        ReadmeQuickstartTests.AssertReadmeBlockMatches(1, "ReadmeThresholdExampleTests.cs", "README-BEGIN threshold");
}
