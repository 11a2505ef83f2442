using DeepChain.Samples.Mnist.Data;

namespace DeepChain.Samples.Tests.Data;

public sealed class ShardPartitionerTests
{
    private static readonly LabelledImages s_pool = MnistDataset.Load().TrainingPool;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Partition_Shards_AreDisjointAndEquallySized(bool nonIid)
    {
        var shards = ShardPartitioner.Partition(s_pool, 8, 1000, nonIid, seed: 3);

        Assert.Equal(8, shards.Count);
        Assert.All(shards, s => Assert.Equal(1000, s.Count));
        var seen = new HashSet<string>();
        foreach (var shard in shards)
        {
            for (int i = 0; i < shard.Count; i++)
            {
                Assert.True(seen.Add(Convert.ToBase64String(shard.Pixels, i * 784, 784)), "an image appears in two shards");
            }
        }
    }

    [Fact]
    public void Partition_MoreParties_KeepsEarlierPartiesShards()
    {
        var two = ShardPartitioner.Partition(s_pool, 2, 500, nonIid: false, seed: 9);
        var eight = ShardPartitioner.Partition(s_pool, 8, 500, nonIid: false, seed: 9);

        Assert.Equal(two[0].Labels, eight[0].Labels);
        Assert.Equal(two[1].Pixels, eight[1].Pixels);
    }

    [Fact]
    public void Partition_NonIid_SkewsEachPartyTowardsTwoLabels()
    {
        var shards = ShardPartitioner.Partition(s_pool, 4, 500, nonIid: true, seed: 1);

        for (int p = 0; p < shards.Count; p++)
        {
            int first = 2 * p % 10;
            int dominant = shards[p].Labels.Count(l => l == first || l == (first + 1) % 10);
            Assert.InRange(dominant, 350, 500);
        }

        var iid = ShardPartitioner.Partition(s_pool, 4, 500, nonIid: false, seed: 1);
        Assert.InRange(iid[0].Labels.Count(l => l is 0 or 1), 50, 160);
    }

    [Fact]
    public void Partition_TooManyImages_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardPartitioner.Partition(s_pool, 9, 1000, nonIid: false, seed: 1));
    }
}
