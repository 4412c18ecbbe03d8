// The worker pool: every split kernel on 3 threads (more than this machine's 2 cores, so
// that splits are uneven and threads are preempted) must give exactly one thread's bits.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backendInfo,
  createWasmBackend,
  init,
  manualSeed,
  nn,
  ops,
  optim,
  Random,
  Tensor,
} from '../src';
import type { Backend } from '../src';
import { splitRange } from '../src/kernels/split';
import { WinogradScheme } from '../src/kernels/winograd/abi';
import { INPUT_TRANSFORM_COST, transformGrid } from '../src/kernels/winograd/split';
import { fingerprint, randomArray, releaseAll, tensorOn } from './helpers';

const one = await createWasmBackend({ threads: 1 });
const three = await createWasmBackend({ threads: 3 });

/** Index of the first element whose bits differ (so -0, NaN payloads and the last ulp count), or −1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const [x, y] = [
    new Uint32Array(a.buffer, a.byteOffset, a.length),
    new Uint32Array(b.buffer, b.byteOffset, b.length),
  ];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return x.length === y.length ? -1 : x.length;
}

/** Runs fn on both backends with the same inputs and expects bit-identical outputs. */
function sameBits(label: string, fn: (backend: Backend) => Float32Array[]): void {
  const expected = fn(one);
  const actual = fn(three);
  expect(actual.length).toBe(expected.length);
  actual.forEach((values, i) => {
    expect(firstDifference(values, expected[i]), `${label} output ${i}`).toBe(-1);
  });
}

describe('splitRange', () => {
  it('covers [first, end) with at most `parts` non-empty aligned pieces', () => {
    for (const [first, end, parts, align] of [
      [0, 100, 3, 8],
      [5, 6, 4, 1],
      [0, 10, 3, 16],
      [3, 1003, 7, 4],
      [0, 64, 2, 8],
    ]) {
      const pieces = splitRange(first, end, parts, align);
      expect(pieces.length).toBeGreaterThan(0);
      expect(pieces.length).toBeLessThanOrEqual(parts);
      expect(pieces[0][0]).toBe(first);
      expect(pieces.at(-1)![1]).toBe(end);
      pieces.forEach(([a, b], i) => {
        expect(b).toBeGreaterThan(a);
        if (i > 0) expect(a).toBe(pieces[i - 1][1]);
        if (i > 0) expect((a - first) % align).toBe(0);
      });
    }
    expect(splitRange(0, 64, 2, 8)).toEqual([
      [0, 32],
      [32, 64],
    ]);
  });
});

