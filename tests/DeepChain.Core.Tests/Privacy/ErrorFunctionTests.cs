using DeepChain.Core.Training.Privacy;

namespace DeepChain.Core.Tests.Privacy;

/// <summary>erfc and ln erfc against 40-digit values from mpmath (<c>mpmath.erfc</c>, <c>mpmath.log</c> at mp.dps = 40),
/// and erfcx against the SciPy values of a published test table (<c>scipy.special.erfcx</c>).</summary>
public sealed class ErrorFunctionTests
{
    [Theory]
    [InlineData(0.3, 0.67137324054087258381)]
    [InlineData(1.0, 0.15729920705028513066)]
    [InlineData(-1.0, 1.8427007929497148693)]
    [InlineData(2.5, 0.00040695201744495893956)]
    [InlineData(5.0, 1.5374597944280348502e-12)]
    [InlineData(10.0, 2.088487583762544757e-45)]
    [InlineData(0.0, 1.0)]
    public void Erfc_KnownPoints_MatchesMpmathTo1e13(double x, double expected) =>
        Assert.Equal(expected, ErrorFunction.Erfc(x), expected * 1e-13);

    [Theory]
    [InlineData(0.3, -0.3984300514400852726)]
    [InlineData(-1.0, 0.61123231767807049464)]
    [InlineData(5.0, -27.200889545537434422)]
    [InlineData(30.0, -903.97411711064387808)]
    [InlineData(100.0, -10005.177585122664333)]
    public void LogErfc_FarBeyondUnderflow_MatchesMpmath(double x, double expected) =>
        Assert.Equal(expected, ErrorFunction.LogErfc(x), Math.Abs(expected) * 1e-14);

    [Theory]
    [InlineData(0.5, 0.6156903441929258)]
    [InlineData(4.0, 0.1369994576250614)]
    [InlineData(26.5, 0.0212750466853711)]
    [InlineData(100.0, 0.0056416137829894)]
    public void Erfcx_KnownPoints_MatchesScipy(double x, double expected) =>
        Assert.Equal(expected, ErrorFunction.Erfcx(x), 1e-15);

    [Fact]
    public void LogErfc_Infinities_AreTheLimits()
    {
        Assert.Equal(double.NegativeInfinity, ErrorFunction.LogErfc(double.PositiveInfinity));
        Assert.Equal(Math.Log(2), ErrorFunction.LogErfc(double.NegativeInfinity), 1e-15);
    }
}
