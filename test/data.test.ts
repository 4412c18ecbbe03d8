import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { data, init, Random, Tensor } from '../src';
import { expectClose, randomArray, releaseAll } from './helpers';

const { cifar10Batch, DataLoader, Dataset, mnist, parseIdx } = data;

beforeAll(async () => {
  await init();
});

/** An IDX file built by hand: magic 0x0000 <type> <rank>, big-endian dimensions, data. */
function idxBytes(
  shape: number[],
  values: ArrayLike<number>,
  type = 0x08,
): Uint8Array<ArrayBuffer> {
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + values.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, (type << 8) | shape.length);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(values, header);
  return bytes;
}

/** Seeded bytes in [0, 256). */
function randomBytes(rng: Random, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.int(256));
}

/** A data set whose sample i is [i, -i] with label i % 3: batches reveal their indices. */
function numbered(n: number) {
  const x = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 ? -1 : 1) * (k >> 1));
  return new Dataset(
    x,
    Int32Array.from({ length: n }, (_, i) => i % 3),
    [2],
  );
}

/** The sample indices in a batch of `numbered`, releasing its tensor. */
function indicesOf(batch: { x: Tensor }): number[] {
  const x = batch.x.toArray();
  batch.x.release();
  return Array.from({ length: x.length / 2 }, (_, i) => x[2 * i]);
}

/** The orders of `epochs` epochs of a loader, one array of sample indices per epoch. */
function epochOrders(loader: Iterable<{ x: Tensor }>, epochs: number): number[][] {
  return Array.from({ length: epochs }, () => [...loader].flatMap(indicesOf));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('parseIdx', () => {
  it('reads vectors (0x00000801) and image stacks (0x00000803) as views of the bytes', () => {
    const labels = idxBytes([5], [7, 0, 255, 3, 1]);
    expect(parseIdx(labels).shape).toEqual([5]);
    expect(Array.from(parseIdx(labels).data)).toEqual([7, 0, 255, 3, 1]);
    const pixels = randomBytes(new Random(1), 4 * 3 * 2);
    const file = idxBytes([4, 3, 2], pixels);
    const images = parseIdx(file);
    expect(images.shape).toEqual([4, 3, 2]);
    expect(images.data).toEqual(pixels);
    expect(images.data.buffer).toBe(file.buffer); // a view, not a copy
    // Dimensions above 2^24 are read as unsigned big-endian numbers.
    const wide = idxBytes([3, 0x1000001], []);
    expect(() => parseIdx(wide)).toThrow(/shape \[3,16777217\] needs 50331651 data bytes/);
  });

  it('reads from a view that starts inside a larger buffer', () => {
    const file = idxBytes([2, 2], [1, 2, 3, 4]);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    const { shape, data: values } = parseIdx(padded.subarray(3));
    expect(shape).toEqual([2, 2]);
    expect(Array.from(values)).toEqual([1, 2, 3, 4]);
  });

  it('names what is wrong with invalid or truncated files', () => {
    const file = idxBytes([2, 3], range(6));
    expect(() => parseIdx(file.subarray(0, 3))).toThrow(
      "simdnet: parseIdx: 'bytes' is truncated: 3 bytes, shorter than the 4-byte magic",
    );
    expect(() => parseIdx(file.subarray(0, 9))).toThrow(/truncated: 9 bytes.*12-byte header/);
    expect(() => parseIdx(file.subarray(0, 15))).toThrow(
      "'bytes' is truncated: shape [2,3] needs 6 data bytes after the header, the file has 3",
    );
    expect(() => parseIdx(idxBytes([2, 3], range(7)))).toThrow(/too long.*the file has 7/);
    expect(() => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0))).toThrow(
      /not an IDX file: magic 0x1f8b0800/,
    );
    expect(() => parseIdx(idxBytes([2], [0, 0, 0, 0, 0, 0, 0, 0], 0x0d))).toThrow(
      /element type 0x0d; only unsigned bytes \(0x08\)/,
    );
    expect(() => parseIdx(idxBytes([], []))).toThrow(/declares 0 dimensions/);
    expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow(/must be a Uint8Array/);
  });
});

