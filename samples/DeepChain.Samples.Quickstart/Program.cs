// DeepChain quickstart: three parties encrypt their gradients, a worker adds the ciphertexts, and only the
// key holder decrypts the sum. Run: dotnet run --project samples/DeepChain.Samples.Quickstart -c Release
using System.Numerics;
using DeepChain.Crypto.Encoding;
using DeepChain.Crypto.Paillier;

using var keys = PaillierKeyPair.Generate(2048);
PaillierPublicKey publicKey = keys.PublicKey;

// 1. Plain Paillier: E(20) · E(22) decrypts to 42.
PaillierCiphertext sum = publicKey.Add(publicKey.Encrypt(20), publicKey.Encrypt(22));
Console.WriteLine($"20 + 22 = {keys.PrivateKey.Decrypt(sum)}");

// 2. Gradients: clip to [-1, 1], quantize to 16 bits, pack 100+ values per ciphertext with carry room for 3 parties.
float[][] gradients = [[0.5f, -0.25f, 0.125f], [0.1f, 0.2f, -0.3f], [-1f, 0.75f, 0.05f]];
var quantizer = new GradientQuantizer(clipRange: 1f, bits: 16);
var packer = new SlotPacker(publicKey.ModulusBits, quantizer.Bits, maxSummands: gradients.Length);
Console.WriteLine($"{packer.SlotsPerPlaintext} gradient values per ciphertext");

PaillierCiphertext[][] uploads = gradients.Select(g =>
{
    var quantized = new uint[g.Length];
    quantizer.QuantizeOffset(g, quantized);
    return publicKey.Encrypt(packer.Pack(quantized)); // each party encrypts under the group key
}).ToArray();

// 3. A worker multiplies the ciphertexts slot-plaintext by slot-plaintext: the product encrypts the sum.
PaillierCiphertext[] aggregate = Enumerable.Range(0, uploads[0].Length)
    .Select(i => publicKey.Sum(uploads.Select(u => u[i]).ToArray()))
    .ToArray();

// 4. The key holder decrypts and unpacks the sum, then averages.
BigInteger[] packedSums = keys.PrivateKey.Decrypt(aggregate);
ulong[] slotSums = packer.Unpack(packedSums, gradients.Length, valueCount: 3);
var mean = new float[3];
quantizer.DequantizeMean(slotSums, gradients.Length, mean);
Console.WriteLine($"mean gradient = [{string.Join(", ", mean.Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}]");
