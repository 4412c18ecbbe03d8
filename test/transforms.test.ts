import { beforeAll, describe, expect, it } from 'vitest';
import { data, init, manualSeed, nn, Random, Tensor } from '../src';
import { randomArray } from './helpers';

const { transforms, Dataset, DataLoader } = data;
const F = transforms.functional;

beforeAll(async () => {
  await init();
});

/** n seeded RGB images [3, h, w] in [0, 1). */
function images(n: number, h = 8, w = 10, seed = 3): Float32Array {
  return randomArray(new Random(seed), n * 3 * h * w, 0, 1);
}

/** A 32-bit FNV-1a hash of the float bits: equal hashes, equal arrays (for the record). */
function bitsHash(values: Float32Array): number {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

const augment = () =>
  transforms.compose([
    transforms.randomCrop({ size: 8, padding: 2 }),
    transforms.randomHorizontalFlip(0.5),
    transforms.colorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }),
    transforms.randomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 5 }),
    transforms.randomPerspective({ distortionScale: 0.3, p: 0.5 }),
    transforms.gaussianBlur({ kernelSize: 3, sigma: [0.1, 1.5] }),
  ]);

describe('random transforms', () => {
  it('randomCrop takes a window of the zero-padded image', () => {
    const x = images(1, 8, 8);
    const crop = transforms.randomCrop({ size: 6, padding: 3 });
    const out = crop.applyArray(x, 1, [3, 8, 8], new Random(1)).data;
    const source = Tensor.from(x, [3, 8, 8]);
    // Some offset (top, left) in [-3, 5] gives exactly this crop.
    const matches = [];
    for (let top = -3; top <= 5; top++) {
      for (let left = -3; left <= 5; left++) {
        const window = F.crop(source, top, left, 6, 6).toArray();
        if (window.every((v, i) => v === out[i])) matches.push([top, left]);
      }
    }
    expect(matches.length).toBeGreaterThan(0);
    expect(crop.outputShape([3, 8, 8])).toEqual([3, 6, 6]);
  });

  it('randomCrop of the full size without padding is the identity', () => {
    const x = images(4, 5, 7);
    const out = transforms.randomCrop({ size: [5, 7] }).applyArray(x, 4, [3, 5, 7], new Random(2));
    expect(out.data).toEqual(x);
  });

  it('randomCrop offsets cover the whole range, edge padding repeats the border', () => {
    const x = Float32Array.from({ length: 9 }, (_, i) => i); // one 3×3 channel
    const crop = transforms.randomCrop({ size: 3, padding: 1, paddingMode: 'edge' });
    const seen = new Set<string>();
    const random = new Random(4);
    for (let k = 0; k < 200; k++) {
      seen.add(Array.from(crop.applyArray(x, 1, [1, 3, 3], random).data).join(','));
    }
    expect(seen.size).toBe(9);
    expect(seen.has('0,0,1,0,0,1,3,3,4')).toBe(true); // shifted down-right by one
  });

  it('randomHorizontalFlip flips with probability p', () => {
    const x = images(200, 4, 4);
    const flipped = F.hflip(Tensor.from(x, [200, 3, 4, 4])).toArray();
    expect(
      transforms.randomHorizontalFlip(0).applyArray(x, 200, [3, 4, 4], new Random(1)).data,
    ).toEqual(x);
    expect(
      transforms.randomHorizontalFlip(1).applyArray(x, 200, [3, 4, 4], new Random(1)).data,
    ).toEqual(flipped);
    const half = transforms
      .randomHorizontalFlip(0.5)
      .applyArray(x, 200, [3, 4, 4], new Random(1)).data;
    let count = 0;
    for (let i = 0; i < 200; i++) {
      const image = half.subarray(i * 48, (i + 1) * 48);
      if (image.every((v, k) => v === flipped[i * 48 + k])) count++;
      else expect(image).toEqual(x.subarray(i * 48, (i + 1) * 48));
    }
    expect(count).toBeGreaterThan(70);
    expect(count).toBeLessThan(130);
  });

  it('colorJitter with fixed factors is the functional adjustment', () => {
    const x = images(2);
    const jitter = transforms.colorJitter({ brightness: [1.3, 1.3] });
    const out = jitter.applyArray(x, 2, [3, 8, 10], new Random(1)).data;
    expect(out).toEqual(F.adjustBrightness(Tensor.from(x, [2, 3, 8, 10]), 1.3).toArray());
    const none = transforms.colorJitter({}).applyArray(x, 2, [3, 8, 10], new Random(1)).data;
    expect(none).toEqual(x);
  });

  it('gaussianBlur with a fixed sigma is the functional blur', () => {
    const x = images(2);
    const out = transforms
      .gaussianBlur({ kernelSize: 5, sigma: 1.2 })
      .apply(Tensor.from(x, [2, 3, 8, 10]));
    expect(out.toArray()).toEqual(F.gaussianBlur(Tensor.from(x, [2, 3, 8, 10]), 5, 1.2).toArray());
  });

  it('randomAffine and randomPerspective with nothing to draw are the identity', () => {
    const x = images(3);
    const shape = [3, 8, 10] as const;
    expect(
      transforms.randomAffine({ degrees: 0 }).applyArray(x, 3, shape, new Random(1)).data,
    ).toEqual(x);
    const still = transforms.randomPerspective({ distortionScale: 0.5, p: 0 });
    expect(still.applyArray(x, 3, shape, new Random(1)).data).toEqual(x);
  });

  it('are reproducible for a seed, and the same in Node and Chromium', () => {
    const x = images(6);
    const run = (seed: number) => augment().applyArray(x, 6, [3, 8, 10], new Random(seed)).data;
    const a = run(11);
    expect(run(11)).toEqual(a);
    expect(run(12)).not.toEqual(a);
    // Recorded once; both projects of the suite (Node and Chromium) must give these bits.
    expect(bitsHash(a)).toBe(RECORDED_HASH);
  });

  it('apply draws from the shared generator, manualSeed makes it repeat', () => {
    const x = Tensor.from(images(2), [2, 3, 8, 10]);
    manualSeed(5);
    const a = augment().apply(x).toArray();
    manualSeed(5);
    expect(augment().apply(x).toArray()).toEqual(a);
  });

  it('reject bad options', () => {
    expect(() => transforms.randomCrop({ size: 0 })).toThrow(/simdnet: randomCrop: 'size'/);
    expect(() => transforms.randomHorizontalFlip(2)).toThrow(/'p'/);
    expect(() => transforms.colorJitter({ hue: 0.7 })).toThrow(/'hue'/);
    expect(() => transforms.colorJitter({ brightness: -1 })).toThrow(/'brightness'/);
    expect(() => transforms.gaussianBlur({ kernelSize: 4 })).toThrow(/odd/);
    expect(() => transforms.randomAffine({ degrees: [5, -5] })).toThrow(/'degrees'/);
    expect(() => transforms.compose([{} as never])).toThrow(/transforms/);
    const big = transforms.randomCrop({ size: 12 });
    expect(() => big.applyArray(images(1), 1, [3, 8, 10], new Random(1))).toThrow(/does not fit/);
  });
});