describe('cifar10Batch', () => {
  it('reads label bytes and CHW pixels scaled to [0, 1]', () => {
    const rng = new Random(2);
    const labels = [3, 0, 9];
    const pixels = labels.map(() => randomBytes(rng, 3072));
    const bytes = new Uint8Array(3 * 3073);
    labels.forEach((label, i) => {
      bytes[i * 3073] = label;
      bytes.set(pixels[i], i * 3073 + 1);
    });
    const set = cifar10Batch(bytes);
    expect(set.length).toBe(3);
    expect(set.sampleShape).toEqual([3, 32, 32]);
    expect(Array.from(set.y)).toEqual(labels);
    const expected = pixels.flatMap((p) => Array.from(p, (b) => Math.fround(b / 255)));
    expect(Array.from(set.x)).toEqual(expected);
    // Green channel, row 5, column 7 of the second image.
    expect(set.x[3072 + 1024 + 5 * 32 + 7]).toBe(Math.fround(pixels[1][1024 + 5 * 32 + 7] / 255));
  });

  it('rejects sizes that are not whole records and labels above 9', () => {
    expect(() => cifar10Batch(new Uint8Array(3073 * 2 - 1))).toThrow(
      "simdnet: cifar10Batch: 'bytes' has 6145 bytes, not a positive multiple of 3073",
    );
    expect(() => cifar10Batch(new Uint8Array(0))).toThrow(/0 bytes/);
    const bytes = new Uint8Array(3073 * 2);
    bytes[3073] = 10;
    expect(() => cifar10Batch(bytes)).toThrow(/label 10 in record 1; labels are 0–9/);
  });
});

