using System.Runtime.Intrinsics;
using BenchmarkDotNet.Running;

namespace DeepChain.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        Console.WriteLine($"SIMD: Vector512={Vector512.IsHardwareAccelerated} Vector256={Vector256.IsHardwareAccelerated} Vector128={Vector128.IsHardwareAccelerated}; " +
            $"Bmi2.X64={System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported} (Math.BigMul → mulx); active path: {IsaPath.Describe()}; " +
            $"Montgomery kernel (≥ 512-bit moduli): {DeepChain.Crypto.Arithmetic.MontgomeryContext.BestKernel}; quantizer: {DeepChain.Crypto.Encoding.GradientQuantizer.ActivePath}");
        if (args.Length > 0 && args[0] == "ckks-precision")
        {
            Ckks.CkksPrecisionReport.Run();
            return;
        }

        if (args.Length > 0 && args[0] == "aggregation-round")
        {
            Aggregation.AggregationRoundReport.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
