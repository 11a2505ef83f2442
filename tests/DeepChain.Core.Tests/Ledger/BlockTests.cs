using DeepChain.Core.Ledger;
using FsCheck;
using FsCheck.Xunit;

namespace DeepChain.Core.Tests.Ledger;

public sealed class BlockTests : IClassFixture<TestChain>
{
    private readonly TestChain _chain;

    public BlockTests(TestChain chain) => _chain = chain;

    [Property(MaxTest = 20)]
    public bool Decode_OfEncode_GivesTheSameBlock(PositiveInt count)
    {
        Transaction[] txs = Transactions(count.Get % 9);
        Block block = Block.Create(TestChain.ChainId, 3, BlockHash.Zero, DateTimeOffset.UnixEpoch.AddDays(1), txs, _chain.Proposer);
        Assert.True(Block.TryDecode(block.Encode(), _chain.Parameters, out Block? back, out string? reason), reason);
        return back.Hash == block.Hash && back.Height == 3 && back.MerkleRoot == block.MerkleRoot
            && back.Transactions.Select(t => t.Id).SequenceEqual(txs.Select(t => t.Id)) && back.Encode().AsSpan().SequenceEqual(block.Encode());
    }

    [Property(MaxTest = 30)]
    public bool MerkleRoot_ChangesWithOrderAndContent(PositiveInt count)
    {
        Transaction[] txs = Transactions(2 + (count.Get % 7));
        BlockHash root = MerkleTree.ComputeRoot(txs);
        Transaction[] swapped = [txs[1], txs[0], .. txs[2..]];
        Transaction[] dropped = txs[..^1];
        Transaction[] duplicatedLast = [.. txs, txs[^1]];
        return root != MerkleTree.ComputeRoot(swapped) && root != MerkleTree.ComputeRoot(dropped)
            && root != MerkleTree.ComputeRoot(duplicatedLast) && root == MerkleTree.ComputeRoot([.. txs]);
    }

    [Fact]
    public void MerkleRoot_OfNothing_IsZero() => Assert.True(MerkleTree.ComputeRoot([]).IsZero);

    [Fact]
    public void Decode_BlockOfAnotherProposer_IsRejected()
    {
        Block block = Block.Create(TestChain.ChainId, 0, BlockHash.Zero, DateTimeOffset.UnixEpoch, [], _chain.Outsider);
        Assert.False(Block.TryDecode(block.Encode(), _chain.Parameters, out _, out string? reason));
        Assert.Contains("proposer", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BlockOfAnotherChain_IsRejected()
    {
        Block block = Block.Create(TestChain.ChainId + 1, 0, BlockHash.Zero, DateTimeOffset.UnixEpoch, [], _chain.Proposer);
        Assert.False(Block.TryDecode(block.Encode(), _chain.Parameters, out _, out string? reason));
        Assert.Contains("chain", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MoreTransactionsThanTheLimit_IsRejected()
    {
        Block block = Block.Create(TestChain.ChainId, 0, BlockHash.Zero, DateTimeOffset.UnixEpoch, Transactions(_chain.Parameters.MaxTransactionsPerBlock + 1), _chain.Proposer);
        Assert.False(Block.TryDecode(block.Encode(), _chain.Parameters, out _, out string? reason));
        Assert.Contains("limit", reason, StringComparison.Ordinal);
    }

    private Transaction[] Transactions(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Transaction.Create(TestChain.ChainId, TransactionType.RewardEscrow, (ulong)i, [(byte)i], _chain.Actors[i % 4]))];
}
