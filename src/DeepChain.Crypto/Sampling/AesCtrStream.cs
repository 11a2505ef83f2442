using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DeepChain.Crypto.Sampling;

/// <summary>
/// A deterministic pseudorandom byte stream: AES-256 in counter mode keyed by a 32-byte seed (the counter blocks are
/// encrypted in bulk with ECB, which is CTR by definition). The same seed gives the same bytes on every machine, which is
/// what lets a seeded ciphertext carry 32 bytes instead of its uniform polynomial; a seed drawn from
/// <see cref="RandomNumberGenerator"/> makes it a CSPRNG for bulk noise.
/// </summary>
internal sealed class AesCtrStream : IDisposable
{
    /// <summary>The seed size in bytes (an AES-256 key).</summary>
    public const int SeedSize = 32;

    private const int ChunkBlocks = 256;
    private readonly Aes _aes;
    private readonly byte[] _counters = new byte[ChunkBlocks * 16];
    private readonly byte[] _buffer = new byte[ChunkBlocks * 16];
    private int _available;
    private ulong _counter;

    public AesCtrStream(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"The seed must be {SeedSize} bytes.", nameof(seed));
        }

        _aes = Aes.Create();
        _aes.Key = seed.ToArray();
    }

    /// <summary>A stream seeded from <see cref="RandomNumberGenerator"/>.</summary>
    public static AesCtrStream CreateRandom()
    {
        Span<byte> seed = stackalloc byte[SeedSize];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return new AesCtrStream(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_available == 0)
            {
                Refill();
            }

            int take = Math.Min(_available, destination.Length);
            _buffer.AsSpan(_buffer.Length - _available, take).CopyTo(destination);
            _available -= take;
            destination = destination[take..];
        }
    }

    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        Fill(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _aes.Dispose();
    }

    private void Refill()
    {
        for (int block = 0; block < ChunkBlocks; block++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_counters.AsSpan(block * 16), _counter++);
        }

        _aes.EncryptEcb(_counters, _buffer, PaddingMode.None);
        _available = _buffer.Length;
    }
}
