using DeepChain.Crypto.Ckks;
using Xunit;

namespace DeepChain.Crypto.Tests.Ckks;

/// <summary>Allocation measurements run alone, so no other test borrows the shared array pool's buffers meanwhile.</summary>
[CollectionDefinition(nameof(CkksAllocationMeasurements), DisableParallelization = true)]
public sealed class CkksAllocationMeasurements;

/// <summary>
/// Once warmed up, the destination forms allocate nothing on the calling thread (a correctness property of the API, not a
/// timing): their temporaries come from the array pool, their loops run sequentially below N = 4096, and their results
/// go to the caller's buffers.
/// </summary>
[Collection(nameof(CkksAllocationMeasurements))]
public sealed class CkksAllocationTests : IDisposable
{
    // N = 1024: one ciphertext (2 × 3 limbs × 1024 × 8 bytes = 48 KiB) is far larger than the noise streams' allocations.
    private readonly CkksContext _context = new(new CkksParameters(1024, [50, 40, 40, 50], Math.Pow(2, 40), allowInsecure: true));
    private readonly CkksSecretKey _secretKey;
    private readonly CkksEncoder _encoder;
    private readonly CkksEncryptor _encryptor;
    private readonly CkksEncryptor _symmetricEncryptor;
    private readonly CkksDecryptor _decryptor;
    private readonly CkksEvaluator _evaluator;
    private readonly CkksRelinearizationKey _relinearizationKey;
    private readonly CkksGaloisKeys _galoisKeys;
    private readonly double[] _values;
    private readonly CkksPlaintext _plaintext;
    private readonly CkksCiphertext _a;
    private readonly CkksCiphertext _b;

    public CkksAllocationTests()
    {
        var generator = new CkksKeyGenerator(_context);
        _secretKey = generator.CreateSecretKey();
        _encoder = new CkksEncoder(_context);
        _encryptor = new CkksEncryptor(generator.CreatePublicKey(_secretKey));
        _symmetricEncryptor = new CkksEncryptor(_secretKey);
        _decryptor = new CkksDecryptor(_secretKey);
        _evaluator = new CkksEvaluator(_context);
        _relinearizationKey = generator.CreateRelinearizationKey(_secretKey);
        _galoisKeys = generator.CreateGaloisKeys(_secretKey, [1]);
        var random = new Random(7);
        _values = Enumerable.Range(0, _encoder.SlotCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        _plaintext = _encoder.Encode(_values);
        _a = _encryptor.Encrypt(_plaintext);
        _b = _encryptor.Encrypt(_plaintext);
    }

    public void Dispose() => _secretKey.Dispose();

    [Fact]
    public void DestinationForms_AfterWarmUp_AllocateNothing()
    {
        CkksPlaintext plaintext = CkksPlaintext.Create(_context);
        CkksCiphertext sum = CkksCiphertext.Create(_context), product3 = CkksCiphertext.Create(_context, 3);
        CkksCiphertext product = CkksCiphertext.Create(_context), rescaled = CkksCiphertext.Create(_context, 2, 1), rotated = CkksCiphertext.Create(_context);
        var decoded = new double[_encoder.SlotCount];
        _evaluator.MultiplyRelinearize(_a, _b, _relinearizationKey, product);

        Assert.Equal(0, Allocated(() => _encoder.Encode(_values, null, plaintext)));
        Assert.Equal(0, Allocated(() => _evaluator.Add(_a, _b, sum)));
        Assert.Equal(0, Allocated(() => _evaluator.Add(sum, _b, sum)));
        Assert.Equal(0, Allocated(() => _evaluator.Subtract(_a, _b, sum)));
        Assert.Equal(0, Allocated(() => _evaluator.AddPlain(_a, _plaintext, sum)));
        Assert.Equal(0, Allocated(() => _evaluator.MultiplyPlain(_a, _plaintext, sum)));
        Assert.Equal(0, Allocated(() => _evaluator.Multiply(_a, _b, product3)));
        Assert.Equal(0, Allocated(() => _evaluator.Relinearize(product3, _relinearizationKey, sum)));
        Assert.Equal(0, Allocated(() => _evaluator.MultiplyRelinearize(_a, _b, _relinearizationKey, product)));
        Assert.Equal(0, Allocated(() => _evaluator.Rescale(product, rescaled)));
        Assert.Equal(0, Allocated(() => _evaluator.Rotate(_a, 1, _galoisKeys, rotated)));
        Assert.Equal(0, Allocated(() => _evaluator.Rotate(rotated, 1, _galoisKeys, rotated)));
        Assert.Equal(0, Allocated(() => _decryptor.Decrypt(_a, plaintext)));
        Assert.Equal(0, Allocated(() => _decryptor.Decrypt(product3, plaintext)));
        Assert.Equal(0, Allocated(() => _encoder.Decode(plaintext, decoded)));
    }

    [Fact]
    public void EncryptIntoDestination_AfterWarmUp_AllocatesOnlyItsNoiseStreams()
    {
        // Each encryption keys fresh AES-CTR streams (Sampling/AesCtrStream: an Aes object and two 4 KiB buffers, plus 64
        // bytes per 4 KiB refill inside the runtime's AES): one stream for public-key encryption, two for secret-key
        // encryption (the seeded uniform c₁ and the noise). Everything else, the polynomials included, is pooled or the
        // destination's: a single allocated ciphertext or temporary would exceed these bounds several times over.
        const long PerStream = 12 * 1024;
        CkksCiphertext destination = CkksCiphertext.Create(_context);
        long ciphertextBytes = destination.Data.Length * sizeof(ulong);
        Assert.True(ciphertextBytes >= 4 * PerStream);

        long publicKey = Allocated(() => _encryptor.Encrypt(_plaintext, destination));
        long secretKey = Allocated(() => _symmetricEncryptor.Encrypt(_plaintext, destination));

        Assert.InRange(publicKey, 0, PerStream);
        Assert.InRange(secretKey, 0, 2 * PerStream);
    }

    [Fact]
    public void ParallelThreshold_IsAboveThisTestsRing()
    {
        // The zero-allocation property above relies on the sequential path; a larger test ring would fork and allocate.
        Assert.True(_context.Parameters.PolyModulusDegree < CkksParallel.MinimumParallelDegree);
    }

    private static long Allocated(Action operation)
    {
        operation();
        operation();
        long before = GC.GetAllocatedBytesForCurrentThread();
        operation();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