describe('transforms on data sets and loaders', () => {
  const labelled = (n: number, h = 8, w = 10) =>
    new Dataset(
      images(n, h, w),
      Int32Array.from({ length: n }, (_, i) => i % 10),
      [3, h, w],
    );

  it('a DataLoader applies its transform per batch, by (seed, epoch, batch)', () => {
    const set = labelled(20);
    const make = () =>
      new DataLoader(set, { batchSize: 8, shuffle: true, seed: 9, transform: augment() });
    const epochs = (loader: InstanceType<typeof DataLoader>, count: number) =>
      Array.from({ length: count }, () => Array.from(loader, (b) => b.x.toArray()));
    const a = epochs(make(), 2);
    expect(epochs(make(), 2)).toEqual(a);
    expect(a[1]).not.toEqual(a[0]);
    // A loader restored after the first epoch makes the second one's batches.
    const first = make();
    epochs(first, 1);
    const resumed = make();
    resumed.loadStateDict(first.stateDict());
    expect(epochs(resumed, 1)[0]).toEqual(a[1]);
  });

  it('a transform that changes the size gives batches of the new size', () => {
    const loader = new DataLoader(labelled(5), {
      batchSize: 4,
      seed: 1,
      transform: transforms.randomCrop({ size: 6 }),
    });
    expect(Array.from(loader, (b) => b.x.shape)).toEqual([
      [4, 3, 6, 6],
      [1, 3, 6, 6],
    ]);
  });

  it('Dataset.withTransform keeps its transform through subsets and composes', () => {
    const flip = labelled(4).withTransform(transforms.randomHorizontalFlip(1));
    const twice = flip.subset(1, 3).withTransform(transforms.randomHorizontalFlip(1));
    const plain = labelled(4).subset(1, 3).batch([0, 1]).x.toArray();
    expect(twice.batch([0, 1]).x.toArray()).toEqual(plain);
    expect(() =>
      new Dataset(new Float32Array(4), new Int32Array(2), [2]).withTransform(flip.transform!),
    ).toThrow(/images \[C, H, W\]/);
  });

  it('a loader without a transform leaves the shared generator alone', () => {
    manualSeed(3);
    const a = new nn.Linear(4, 4).weight.toArray();
    manualSeed(3);
    new DataLoader(labelled(4), { batchSize: 2 });
    expect(new nn.Linear(4, 4).weight.toArray()).toEqual(a);
  });
});

describe('normalisation', () => {
  it('Normalize uses the training statistics and travels with the model', async () => {
    const train = labelled(50);
    const { mean, std } = train.channelStats();
    const normalize = transforms.normalize(mean, std);
    const x = normalize.applyArray(train.x, 50, [3, 8, 10], new Random(0)).data;
    const stats = new Dataset(x, train.y, [3, 8, 10]).channelStats();
    stats.mean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-6));
    stats.std.forEach((s) => expect(s).toBeCloseTo(1, 5));

    const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(240, 2));
    const bytes = model.toBytes({ metadata: normalize.metadata() });
    const restored = transforms.Normalize.fromMetadata(await nn.loadMetadata(bytes));
    expect(restored?.mean).toEqual(mean);
    expect(restored?.std).toEqual(std);
    expect(
      transforms.Normalize.fromMetadata(await nn.loadMetadata(model.toBytes())),
    ).toBeUndefined();
    expect(() => model.toBytes({ metadata: { 'simdnet.architecture': 'x' } })).toThrow(/metadata/);
  });

  function labelled(n: number) {
    return new Dataset(
      images(n),
      Int32Array.from({ length: n }, (_, i) => i % 10),
      [3, 8, 10],
    );
  }
});

const RECORDED_HASH = 2299365072;