describe('Dataset', () => {
  it('checks sizes and counts samples and classes', () => {
    const set = new Dataset(new Float32Array(12), Int32Array.of(0, 4, 2), [2, 2]);
    expect([set.length, set.numClasses]).toEqual([3, 5]);
    expect(set.sampleShape).toEqual([2, 2]);
    expect(() => new Dataset(new Float32Array(10), Int32Array.of(0, 1, 2), [2, 2])).toThrow(
      "simdnet: Dataset: 'x' has 10 values, not a multiple of [2,2] (4)",
    );
    expect(() => new Dataset(new Float32Array(12), Int32Array.of(0, 1), [2, 2])).toThrow(
      "'y' has 2 values for 3 samples",
    );
    expect(() => new Dataset(new Float32Array(4), Int32Array.of(0, -1), [2])).toThrow(
      "'y[1]' is -1; class labels must be ≥ 0",
    );
    expect(() => new Dataset(new Float32Array(4), Int32Array.of(0, 1), [2, 0])).toThrow(
      /'sampleShape'\[1\] must be a positive integer/,
    );
    expect(() => new Dataset([1, 2] as unknown as Float32Array, Int32Array.of(0), [2])).toThrow(
      "'x' must be a Float32Array",
    );
    const regression = new Dataset(new Float32Array(6), new Float32Array(3), [2]);
    expect(regression.targetShape).toEqual([1]);
    expect(() => regression.numClasses).toThrow(/float regression targets, not classes/);
  });

  it('subset views the arrays, select copies in the given order', () => {
    const set = numbered(10);
    const sub = set.subset(3, 7);
    expect(sub.length).toBe(4);
    expect(sub.x.buffer).toBe(set.x.buffer);
    expect(Array.from(sub.x)).toEqual([3, -3, 4, -4, 5, -5, 6, -6]);
    expect(Array.from(sub.y)).toEqual([0, 1, 2, 0]);
    expect(set.subset(8).length).toBe(2);
    expect(set.subset(4, 4).length).toBe(0);
    expect(() => set.subset(5, 11)).toThrow(
      'simdnet: Dataset.subset: [5, 11) is not a range within the 10 samples',
    );
    expect(() => set.subset(-1)).toThrow(/'start' must be a non-negative integer/);

    const picked = set.select([9, 0, 9]);
    expect(Array.from(picked.x)).toEqual([9, -9, 0, -0, 9, -9]);
    expect(Array.from(picked.y)).toEqual([0, 0, 0]);
    expect(picked.x.buffer).not.toBe(set.x.buffer);
    expect(() => set.select([2, 10])).toThrow(
      "simdnet: Dataset.select: 'indices[1]' is 10, not a sample index in [0, 10)",
    );
  });

  it('splits at random into disjoint parts that cover it, the same for the same seed', () => {
    const set = numbered(50);
    const [a, b] = set.split(0.8, { seed: 4 });
    expect([a.length, b.length]).toEqual([40, 10]);
    const ia = indicesOf(a.batch(range(40)));
    const ib = indicesOf(b.batch(range(10)));
    expect([...ia, ...ib].sort((p, q) => p - q)).toEqual(range(50));
    expect(ia).not.toEqual(range(40));
    expect(Array.from(a.y)).toEqual(ia.map((i) => i % 3)); // labels travel with samples
    const [again] = set.split(0.8, { seed: 4 });
    expect(Array.from(again.x)).toEqual(Array.from(a.x));
    const [other] = set.split(0.8, { seed: 5 });
    expect(Array.from(other.x)).not.toEqual(Array.from(a.x));
    expect(set.split(0, { seed: 1 }).map((s) => s.length)).toEqual([0, 50]);
    expect(() => set.split(1.5)).toThrow("simdnet: Dataset.split: 'fraction' must be in [0, 1]");
  });

  it('channelStats and normalize agree with a float64 computation per channel', () => {
    const [n, channels, pixels] = [7, 3, 5];
    const rng = new Random(6);
    const x = randomArray(rng, n * channels * pixels, -2, 5);
    const set = new Dataset(x, Int32Array.from(range(n)), [channels, 5]);
    // Float64 reference: each channel's values over every sample.
    const values = range(channels).map((c) =>
      range(n).flatMap((s) => Array.from(x.subarray((s * channels + c) * pixels).slice(0, pixels))),
    );
    const mean = values.map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    const std = values.map((v, c) =>
      Math.sqrt(v.reduce((a, b) => a + (b - mean[c]) ** 2, 0) / v.length),
    );
    const stats = set.channelStats();
    expectClose(stats.mean, mean, { rtol: 1e-12, atol: 1e-12 }, 'mean');
    expectClose(stats.std, std, { rtol: 1e-12, atol: 1e-12 }, 'std');

    const normalized = set.normalize(mean, std);
    expect(normalized.y).toBe(set.y);
    const expected = Float64Array.from(x, (v, i) => {
      const c = Math.floor(i / pixels) % channels;
      return (v - mean[c]) / std[c];
    });
    expectClose(normalized.x, expected, { rtol: 1e-6, atol: 1e-6 }, 'normalized');
    const after = normalized.channelStats();
    expectClose(after.mean, [0, 0, 0], { atol: 1e-6 }, 'mean after');
    expectClose(after.std, [1, 1, 1], { rtol: 1e-6 }, 'std after');

    const scalar = set.normalize(0.5, 2);
    expectClose(
      scalar.x,
      Float64Array.from(x, (v) => (v - 0.5) / 2),
      {},
      'scalar',
    );
    expect(() => set.normalize([0, 0], 1)).toThrow(
      "simdnet: Dataset.normalize: 'mean' must be a number or 3 numbers (one per channel)",
    );
    expect(() => set.normalize(0, [1, 0, 1])).toThrow("'std' must be > 0, got 0 for channel 1");
  });

  it('gathers batches into new tensors; float targets become a tensor [B, 1]', () => {
    const set = numbered(6);
    const { x, y } = set.batch([4, 1]);
    expect(x.shape).toEqual([2, 2]);
    expect(Array.from(x.toArray())).toEqual([4, -4, 1, -1]);
    expect(y).toBeInstanceOf(Int32Array);
    expect(Array.from(y)).toEqual([1, 1]);
    expect(() => set.batch([])).toThrow(
      "simdnet: Dataset.batch: 'indices' must hold at least one index",
    );
    expect(() => set.batch([0.5])).toThrow(/'indices\[0\]' is 0.5/);

    const targets = Float32Array.from(range(6), (i) => i / 10);
    const regression = new Dataset(set.x, targets, [2]);
    const batch = regression.batch([5, 2, 3]);
    expect(batch.y).toBeInstanceOf(Tensor);
    expect(batch.y.shape).toEqual([3, 1]);
    expect(Array.from(batch.y.toArray())).toEqual([0.5, 0.2, 0.3].map(Math.fround));
    const whole = set.tensor();
    expect(whole.shape).toEqual([6, 2]);
    expect(Array.from(whole.toArray())).toEqual(Array.from(set.x));
    releaseAll(x, batch.x, batch.y, whole);
  });

  it('circlesDataset wraps circles()', () => {
    const options = { n: 9, noise: 0.1, seed: 3 };
    const set = data.circlesDataset(options);
    const { x, y } = data.circles(options);
    expect([set.length, set.numClasses]).toEqual([9, 2]);
    expect(set.x).toEqual(x);
    expect(set.y).toEqual(y);
  });
});

