// Node only (onnxruntime-web's Node build): models exported by nn.toOnnx run in ONNX Runtime
// itself and give simdnet's outputs (eval mode) to within 1e-5.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, manualSeed, nn, noGrad, Random, Tensor } from '../../src';
import { cifarCnn } from '../../src/experiments/models';
import { mnistCnn } from '../../src/experiments/models';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

/** Max |a − b| / (1 + |b|) over the elements. */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return w;
}

/** Runs `model` in simdnet (eval) and its ONNX export in ONNX Runtime on the same batch. */
async function compare(model: nn.Module, sample: number[], batch = 3) {
  const rng = new Random(5);
  const x = Float32Array.from({ length: batch * sample.reduce((a, b) => a * b) }, () =>
    rng.normal(),
  );
  model.eval();
  const ours = noGrad(() => model.forward(Tensor.from(x, [batch, ...sample])));
  const session = await ort.InferenceSession.create(nn.toOnnx(model, { inputShape: sample }));
  const result = await session.run({ input: new ort.Tensor('float32', x, [batch, ...sample]) });
  const theirs = result.output;
  expect(theirs.dims).toEqual(ours.shape);
  return worst(theirs.data as Float32Array, ours.toArray() as Float32Array);
}

/** A few training-mode passes, so that batch norm's running statistics are not 0 and 1. */
function warmBatchNorm(model: nn.Module, sample: number[]) {
  const rng = new Random(9);
  model.train();
  noGrad(() => {
    for (let i = 0; i < 3; i++) {
      const x = Float32Array.from(
        { length: 8 * sample.reduce((a, b) => a * b) },
        () => 2 * rng.normal() + 1,
      );
      model.forward(Tensor.from(x, [8, ...sample]));
    }
  });
}

describe('nn.toOnnx in ONNX Runtime', () => {
  it('the E8 CNN', async () => {
    manualSeed(1);
    expect(await compare(mnistCnn(), [1, 28, 28])).toBeLessThan(1e-5);
  });

  it('the E5 CNN with batch norm and dropout', async () => {
    manualSeed(2);
    const model = cifarCnn({ dropout: true, batchNorm: true });
    warmBatchNorm(model, [3, 32, 32]);
    expect(await compare(model, [3, 32, 32])).toBeLessThan(1e-5);
  });

  it('an MLP with every activation, average pooling and batch norm 1d', async () => {
    manualSeed(3);
    const model = new nn.Sequential(
      new nn.AvgPool2d(2, { padding: 1 }),
      new nn.Conv2d(2, 3, [3, 2], { stride: [2, 1], padding: [1, 0], bias: false }),
      new nn.Flatten(),
      new nn.Linear(3 * 3 * 3, 16),
      new nn.BatchNorm1d(16),
      new nn.Tanh(),
      new nn.Sequential(new nn.Linear(16, 8), new nn.Sigmoid()),
      new nn.Linear(8, 5, { bias: false }),
      new nn.ReLU(),
      new nn.Softmax(),
    );
    warmBatchNorm(model, [2, 8, 6]);
    expect(await compare(model, [2, 8, 6])).toBeLessThan(1e-5);
  });

  it('needs the input shape when the first layer does not fix it', () => {
    expect(() => nn.toOnnx(mnistCnn())).toThrow(/^simdnet: nn.toOnnx: pass \{ inputShape \}/);
    const mlp = new nn.Sequential(new nn.Linear(4, 2));
    expect(nn.toOnnx(mlp).length).toBeGreaterThan(0);
  });
});

describe('simdnet export --to onnx', () => {
  it('writes a model file as ONNX that ONNX Runtime runs, and needs the shape of a conv input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simdnet-export-'));
    try {
      manualSeed(4);
      const model = new nn.Sequential(
        new nn.Conv2d(1, 2, 3),
        new nn.Flatten(),
        new nn.Linear(8, 3),
      );
      const path = join(dir, 'tiny.safetensors');
      await model.save(path);
      const root = resolve(__dirname, '../..');
      const cli = (args: string[]) =>
        spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli.ts'), ...args], {
          encoding: 'utf8',
        });
      const missing = cli(['export', path, '--to', 'onnx']);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/pass \{ inputShape \}/);
      const done = cli(['export', path, '--to', 'onnx', '--input-shape', '1,4,4']);
      expect(done.stderr).toBe('');
      expect(done.stdout).toMatch(/^wrote .*tiny\.onnx/);
      const session = await ort.InferenceSession.create(readFileSync(join(dir, 'tiny.onnx')));
      const x = new Float32Array(2 * 16).map((_, i) => i / 10);
      const got = (await session.run({ input: new ort.Tensor('float32', x, [2, 1, 4, 4]) })).output;
      const want = model.eval().forward(Tensor.from(x, [2, 1, 4, 4]));
      expect(worst(got.data as Float32Array, want.toArray() as Float32Array)).toBeLessThan(1e-6);
      expect(cli(['export', path, '--to', 'keras']).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
