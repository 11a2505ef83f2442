using System.Runtime.Intrinsics;

namespace DeepChain.Crypto.Encoding;

// The element-wise kernels of GradientQuantizer as operator structs for SimdLoop. Each vector overload performs
// exactly the scalar overload's IEEE operations in the same order (no fused multiply-add: RyuJIT never
// contracts), so every width produces bit-identical results.
public sealed partial class GradientQuantizer
{
    // 1.5 · 2^52. Adding it to a double of magnitude below 2^51 rounds it to an integer (ties to even, the
    // default rounding mode) and leaves that integer, as two's complement, in the low bits of the encoding.
    private const double RoundingBias = 6755399441055744.0;
    private const long RoundingBiasBits = 0x4338_0000_0000_0000;

    /// <summary><c>q = round(clamp(x, -c, c) · (M/c)) + offset</c> in single precision; used for b ≤ 16.</summary>
    private readonly struct QuantizeSingleOperator : IUnaryVectorOperator<float, int>
    {
        private readonly float _clipRange;
        private readonly float _scale;
        private readonly int _offset;

        public QuantizeSingleOperator(float clipRange, float scale, int offset)
        {
            _clipRange = clipRange;
            _scale = scale;
            _offset = offset;
        }

        public int Invoke(float x) =>
            unchecked((int)MathF.Round(Math.Clamp(x, -_clipRange, _clipRange) * _scale) + _offset);

        public Vector128<int> Invoke(Vector128<float> x)
        {
            Vector128<float> clamped = Vector128.ClampNative(x, Vector128.Create(-_clipRange), Vector128.Create(_clipRange));
            return Vector128.ConvertToInt32(Vector128.Round(clamped * Vector128.Create(_scale))) + Vector128.Create(_offset);
        }

        public Vector256<int> Invoke(Vector256<float> x)
        {
            Vector256<float> clamped = Vector256.ClampNative(x, Vector256.Create(-_clipRange), Vector256.Create(_clipRange));
            return Vector256.ConvertToInt32(Vector256.Round(clamped * Vector256.Create(_scale))) + Vector256.Create(_offset);
        }

        public Vector512<int> Invoke(Vector512<float> x)
        {
            Vector512<float> clamped = Vector512.ClampNative(x, Vector512.Create(-_clipRange), Vector512.Create(_clipRange));
            return Vector512.ConvertToInt32(Vector512.Round(clamped * Vector512.Create(_scale))) + Vector512.Create(_offset);
        }
    }

