using System.Buffers.Binary;
using System.Security.Cryptography;
using DeepChain.Crypto.Sampling;

namespace DeepChain.Core.Training.Privacy;

/// <summary>
/// Draws Gaussian noise N(0, s²) from a cryptographically secure stream: AES-256 in counter mode keyed by 32 bytes from
/// <see cref="RandomNumberGenerator"/>, turned into normal deviates by the Box–Muller transform in double precision.
/// </summary>
/// <remarks>
/// <para>Each pair of deviates takes two 53-bit uniforms, u₁ ∈ (0, 1] and u₂ ∈ [0, 1), and gives
/// √(−2 ln u₁)·(cos 2πu₂, sin 2πu₂): exactly N(0, 1) for exact uniforms, and here accurate to double rounding, with a
/// tail cut at 8.57 standard deviations (the largest √(−2 ln u₁), a mass below 10⁻¹⁷). No rejection loop, so the time
/// does not depend on the values drawn.</para>
/// <para>Floating-point noise has a known weakness (Mironov, CCS 2012): the low-order bits of x + noise can reveal x.
/// The integer schemes round every noised value to their quantization grid (steps far above a float's resolution), which
/// erases those bits; the plain and CKKS schemes carry the float as it is.</para>
/// <para>Not thread-safe: one sampler per thread. Dispose it to erase the stream's state.</para>
/// </remarks>
public sealed class GaussianNoiseSampler : IDisposable
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);
    private const int ChunkBytes = 4096;
    private readonly AesCtrStream _stream;
    private readonly byte[] _chunk = new byte[ChunkBytes];
    private int _position = ChunkBytes;
    private bool _disposed;

    private GaussianNoiseSampler(AesCtrStream stream) => _stream = stream;

    /// <summary>Creates a sampler keyed from <see cref="RandomNumberGenerator"/>.</summary>
    /// <returns>The sampler.</returns>
    public static GaussianNoiseSampler Create() => new(AesCtrStream.CreateRandom());

    /// <summary>Creates a sampler with a fixed key, so a test sees the same deviates every run. Never for real noise.</summary>
    /// <param name="seed">32 bytes.</param>
    /// <returns>The sampler.</returns>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes.</exception>
    internal static GaussianNoiseSampler CreateSeeded(ReadOnlySpan<byte> seed) => new(new AesCtrStream(seed));

    /// <summary>Writes N(0, <paramref name="standardDeviation"/>²) deviates to <paramref name="destination"/>.</summary>
    /// <param name="standardDeviation">s, non-negative and finite.</param>
    /// <param name="destination">Receives the deviates.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ObjectDisposedException">The sampler is disposed.</exception>
    public void Sample(double standardDeviation, Span<double> destination)
    {
        CheckDeviation(standardDeviation);
        for (int i = 0; i < destination.Length; i += 2)
        {
            (double z0, double z1) = NextPair();
            destination[i] = standardDeviation * z0;
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = standardDeviation * z1;
            }
        }
    }

    /// <summary>Adds N(0, <paramref name="standardDeviation"/>²) noise to every value, independently (the sum is
    /// formed in double precision and rounded once to float).</summary>
    /// <param name="standardDeviation">s, non-negative and finite.</param>
    /// <param name="values">The values to noise, in place.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ObjectDisposedException">The sampler is disposed.</exception>
    public void AddNoise(double standardDeviation, Span<float> values)
    {
        CheckDeviation(standardDeviation);
        for (int i = 0; i < values.Length; i += 2)
        {
            (double z0, double z1) = NextPair();
            values[i] = (float)(values[i] + (standardDeviation * z0));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(values[i + 1] + (standardDeviation * z1));
            }
        }
    }

    /// <summary>Erases the stream's key and buffered bytes.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_chunk);
            _stream.Dispose();
        }
    }

    private void CheckDeviation(double standardDeviation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!(standardDeviation >= 0) || double.IsPositiveInfinity(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be non-negative and finite.");
        }
    }

    private (double Z0, double Z1) NextPair()
    {
        if (_position == ChunkBytes)
        {
            _stream.Fill(_chunk);
            _position = 0;
        }

        ulong a = BinaryPrimitives.ReadUInt64LittleEndian(_chunk.AsSpan(_position));
        ulong b = BinaryPrimitives.ReadUInt64LittleEndian(_chunk.AsSpan(_position + 8));
        _position += 16;
        double u1 = ((a >> 11) + 1) * TwoToMinus53; // (0, 1]: the logarithm is finite
        double u2 = (b >> 11) * TwoToMinus53;       // [0, 1)
        double radius = Math.Sqrt(-2 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(2 * Math.PI * u2);
        return (radius * cos, radius * sin);
    }
}