describe('DataLoader', () => {
  it('counts batches per epoch, with and without dropLast', () => {
    const set = numbered(10);
    const loader = new DataLoader(set, { batchSize: 3 });
    expect(loader.length).toBe(4);
    const sizes = [...loader].map((b) => indicesOf(b).length);
    expect(sizes).toEqual([3, 3, 3, 1]);
    const dropping = new DataLoader(set, { batchSize: 3, dropLast: true });
    expect(dropping.length).toBe(3);
    expect([...dropping].map((b) => indicesOf(b).length)).toEqual([3, 3, 3]);
    expect(new DataLoader(set, { batchSize: 5, dropLast: true }).length).toBe(2);
    expect(new DataLoader(set, { batchSize: 20, dropLast: true }).length).toBe(0);
    expect(() => new DataLoader(set, { batchSize: 0 })).toThrow(
      "simdnet: DataLoader: 'batchSize' must be a positive integer, got 0",
    );
    expect(() => new DataLoader(set, { batchSize: 2, seed: 0.5 })).toThrow(
      "simdnet: DataLoader: 'seed' must be an integer, got 0.5",
    );
  });

  it('visits samples in order without shuffle, with their labels', () => {
    const loader = new DataLoader(numbered(7), { batchSize: 4 });
    const batches = [...loader];
    expect(batches.map((b) => Array.from(b.y))).toEqual([
      [0, 1, 2, 0],
      [1, 2, 0],
    ]);
    expect(epochOrders(loader, 2)).toEqual([range(7), range(7)]);
    batches.forEach((b) => b.x.release());
  });

  it('shuffles: every index once per epoch, a new order each epoch, the same for a seed', () => {
    const set = numbered(23);
    const make = (seed: number) => new DataLoader(set, { batchSize: 5, shuffle: true, seed });
    const loader = make(11);
    const orders = epochOrders(loader, 4);
    expect(loader.epochs).toBe(4);
    for (const order of orders) expect([...order].sort((a, b) => a - b)).toEqual(range(23));
    expect(new Set(orders.map(String)).size).toBe(4);
    expect(orders[0]).not.toEqual(range(23));
    expect(epochOrders(make(11), 4)).toEqual(orders);
    expect(epochOrders(make(12), 1)[0]).not.toEqual(orders[0]);
  });

  it('starts a new epoch when an iteration is abandoned and restarted', () => {
    const set = numbered(12);
    const options = { batchSize: 4, shuffle: true, seed: 3 };
    const full = epochOrders(new DataLoader(set, options), 2);
    const loader = new DataLoader(set, options);
    for (const batch of loader) {
      expect(indicesOf(batch)).toEqual(full[0].slice(0, 4));
      break;
    }
    expect(epochOrders(loader, 1)).toEqual([full[1]]);
  });

  it('keeps float targets as tensors per batch', () => {
    const set = new Dataset(new Float32Array(8), Float32Array.of(1, 2, 3, 4), [2]);
    const ys = [...new DataLoader(set, { batchSize: 3 })].map(({ x, y }) => {
      x.release();
      const values = Array.from(y.toArray());
      y.release();
      return values;
    });
    expect(ys).toEqual([[1, 2, 3], [4]]);
  });
});