    /// <summary>
    /// <c>q = round((double)clamp(x, -c, c) · (M/c)) + offset</c>, wrapping modulo 2^32 so that the offset form
    /// of b = 32 (up to 2^32 - 2) comes out as the right <see cref="uint"/> bits; used for b &gt; 16.
    /// </summary>
    private readonly struct QuantizeDoubleOperator : IUnaryVectorOperator<float, int>
    {
        private readonly float _clipRange;
        private readonly double _scale;
        private readonly int _offset;

        public QuantizeDoubleOperator(float clipRange, double scale, int offset)
        {
            _clipRange = clipRange;
            _scale = scale;
            _offset = offset;
        }

        public int Invoke(float x) =>
            unchecked((int)Math.Round(Math.Clamp(x, -_clipRange, _clipRange) * _scale) + _offset);

        public Vector128<int> Invoke(Vector128<float> x)
        {
            Vector128<float> clamped = Vector128.ClampNative(x, Vector128.Create(-_clipRange), Vector128.Create(_clipRange));
            (Vector128<double> lower, Vector128<double> upper) = Vector128.Widen(clamped);
            Vector128<double> scale = Vector128.Create(_scale);
            Vector128<double> bias = Vector128.Create(RoundingBias);
            Vector128<long> lowerBits = ((lower * scale) + bias).AsInt64();
            Vector128<long> upperBits = ((upper * scale) + bias).AsInt64();
            return Vector128.Narrow(lowerBits, upperBits) + Vector128.Create(_offset);
        }

        public Vector256<int> Invoke(Vector256<float> x)
        {
            Vector256<float> clamped = Vector256.ClampNative(x, Vector256.Create(-_clipRange), Vector256.Create(_clipRange));
            (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(clamped);
            Vector256<double> scale = Vector256.Create(_scale);
            Vector256<double> bias = Vector256.Create(RoundingBias);
            Vector256<long> lowerBits = ((lower * scale) + bias).AsInt64();
            Vector256<long> upperBits = ((upper * scale) + bias).AsInt64();
            return Vector256.Narrow(lowerBits, upperBits) + Vector256.Create(_offset);
        }

        public Vector512<int> Invoke(Vector512<float> x)
        {
            Vector512<float> clamped = Vector512.ClampNative(x, Vector512.Create(-_clipRange), Vector512.Create(_clipRange));
            (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(clamped);
            Vector512<double> scale = Vector512.Create(_scale);
            Vector512<double> bias = Vector512.Create(RoundingBias);
            Vector512<long> lowerBits = ((lower * scale) + bias).AsInt64();
            Vector512<long> upperBits = ((upper * scale) + bias).AsInt64();
            return Vector512.Narrow(lowerBits, upperBits) + Vector512.Create(_offset);
        }
    }

    /// <summary><c>x = (float)q · Δ</c> in single precision; used for b ≤ 16, where every q is an exact float.</summary>
    private readonly struct DequantizeSingleOperator : IUnaryVectorOperator<int, float>
    {
        private readonly float _step;

        public DequantizeSingleOperator(float step) => _step = step;

        public float Invoke(int x) => x * _step;

        public Vector128<float> Invoke(Vector128<int> x) => Vector128.ConvertToSingle(x) * Vector128.Create(_step);

        public Vector256<float> Invoke(Vector256<int> x) => Vector256.ConvertToSingle(x) * Vector256.Create(_step);

        public Vector512<float> Invoke(Vector512<int> x) => Vector512.ConvertToSingle(x) * Vector512.Create(_step);
    }

    /// <summary><c>x = (float)((double)q · Δ)</c>: one rounding to float; used for b &gt; 16.</summary>
    private readonly struct DequantizeDoubleOperator : IUnaryVectorOperator<int, float>
    {
        private readonly double _step;

        public DequantizeDoubleOperator(double step) => _step = step;

        public float Invoke(int x) => (float)(x * _step);

        public Vector128<float> Invoke(Vector128<int> x)
        {
            (Vector128<long> lower, Vector128<long> upper) = Vector128.Widen(x);
            Vector128<double> step = Vector128.Create(_step);
            return Vector128.Narrow(ToDouble(lower) * step, ToDouble(upper) * step);
        }

        public Vector256<float> Invoke(Vector256<int> x)
        {
            (Vector256<long> lower, Vector256<long> upper) = Vector256.Widen(x);
            Vector256<double> step = Vector256.Create(_step);
            return Vector256.Narrow(ToDouble(lower) * step, ToDouble(upper) * step);
        }

        public Vector512<float> Invoke(Vector512<int> x)
        {
            (Vector512<long> lower, Vector512<long> upper) = Vector512.Widen(x);
            Vector512<double> step = Vector512.Create(_step);
            return Vector512.Narrow(ToDouble(lower) * step, ToDouble(upper) * step);
        }

        // Exact for |v| < 2^51, which every sign-extended int satisfies; avoids relying on a fast int64 -> double
        // conversion, which x86 only has with AVX-512DQ.
        private static Vector128<double> ToDouble(Vector128<long> v) =>
            (v + Vector128.Create(RoundingBiasBits)).AsDouble() - Vector128.Create(RoundingBias);

        private static Vector256<double> ToDouble(Vector256<long> v) =>
            (v + Vector256.Create(RoundingBiasBits)).AsDouble() - Vector256.Create(RoundingBias);

        private static Vector512<double> ToDouble(Vector512<long> v) =>
            (v + Vector512.Create(RoundingBiasBits)).AsDouble() - Vector512.Create(RoundingBias);
    }

    /// <summary><c>x = (float)((double)(S - bias) · factor)</c> with bias = N·M and factor = Δ or Δ/N.</summary>
    /// <summary>
    /// <see cref="DequantizeSumOperator"/> for sums below 2^52 (every configuration up to 16 bits and far beyond): the
    /// integer-to-double conversion becomes two bit operations, <c>double(x) = bits(x | 2^52's exponent) − 2^52</c>,
    /// because 64-bit integer to double conversion has no AVX2 instruction. (x − bias) is then an exact difference of two
    /// integers below 2^52, so every lane equals the scalar result bit for bit.
    /// </summary>
    private readonly struct DequantizeSmallSumOperator : INarrowingVectorOperator<ulong, float>
    {
        private const ulong MagicBits = 0x4330_0000_0000_0000; // 2^52 as a double
        private const double Magic = 4503599627370496.0;

        private readonly long _bias;
        private readonly double _factor;

        public DequantizeSmallSumOperator(long bias, double factor)
        {
            _bias = bias;
            _factor = factor;
        }

        public float Invoke(ulong x) => (float)(unchecked((long)x - _bias) * _factor);

        public Vector128<float> Invoke(Vector128<ulong> lower, Vector128<ulong> upper)
        {
            Vector128<ulong> magic = Vector128.Create(MagicBits);
            Vector128<double> offset = Vector128.Create(Magic + _bias);
            Vector128<double> factor = Vector128.Create(_factor);
            return Vector128.Narrow(
                ((lower | magic).AsDouble() - offset) * factor,
                ((upper | magic).AsDouble() - offset) * factor);
        }

        public Vector256<float> Invoke(Vector256<ulong> lower, Vector256<ulong> upper)
        {
            Vector256<ulong> magic = Vector256.Create(MagicBits);
            Vector256<double> offset = Vector256.Create(Magic + _bias);
            Vector256<double> factor = Vector256.Create(_factor);
            return Vector256.Narrow(
                ((lower | magic).AsDouble() - offset) * factor,
                ((upper | magic).AsDouble() - offset) * factor);
        }

        public Vector512<float> Invoke(Vector512<ulong> lower, Vector512<ulong> upper)
        {
            Vector512<ulong> magic = Vector512.Create(MagicBits);
            Vector512<double> offset = Vector512.Create(Magic + _bias);
            Vector512<double> factor = Vector512.Create(_factor);
            return Vector512.Narrow(
                ((lower | magic).AsDouble() - offset) * factor,
                ((upper | magic).AsDouble() - offset) * factor);
        }
    }

    private readonly struct DequantizeSumOperator : INarrowingVectorOperator<ulong, float>
    {
        private readonly long _bias;
        private readonly double _factor;

        public DequantizeSumOperator(long bias, double factor)
        {
            _bias = bias;
            _factor = factor;
        }

        // Sums were checked to be at most 2·bias < 2^63, so the signed reinterpretation is exact.
        public float Invoke(ulong x) => (float)(unchecked((long)x - _bias) * _factor);

        public Vector128<float> Invoke(Vector128<ulong> lower, Vector128<ulong> upper)
        {
            Vector128<long> bias = Vector128.Create(_bias);
            Vector128<double> factor = Vector128.Create(_factor);
            return Vector128.Narrow(
                Vector128.ConvertToDouble(lower.AsInt64() - bias) * factor,
                Vector128.ConvertToDouble(upper.AsInt64() - bias) * factor);
        }

        public Vector256<float> Invoke(Vector256<ulong> lower, Vector256<ulong> upper)
        {
            Vector256<long> bias = Vector256.Create(_bias);
            Vector256<double> factor = Vector256.Create(_factor);
            return Vector256.Narrow(
                Vector256.ConvertToDouble(lower.AsInt64() - bias) * factor,
                Vector256.ConvertToDouble(upper.AsInt64() - bias) * factor);
        }

        public Vector512<float> Invoke(Vector512<ulong> lower, Vector512<ulong> upper)
        {
            Vector512<long> bias = Vector512.Create(_bias);
            Vector512<double> factor = Vector512.Create(_factor);
            return Vector512.Narrow(
                Vector512.ConvertToDouble(lower.AsInt64() - bias) * factor,
                Vector512.ConvertToDouble(upper.AsInt64() - bias) * factor);
        }
    }
}
