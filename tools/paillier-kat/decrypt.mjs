// Decrypts ciphertexts with paillier-bigint, to cross-check another implementation's encryption.
//
//   node decrypt.mjs [input.json]        (reads standard input when no file is given)
//
// Input: { "keys": [ KEY, ... ] } where each KEY has "ciphertexts": [decimal strings] and one of
//   - "n", "p", "q"                 decimal strings;
//   - "n", "lambda", "mu"           decimal strings (lambda a multiple of the Carmichael function, mu = lambda^-1 mod n);
//   - "jwk"                         a python-paillier private key JWK ({"kty":"DAJ","p","q" or "lambda","mu","pub":{"n"}}),
//                                   its integers base64url-encoded, big-endian.
// All keys use g = n + 1. Output on standard output: { "decryptor": "...", "plaintexts": [[decimal strings], ...] }.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as paillier from 'paillier-bigint'

const here = dirname(fileURLToPath(import.meta.url))
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'paillier-bigint', 'package.json'), 'utf8')).version

function modInverse (a, m) {
  let [r0, r1] = [m, ((a % m) + m) % m]
  let [t0, t1] = [0n, 1n]
  while (r1 !== 0n) {
    const quotient = r0 / r1;
    [r0, r1] = [r1, r0 - quotient * r1];
    [t0, t1] = [t1, t0 - quotient * t1]
  }
  if (r0 !== 1n) throw new Error('lambda is not invertible modulo n')
  return t0 < 0n ? t0 + m : t0
}

function fromBase64Url (field, text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+$/.test(text)) throw new Error(`JWK field ${field} is not base64url`)
  const hex = Buffer.from(text, 'base64url').toString('hex')
  return BigInt('0x' + hex)
}

function readKey (key) {
  let n, p, q, lambda, mu
  if (key.jwk !== undefined) {
    const jwk = key.jwk
    if (jwk.kty !== 'DAJ' || jwk.pub?.kty !== 'DAJ' || jwk.pub?.alg !== 'PAI-GN1') throw new Error('not a python-paillier JWK')
    n = fromBase64Url('pub.n', jwk.pub.n)
    if (jwk.p !== undefined) {
      p = fromBase64Url('p', jwk.p)
      q = fromBase64Url('q', jwk.q)
    } else {
      lambda = fromBase64Url('lambda', jwk.lambda)
      mu = fromBase64Url('mu', jwk.mu)
    }
  } else {
    n = BigInt(key.n)
    if (key.p !== undefined) {
      p = BigInt(key.p)
      q = BigInt(key.q)
    } else {
      lambda = BigInt(key.lambda)
      mu = BigInt(key.mu)
    }
  }

  if (p !== undefined) {
    if (p * q !== n) throw new Error('p * q != n')
    lambda = (p - 1n) * (q - 1n)
    mu = modInverse(lambda, n)
  }

  const publicKey = new paillier.PublicKey(n, n + 1n)
  return new paillier.PrivateKey(lambda, mu, publicKey, p, q)
}

const input = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'))
const plaintexts = input.keys.map(key => {
  const privateKey = readKey(key)
  return key.ciphertexts.map(c => privateKey.decrypt(BigInt(c)).toString())
})
process.stdout.write(JSON.stringify({ decryptor: `paillier-bigint ${version}`, plaintexts }) + '\n')
