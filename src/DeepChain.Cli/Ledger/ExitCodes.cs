namespace DeepChain.Cli.Ledger;

/// <summary>
/// The exit codes of the <c>ledger</c> commands. A process exit code is one byte (0–255), so a bad height cannot be
/// returned as itself; it is returned as <see cref="FirstBadHeight"/> + height, clipped to 255, and always printed in full.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>0</term><description>the ledger is intact (and, for <c>show</c> and <c>balances</c>, replayed).</description></item>
/// <item><term>1</term><description>usage error (unknown command or option, missing argument).</description></item>
/// <item><term>2</term><description>the file cannot be read as a DeepChain ledger (missing, not a ledger, I/O error), or
/// <c>--height</c> is not a stored height.</description></item>
/// <item><term>3 + h</term><description>the first bad height is h, for h = 0 … 251 (codes 3 … 254).</description></item>
/// <item><term>255</term><description>the first bad height is 252 or more (read the printed height).</description></item>
/// </list>
/// </remarks>
internal static class ExitCodes
{
    public const int Intact = 0;
    public const int Usage = 1;
    public const int Unreadable = 2;
    public const int FirstBadHeight = 3;
    public const int BadHeightAtOrAboveClip = 255;

    /// <summary>Maps a first bad height to its exit code: 3 + height, at most 255.</summary>
    public static int ForBadHeight(long height) =>
        height < 0 ? Unreadable : (int)Math.Min(FirstBadHeight + height, BadHeightAtOrAboveClip);
}
