import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendInfo, data, init, manualSeed, nn, optim, train } from '../../src';
import { mnistCnn } from '../../src/experiments/models';

await init();
const mnist = await data.mnist({ normalize: true });

describe('training on real MNIST (small subsets; the full runs are `npm run reproduce`)', () => {
  it('an MLP trained on 2 000 images reaches ≥ 85 % on 1 000 held-out ones', () => {
    manualSeed(0);
    const model = new nn.Sequential(
      new nn.Flatten(),
      new nn.Linear(784, 300),
      new nn.ReLU(),
      new nn.Linear(300, 10),
    );
    const history = train.fit(model, {
      train: new data.DataLoader(mnist.train.subset(0, 2000), {
        batchSize: 32,
        shuffle: true,
        seed: 1,
      }),
      test: new data.DataLoader(mnist.test.subset(0, 1000), { batchSize: 500 }),
      optimizer: new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 }),
      epochs: 5,
      progress: false,
    });
    expect(history.epochs.at(-1)!.testAccuracy!).toBeGreaterThanOrEqual(0.85);
  });

  it('the E8 CNN learns from 1 280 images, without growing memory after its first steps', () => {
    manualSeed(0);
    const model = mnistCnn();
    const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0 });
    const memory: number[] = [];
    const history = train.fit(model, {
      train: new data.DataLoader(mnist.train.subset(0, 1280), {
        batchSize: 64,
        shuffle: true,
        seed: 1,
      }),
      test: new data.DataLoader(mnist.test.subset(0, 500), { batchSize: 250 }),
      optimizer,
      epochs: 2,
      progress: false,
      onEpoch: () => void memory.push(backendInfo().wasmMemoryBytes),
    });
    expect(history.epochs.at(-1)!.testAccuracy!).toBeGreaterThanOrEqual(0.8);
    expect(memory[1]).toBe(memory[0]);
  }, 120_000);

  it('`simdnet reproduce` writes a report and its figures (built CLI, tiny run)', () => {
    const out = mkdtempSync(join(tmpdir(), 'simdnet-e4-'));
    try {
      const stdout = execFileSync(
        process.execPath,
        [
          'dist/cli.js',
          'reproduce',
          'e4',
          '--epochs',
          '1',
          '--limit',
          '600',
          '--out',
          out,
          '--threads',
          '3',
          '--quiet',
        ],
        { encoding: 'utf8' },
      );
      expect(stdout).toMatch(/\(backend wasm, simd, 3 threads\)/);
      expect(stdout).toMatch(/report: .*report\.html/);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toMatch(/<svg/);
      expect(html).toMatch(/MLP vs CNN/);
      const figures = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8'));
      expect(figures['CNN test accuracy']).toBeGreaterThan(0.1);
      expect(existsSync(join(out, 'report.html'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
