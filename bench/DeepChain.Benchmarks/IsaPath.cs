using System.Runtime.Intrinsics;

namespace DeepChain.Benchmarks;

/// <summary>Which SIMD width the library's run-time dispatch picks on this machine.</summary>
internal static class IsaPath
{
    public static string Describe() =>
        Vector512.IsHardwareAccelerated ? "Vector512" :
        Vector256.IsHardwareAccelerated ? "Vector256" :
        Vector128.IsHardwareAccelerated ? "Vector128" : "Scalar";
}
