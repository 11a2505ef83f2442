using DeepChain.Crypto.Ckks;

namespace DeepChain.Benchmarks.Ckks;

/// <summary>
/// Precision of every preset, measured exactly as tools/ckks-seal/measure.mjs measures node-seal: the max absolute error
/// of one fresh public-key encryption of N/2 values in [−1, 1], and of the sum of 64 such ciphertexts, in bits
/// (−log₂ error). Run: <c>dotnet run -c Release --project bench/DeepChain.Benchmarks -- ckks-precision</c>.
/// </summary>
internal static class CkksPrecisionReport
{
    public static void Run()
    {
        Console.WriteLine("N,primes,scale_bits,fresh_max_error,fresh_bits,sum64_max_error,sum64_bits");
        foreach (int n in new[] { 4096, 8192, 16384 })
        {
            CkksParameters parameters = CkksParameters.Preset(n);
            var context = new CkksContext(parameters);
            var encoder = new CkksEncoder(context);
            var generator = new CkksKeyGenerator(context);
            using CkksSecretKey secretKey = generator.CreateSecretKey();
            var encryptor = new CkksEncryptor(generator.CreatePublicKey(secretKey));
            var decryptor = new CkksDecryptor(secretKey);
            var random = new Random(n);
            var expected = new double[encoder.SlotCount];
            var ciphertexts = new CkksCiphertext[64];
            double fresh = 0;
            for (int c = 0; c < ciphertexts.Length; c++)
            {
                double[] values = Enumerable.Range(0, encoder.SlotCount).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
                ciphertexts[c] = encryptor.Encrypt(encoder.Encode(values));
                for (int j = 0; j < values.Length; j++)
                {
                    expected[j] += values[j];
                }

                if (c == 0)
                {
                    double[] decoded = encoder.Decode(decryptor.Decrypt(ciphertexts[0]));
                    fresh = values.Zip(decoded, (v, d) => Math.Abs(v - d)).Max();
                }
            }

            double[] sum = encoder.Decode(decryptor.Decrypt(new CkksEvaluator(context).Sum(ciphertexts)));
            double sumError = expected.Zip(sum, (e, d) => Math.Abs(e - d)).Max();
            Console.WriteLine($"{n},\"[{string.Join(" ", parameters.PrimeBits)}]\",{Math.Log2(parameters.DefaultScale):0},{fresh:E3},{-Math.Log2(fresh):F1},{sumError:E3},{-Math.Log2(sumError):F1}");
        }
    }
}
