// Measures Microsoft SEAL's CKKS (node-seal 7, SEAL 4.x compiled to WASM) on DeepChain's presets:
// the primes CoeffModulus.Create picks (DeepChain generates the same ones), the precision of a fresh encryption and of
// a sum of 64 ciphertexts of N/2 values in [-1, 1], and encode+encrypt time. Prints one JSON object per preset.
// Run: npm ci && npm run measure
import SEAL from 'node-seal'

const presets = [
  { n: 4096, bits: [40, 29, 40], scaleBits: 29 },
  { n: 8192, bits: [60, 40, 40, 60], scaleBits: 40 },
  { n: 16384, bits: [60, 40, 40, 40, 40, 40, 40, 40, 60], scaleBits: 40 },
]

// A small deterministic generator so every run measures the same values (xorshift64*).
function makeRandom(seed) {
  let state = BigInt(seed) | 1n
  return () => {
    state ^= state >> 12n; state ^= (state << 25n) & 0xFFFFFFFFFFFFFFFFn; state ^= state >> 27n
    const x = (state * 0x2545F4914F6CDD1Dn) & 0xFFFFFFFFFFFFFFFFn
    return Number(x >> 11n) / 2 ** 53
  }
}

const seal = await SEAL()
for (const preset of presets) {
  const parms = new seal.EncryptionParameters(seal.SchemeType.ckks)
  parms.setPolyModulusDegree(preset.n)
  parms.setCoeffModulus(seal.CoeffModulus.Create(preset.n, Int32Array.from(preset.bits)))
  const context = new seal.SEALContext(parms, true, seal.SecLevelType.tc128)
  const moduli = parms.coeffModulus()
  const primes = Array.from({ length: moduli.size() }, (_, i) => moduli.get(i).value().toString())
  const keys = new seal.KeyGenerator(context)
  const encoder = new seal.CKKSEncoder(context)
  const encryptor = new seal.Encryptor(context, keys.createPublicKey())
  const decryptor = new seal.Decryptor(context, keys.secretKey())
  const evaluator = new seal.Evaluator(context)
  const encode = (values) => { const p = new seal.Plaintext(); encoder.encode(values, scale, p); return p }
  const encrypt = (plain) => { const c = new seal.Ciphertext(); encryptor.encrypt(plain, c); return c }
  const decode = (cipher) => { const p = new seal.Plaintext(); decryptor.decrypt(cipher, p); return encoder.decodeFloat64(p) }
  const scale = 2 ** preset.scaleBits
  const slots = preset.n / 2
  const random = makeRandom(preset.n)

  const expected = new Float64Array(slots)
  let sum = null
  let freshError = 0
  let encryptMs = 0
  for (let c = 0; c < 64; c++) {
    const values = Float64Array.from({ length: slots }, () => random() * 2 - 1)
    for (let j = 0; j < slots; j++) expected[j] += values[j]
    const start = performance.now()
    const cipher = encrypt(encode(values))
    encryptMs += performance.now() - start
    if (c === 0) {
      const decoded = decode(cipher)
      for (let j = 0; j < slots; j++) freshError = Math.max(freshError, Math.abs(decoded[j] - values[j]))
    }
    if (sum === null) { sum = cipher } else { evaluator.add(sum, cipher, sum) }
  }
  const decoded = decode(sum)
  let sumError = 0
  for (let j = 0; j < slots; j++) sumError = Math.max(sumError, Math.abs(decoded[j] - expected[j]))
  console.log(JSON.stringify({
    n: preset.n, bits: preset.bits, scaleBits: preset.scaleBits, primes,
    freshMaxError: freshError, freshPrecisionBits: -Math.log2(freshError),
    sumOf64MaxError: sumError, sumOf64PrecisionBits: -Math.log2(sumError),
    encodeEncryptMs: encryptMs / 64,
  }))
}
