using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

/// <summary>Chooses, once per process, the widest vector width the hardware accelerates.</summary>
/// <remarks>
/// Honours the runtime's switches: with <c>DOTNET_EnableAVX512F=0</c> the choice drops to
/// <see cref="SimdPath.Vector256"/>, with <c>DOTNET_EnableHWIntrinsic=0</c> to <see cref="SimdPath.Scalar"/>.
/// </remarks>
internal static class SimdCapabilities
{
    private static readonly SimdPath s_best =
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
        : SimdPath.Scalar;

    /// <summary>Gets the widest accelerated path; the public kernels run it.</summary>
    public static SimdPath Best => s_best;

    /// <summary>Returns whether <paramref name="path"/> runs on hardware rather than in software emulation.</summary>
    public static bool IsAccelerated(SimdPath path) => path switch
    {
        SimdPath.Scalar => true,
        SimdPath.Vector128 => Vector128.IsHardwareAccelerated,
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated,
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
