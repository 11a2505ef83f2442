// Known-answer vectors for DeepChain's Paillier, produced by an independent implementation (paillier-bigint).
//
//   npm install && node generate.mjs [output.json]
//
// Writes tests/DeepChain.Crypto.Tests/TestVectors/paillier-bigint-kat.json by default. All integers are decimal
// strings. paillier-bigint's default key generation picks a random generator g; DeepChain (like python-paillier)
// uses g = n + 1, so the keys are made with the "simple" variant (second argument true), which sets g = n + 1,
// lambda = (p - 1)(q - 1) and mu = lambda^-1 mod n. The script checks g = n + 1 before writing anything.
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as paillier from 'paillier-bigint'

const here = dirname(fileURLToPath(import.meta.url))
const output = process.argv[2] ?? join(here, '..', '..', 'tests', 'DeepChain.Crypto.Tests', 'TestVectors', 'paillier-bigint-kat.json')
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'paillier-bigint', 'package.json'), 'utf8')).version
const modulusBits = 2048
const keyCount = 2

function gcd (a, b) {
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

function randomBelow (bound) {
  const bytes = Math.ceil(bound.toString(2).length / 8) + 8
  return BigInt('0x' + randomBytes(bytes).toString('hex')) % bound
}

function randomUnit (n) {
  for (;;) {
    const r = randomBelow(n)
    if (r > 0n && gcd(r, n) === 1n) return r
  }
}

function encryptCase (publicKey, m) {
  const r = randomUnit(publicKey.n)
  const c = publicKey.encrypt(m, r)
  return { m: m.toString(), r: r.toString(), c: c.toString() }
}

const keys = []
for (let k = 0; k < keyCount; k++) {
  const { publicKey, privateKey } = await paillier.generateRandomKeys(modulusBits, true)
  const n = publicKey.n
  if (publicKey.g !== n + 1n) throw new Error('paillier-bigint did not use g = n + 1')
  if (publicKey.bitLength !== modulusBits) throw new Error(`n has ${publicKey.bitLength} bits`)
  const p = privateKey._p
  const q = privateKey._q
  if (p * q !== n) throw new Error('p * q != n')

  const plaintexts = [0n, 1n, 42n, (1n << 64n) + 13n, randomBelow(n), n - 1n]
  const encryptions = plaintexts.map(m => encryptCase(publicKey, m))
  for (const e of encryptions) {
    if (privateKey.decrypt(BigInt(e.c)) !== BigInt(e.m)) throw new Error('paillier-bigint round trip failed')
  }

  const sums = [[randomBelow(n), randomBelow(n)], [n - 1n, 2n]].map(([m1, m2]) => {
    const c1 = publicKey.encrypt(m1)
    const c2 = publicKey.encrypt(m2)
    const product = publicKey.addition(c1, c2)
    const sum = privateKey.decrypt(product)
    if (sum !== (m1 + m2) % n) throw new Error('paillier-bigint homomorphic sum failed')
    return { m1: m1.toString(), m2: m2.toString(), c1: c1.toString(), c2: c2.toString(), product: product.toString(), sum: sum.toString() }
  })

  keys.push({
    modulusBits,
    n: n.toString(),
    g: publicKey.g.toString(),
    p: p.toString(),
    q: q.toString(),
    lambda: privateKey.lambda.toString(),
    mu: privateKey.mu.toString(),
    encryptions,
    sums
  })
}

const document = {
  generator: `paillier-bigint ${version} (generateRandomKeys(${modulusBits}, true): g = n + 1) via tools/paillier-kat/generate.mjs, node ${process.version}`,
  generated: new Date().toISOString().slice(0, 10),
  encoding: 'decimal strings; c = g^m * r^n mod n^2 with g = n + 1; product = c1 * c2 mod n^2; sum = m1 + m2 mod n',
  keys
}
writeFileSync(output, JSON.stringify(document, null, 2) + '\n')
console.error(`wrote ${keys.length} keys to ${output}`)
