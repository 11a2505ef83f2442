using System.Security.Cryptography;

namespace DeepChain.Core.Ledger;

/// <summary>The Merkle root that a block header commits to.</summary>
/// <remarks>
/// Leaves are SHA-256(0x00 ‖ transaction encoding), interior nodes SHA-256(0x01 ‖ left ‖ right); a node without a
/// partner moves up unchanged. The distinct leaf and node prefixes stop a node from posing as a leaf (second-preimage
/// attacks), and promoting rather than duplicating the odd node means no two transaction lists share a root (the
/// duplicated-last-leaf weakness of Bitcoin's tree, CVE-2012-2459). The root of no transactions is all zeros.
/// Cost: n leaf hashes and n − 1 node hashes.
/// </remarks>
public static class MerkleTree
{
    /// <summary>Computes the Merkle root of transactions in block order.</summary>
    /// <param name="transactions">The transactions.</param>
    /// <returns>The root, all zeros for an empty list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> is null.</exception>
    public static BlockHash ComputeRoot(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (transactions.Count == 0)
        {
            return BlockHash.Zero;
        }

        var level = new byte[transactions.Count][];
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            for (int i = 0; i < level.Length; i++)
            {
                hash.AppendData([0x00]);
                hash.AppendData(transactions[i].Encoded);
                level[i] = hash.GetHashAndReset();
            }

            int count = level.Length;
            while (count > 1)
            {
                int next = 0;
                for (int i = 0; i < count; i += 2)
                {
                    if (i + 1 == count)
                    {
                        level[next++] = level[i];
                    }
                    else
                    {
                        hash.AppendData([0x01]);
                        hash.AppendData(level[i]);
                        hash.AppendData(level[i + 1]);
                        level[next++] = hash.GetHashAndReset();
                    }
                }

                count = next;
            }
        }

        return new BlockHash(level[0]);
    }
}