describe('mnist from a URL', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** Serves tiny MNIST files from https://example.test/digits/ through a stubbed fetch. */
  function serve(files: Record<string, Uint8Array<ArrayBuffer>>): string[] {
    const requested: string[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      requested.push(url.href);
      const name = url.href.replace('https://example.test/digits/', '');
      const body = files[name];
      return body ? new Response(body) : new Response('missing', { status: 404 });
    });
    return requested;
  }

  it('fetches the four files from a folder URL and scales the pixels', async () => {
    const rng = new Random(8);
    const pixels = { train: randomBytes(rng, 3 * 784), t10k: randomBytes(rng, 2 * 784) };
    const requested = serve({
      'train-images-idx3-ubyte': idxBytes([3, 28, 28], pixels.train),
      'train-labels-idx1-ubyte': idxBytes([3], [5, 0, 4]),
      't10k-images-idx3-ubyte': idxBytes([2, 28, 28], pixels.t10k),
      't10k-labels-idx1-ubyte': idxBytes([2], [7, 2]),
    });
    const { train, test } = await mnist({ fetch: 'https://example.test/digits' });
    expect(requested.sort()).toEqual([
      'https://example.test/digits/t10k-images-idx3-ubyte',
      'https://example.test/digits/t10k-labels-idx1-ubyte',
      'https://example.test/digits/train-images-idx3-ubyte',
      'https://example.test/digits/train-labels-idx1-ubyte',
    ]);
    expect([train.length, test.length]).toEqual([3, 2]);
    expect(train.sampleShape).toEqual([1, 28, 28]);
    expect(Array.from(train.y)).toEqual([5, 0, 4]);
    expect(Array.from(test.x)).toEqual(Array.from(pixels.t10k, (b) => Math.fround(b / 255)));

    const normalized = await mnist({ fetch: 'https://example.test/digits/', normalize: true });
    const expected = Array.from(pixels.train, (b) => (b / 255 - 0.1307) / 0.3081);
    expectClose(normalized.train.x, expected, { rtol: 1e-6, atol: 1e-6 }, 'normalized');
  });

  it('names the file that is missing or malformed', async () => {
    const good = {
      images: idxBytes([1, 28, 28], new Uint8Array(784)),
      labels: idxBytes([1], [3]),
    };
    serve({
      'train-images-idx3-ubyte': good.images,
      'train-labels-idx1-ubyte': good.labels,
      't10k-images-idx3-ubyte': good.images,
    });
    await expect(mnist({ fetch: 'https://example.test/digits/' })).rejects.toThrow(
      'simdnet: mnist: cannot read https://example.test/digits/t10k-labels-idx1-ubyte: HTTP 404',
    );
    serve({
      'train-images-idx3-ubyte': idxBytes([1, 28, 27], new Uint8Array(28 * 27)),
      'train-labels-idx1-ubyte': good.labels,
      't10k-images-idx3-ubyte': good.images,
      't10k-labels-idx1-ubyte': good.labels,
    });
    await expect(mnist({ fetch: 'https://example.test/digits/' })).rejects.toThrow(
      "simdnet: mnist: 'train-images-idx3-ubyte' [1,28,27] and 'train-labels-idx1-ubyte' [1] " +
        'must be [n, 28, 28] images and [n] labels',
    );
    serve({
      'train-images-idx3-ubyte': good.images,
      'train-labels-idx1-ubyte': good.labels,
      't10k-images-idx3-ubyte': good.images.subarray(0, 100),
      't10k-labels-idx1-ubyte': idxBytes([1], [10]),
    });
    await expect(mnist({ fetch: 'https://example.test/digits/' })).rejects.toThrow(
      "simdnet: mnist: 't10k-images-idx3-ubyte' is truncated",
    );
    serve({
      'train-images-idx3-ubyte': good.images,
      'train-labels-idx1-ubyte': good.labels,
      't10k-images-idx3-ubyte': good.images,
      't10k-labels-idx1-ubyte': idxBytes([1], [10]),
    });
    await expect(mnist({ fetch: 'https://example.test/digits/' })).rejects.toThrow(
      "simdnet: mnist: 't10k-labels-idx1-ubyte' has label 10 at 0; digits are 0–9",
    );
    await expect(mnist({ path: 'a', fetch: 'https://example.test/' })).rejects.toThrow(
      "simdnet: mnist: pass 'path' or 'fetch', not both",
    );
  });

  it('reads from disk only in Node; browsers are told to pass { fetch }', async () => {
    const inNode = typeof globalThis.process?.versions?.node === 'string';
    await expect(mnist({ path: 'nowhere' })).rejects.toThrow(
      inNode
        ? /simdnet: mnist: cannot read nowhere\/t.*ENOENT/
        : "simdnet: mnist: 'path' reads from disk, which only Node can do",
    );
    if (!inNode) await expect(mnist()).rejects.toThrow(/in browsers pass \{ fetch: url \}/);
  });
});
