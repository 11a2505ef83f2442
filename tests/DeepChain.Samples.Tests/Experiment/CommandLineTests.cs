using DeepChain.Core.Aggregation;
using DeepChain.Samples.Mnist;
using DeepChain.Samples.Mnist.Experiment;

namespace DeepChain.Samples.Tests.Experiment;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_Lists_ReadsPartiesAndSchemes()
    {
        var result = MnistCommand.Create(ExperimentRunners.Default).Parse("--parties 1,2,4,8 --scheme plain,threshold-paillier --rounds 3 --model cnn --non-iid --out x");

        Assert.Empty(result.Errors);
        Assert.Equal([1, 2, 4, 8], result.GetValue<int[]>("--parties")!);
        Assert.Equal([AggregationSchemeKind.Plain, AggregationSchemeKind.ThresholdPaillier], result.GetValue<AggregationSchemeKind[]>("--scheme")!);
        Assert.Equal(3, result.GetValue<int>("--rounds"));
        Assert.Equal("cnn", result.GetValue<string>("--model"));
        Assert.True(result.GetValue<bool>("--non-iid"));
    }

    [Fact]
    public void Parse_NoArguments_UsesDefaults()
    {
        var result = MnistCommand.Create(ExperimentRunners.Default).Parse([]);

        Assert.Empty(result.Errors);
        Assert.Equal([1, 2, 4, 8], result.GetValue<int[]>("--parties")!);
        Assert.Equal("results", result.GetValue<string>("--out"));
    }

    [Theory]
    [InlineData("--scheme rsa")]
    [InlineData("--parties 1,zero")]
    [InlineData("--parties 0")]
    [InlineData("--model resnet")]
    public void Parse_InvalidValue_ReportsAnError(string arguments)
    {
        var result = MnistCommand.Create(ExperimentRunners.Default).Parse(arguments);

        Assert.NotEmpty(result.Errors);
    }
}
