namespace DeepChain.Core.Contracts;

/// <summary>An inclusive range of block heights in which a contract takes a kind of transaction.</summary>
/// <param name="First">The first height of the window.</param>
/// <param name="Last">The last height of the window (at least <paramref name="First"/>).</param>
public readonly record struct HeightWindow(long First, long Last)
{
    /// <summary>Gets a value indicating whether a height lies in the window.</summary>
    /// <param name="height">The block height.</param>
    /// <returns><see langword="true"/> when <c>First ≤ height ≤ Last</c>.</returns>
    public bool Contains(long height) => height >= First && height <= Last;

    /// <summary>Describes the window.</summary>
    /// <returns>"[First, Last]".</returns>
    public override string ToString() => $"[{First}, {Last}]";
}