describe('3 threads give the bits of 1 thread', () => {
  it('gemm: every transpose combination, split by columns and by rows, with beta', () => {
    const rng = new Random(1);
    // [m, n, k]: wide (split by columns), tall (by rows), and a thin one.
    for (const [m, n, k] of [
      [67, 301, 129],
      [300, 37, 200],
      [9, 999, 101],
    ]) {
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const c = randomArray(rng, m * n);
      for (const [transA, transB] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ]) {
        sameBits(`gemm ${m}×${n}×${k} ${transA} ${transB}`, (backend) => {
          const at = tensorOn(backend, a, transA ? [k, m] : [m, k]);
          const bt = tensorOn(backend, b, transB ? [n, k] : [k, n]);
          const out = tensorOn(backend, c, [m, n]);
          ops.gemm(at, bt, { transA, transB, alpha: 0.75, beta: -0.5, out });
          const values = out.toArray();
          releaseAll(at, bt, out);
          return [values];
        });
      }
    }
  });

  it('conv2d forward and backward: by images, by dw columns, and one large image', () => {
    const rng = new Random(2);
    for (const { x, w, stride, padding } of [
      { x: [7, 5, 19, 17], w: [11, 5, 3, 3], stride: 1, padding: 1 },
      { x: [5, 24, 9, 9], w: [40, 24, 1, 1], stride: 1, padding: 0 },
      { x: [5, 12, 14, 13], w: [9, 12, 3, 3], stride: 1, padding: 1 }, // Winograd 3×3, dw too
      { x: [5, 16, 14, 13], w: [20, 16, 3, 3], stride: 1, padding: 1 }, // F(4×4, 3×3)
      { x: [5, 10, 12, 11], w: [6, 10, 5, 5], stride: 1, padding: 2 }, // Winograd 5×5, dw too
      { x: [1, 16, 40, 40], w: [32, 16, 3, 3], stride: 2, padding: 1 },
    ]) {
      const xs = randomArray(
        rng,
        x.reduce((p, q) => p * q),
      );
      const ws = randomArray(
        rng,
        w.reduce((p, q) => p * q),
      );
      const bs = randomArray(rng, w[0]);
      sameBits(`conv2d x [${x}] w [${w}]`, (backend) => {
        const [xt, wt, bt] = [
          tensorOn(backend, xs, x),
          tensorOn(backend, ws, w),
          tensorOn(backend, bs, [w[0]]),
        ];
        const y = ops.conv2d(xt, wt, bt, { stride, padding });
        const g = ops.conv2dBackward(xt, wt, y, { stride, padding });
        const out = [y.toArray(), g.dx!.toArray(), g.dw.toArray(), g.db.toArray()];
        releaseAll(xt, wt, bt, y, g.dx!, g.dw, g.db);
        return out;
      });
    }
  });

  it('Winograd weight transforms, plain and turned, split by rows of u', () => {
    const rng = new Random(6);
    const [outC, c] = [200, 130]; // 3 threads for 16 positions and 36; columns not whole vectors
    for (const [name, scheme, r, positions] of [
      ['F(2×2, 3×3)', WinogradScheme.F2x2_3x3, 3, 16],
      ['F(4×4, 3×3)', WinogradScheme.F4x4_3x3, 3, 36],
      ['F(2×2, 5×5)', WinogradScheme.F2x2_5x5, 5, 36],
    ] as const) {
      const ws = randomArray(rng, outC * c * r * r);
      for (const turned of [0, 1])
        sameBits(`${name} turned ${turned}`, (backend) => {
          const w = tensorOn(backend, ws, [outC, c, r, r]);
          const u = new Tensor(backend, [positions, outC, c], 'float32');
          const rows = turned ? c : outC;
          backend.kernels.winogradWeights(scheme, w.ptr, outC, c, turned, 0, rows, u.ptr);
          const values = u.toArray();
          releaseAll(w, u);
          return [values];
        });
    }
  });

  it('Winograd weight gradients: split by rows, by input channels, and (4 threads) both', async () => {
    const four = await createWasmBackend({ threads: 4 });
    const rng = new Random(6);
    // [x, w, padding, threads, the grid the split takes]: many rows and few channels repeat V
    // (x's transform) on each thread; few rows and many channels repeat D (dy's) instead.
    const layers: [number[], number[], number, Backend, [number, number]][] = [
      [[6, 4, 18, 17], [33, 4, 3, 3], 1, three, [3, 1]],
      [[5, 30, 12, 11], [5, 30, 5, 5], 2, three, [1, 3]],
      [[4, 24, 10, 10], [40, 24, 3, 3], 1, four, [2, 2]],
    ];
    // On 8 threads: MNIST conv2 (outC 64, c 32) in a 4×2 grid; channel parts never below 8.
    expect(transformGrid(8, 64, 32, INPUT_TRANSFORM_COST)).toEqual([4, 2]);
    expect(transformGrid(8, 32, 8, INPUT_TRANSFORM_COST)).toEqual([8, 1]);
    expect(transformGrid(8, 8, 32, INPUT_TRANSFORM_COST)).toEqual([2, 4]);
    try {
      for (const [x, w, padding, threaded, grid] of layers) {
        const threads = threaded.threads.count;
        expect(transformGrid(threads, w[0], w[1], INPUT_TRANSFORM_COST)).toEqual(grid);
        const xs = randomArray(rng, x[0] * x[1] * x[2] * x[3]);
        const [oh, ow] = [x[2] + 2 * padding - w[2] + 1, x[3] + 2 * padding - w[3] + 1];
        const dys = randomArray(rng, x[0] * w[0] * oh * ow);
        const weightGrad = (backend: Backend) => {
          const [xt, wt] = [tensorOn(backend, xs, x), new Tensor(backend, w, 'float32')];
          const dy = tensorOn(backend, dys, [x[0], w[0], oh, ow]);
          const options = { padding, algorithm: 'winograd', inputGradient: false } as const;
          const { dw, db } = ops.conv2dBackward(xt, wt, dy, options);
          const values = dw.toArray();
          releaseAll(xt, wt, dy, dw, db);
          return values;
        };
        const label = `x [${x}] w [${w}] on ${threads} threads, grid ${grid}`;
        expect(firstDifference(weightGrad(threaded), weightGrad(one)), label).toBe(-1);
      }
    } finally {
      four.threads.close?.();
    }
  });

  it('elementwise and optimizer kernels on 100 003 elements', () => {
    const rng = new Random(3);
    const n = 100_003;
    const [u, v] = [randomArray(rng, n), randomArray(rng, n)];
    sameBits('elementwise', (backend) => {
      const [a, b] = [tensorOn(backend, u, [n]), tensorOn(backend, v, [n])];
      const outs = [
        ops.relu(a),
        ops.reluBackward(a, b),
        ops.add(a, b),
        ops.tanh(a),
        ops.sigmoid(b),
        ops.sumChannels(tensorOn(backend, u.subarray(0, 100_000), [20, 50, 100])),
      ];
      const values = outs.map((t) => t.toArray());
      releaseAll(a, b, ...outs);
      return values;
    });
    sameBits('sgd and adam', (backend) => {
      const [p, g, m, w] = [u, v, u, v].map((values) => tensorOn(backend, values, [n]));
      const { kernels } = backend;
      kernels.sgd(p.ptr, g.ptr, m.ptr, n, 0.1, 0.9, 0, 0.01, 1, 0);
      kernels.adam(p.ptr, g.ptr, m.ptr, w.ptr, n, 0.01, 0.9, 0.999, 1e-8, 0.1, 1, 0.1, 0.001);
      const values = [p, m, w].map((t) => t.toArray());
      releaseAll(p, g, m, w);
      return values;
    });
  });

  it('dropout masks: the same mask and the same generator state afterwards', () => {
    sameBits('dropoutMask', (backend) => {
      const rng = new Random(5);
      const mask = ops.dropoutMask([100_003], 0.4, { rng, backend });
      const values = [mask.toArray(), Float32Array.from(rng.getState())];
      mask.release();
      return values;
    });
  });

  it('maxPool2d and its backward, including where a bad argmax is reported', () => {
    const rng = new Random(4);
    const shape = [4, 16, 32, 32];
    const xs = randomArray(
      rng,
      shape.reduce((p, q) => p * q),
    );
    sameBits('maxPool2d', (backend) => {
      const x = tensorOn(backend, xs, shape);
      const { y, argmax } = ops.maxPool2d(x, { kernel: 2 });
      const dx = ops.maxPool2dBackward(y, argmax, shape);
      const values = [y.toArray(), dx.toArray(), new Float32Array(argmax.ints())];
      releaseAll(x, y, argmax, dx);
      return values;
    });
    const errors = [one, three].map((backend) => {
      const x = tensorOn(backend, xs, shape);
      const { y, argmax } = ops.maxPool2d(x, { kernel: 2 });
      const bad = Tensor.fromInts(
        argmax.ints().map((v, i) => (i === 12_001 ? 4096 : v)),
        argmax.shape,
        {
          backend,
        },
      );
      const message = (() => {
        try {
          ops.maxPool2dBackward(y, bad, shape);
          return 'no error';
        } catch (e) {
          return (e as Error).message;
        }
      })();
      releaseAll(x, y, argmax, bad);
      return message;
    });
    expect(errors[0]).toMatch(/'argmax' holds 4096 at 12001/);
    expect(errors[1]).toBe(errors[0]);
  });

  it('seeded CNN training: the same weights after three steps', async () => {
    async function train(threads: number): Promise<string> {
      await init({ threads });
      manualSeed(7);
      const model = new nn.Sequential(
        new nn.Conv2d(1, 16, 3),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Conv2d(16, 32, 3),
        new nn.ReLU(),
        new nn.Flatten(),
        new nn.Dropout(0.25),
        new nn.Linear(32 * 11 * 11, 10),
      );
      const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
      const rng = new Random(8);
      const x = Tensor.from(randomArray(rng, 16 * 28 * 28), [16, 1, 28, 28]).keep();
      const labels = Int32Array.from({ length: 16 }, (_, i) => i % 10);
      for (let step = 0; step < 3; step++) {
        const loss = nn.functional.crossEntropy(model.forward(x), labels);
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
      expect(backendInfo().threads).toBe(threads);
      return fingerprint(...Object.values(model.stateDict()).map((t) => t.toArray()));
    }
    expect(await train(3)).toBe(await train(1));
  });
});

describe('the pool', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reports a kernel that traps in a worker, and keeps working', async () => {
    const fresh = await createWasmBackend({ threads: 3 });
    // A fill whose first third ends at the memory's end: the workers' thirds are out of bounds.
    const third = 40_000;
    const start = fresh.heap.byteLength - 4 * third;
    expect(() => fresh.kernels.fill(start, 1, 3 * third)).toThrow(
      /simdnet: a kernel failed in worker \d: .*out of bounds/,
    );
    const t = Tensor.full([3 * third], 2, { backend: fresh });
    const doubled = ops.add(t, t);
    expect(doubled.toArray().every((v) => v === 4)).toBe(true);
    fresh.threads.close?.();
    expect(() => ops.add(t, t)).toThrow(/thread pool was closed/);
  });

  it('falls back to one thread, saying why, where memory cannot be shared', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    const backend = await createWasmBackend({ threads: 4 });
    expect(backend.threads.count).toBe(1);
    expect(backend.threads.note).toMatch(/one thread instead of 4: .*cross-origin isolated/);
  });

  it('checks the threads option, and uses the available cores by default', async () => {
    await expect(init({ threads: 0 })).rejects.toThrow(
      /init\(\{ threads \}\) must be 'auto' or a positive integer, got 0/,
    );
    await init();
    expect(backendInfo().threads).toBeGreaterThanOrEqual(1);
  });
});
