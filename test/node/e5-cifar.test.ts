import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, init, nn } from '../../src';
import { e5 } from '../../src/experiments/e5';
import { cifarCnn } from '../../src/experiments/models';
import { cifarData } from '../../src/experiments/experiment';

// E5 on a few hundred CIFAR-10 images (read from disk: see test/setup/cifar10.ts): a run
// cut short and resumed ends as the uninterrupted one, and the normalisation saved with
// the model comes from the training images alone.

const folder = mkdtempSync(join(tmpdir(), 'simdnet-e5-'));
const quiet = { limit: 192, progress: false, log: () => {} };

beforeAll(async () => {
  await init();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const bytes = (out: string, step: string, file: string) =>
  readFileSync(join(out, 'steps', step, file));

describe('E5 on CIFAR-10', () => {
  it('has the reported 1 191 170 parameters', () => {
    const count = (m: nn.Module) => m.parameters().reduce((n, p) => n + p.size, 0);
    expect(count(cifarCnn())).toBe(1191170);
    expect(count(cifarCnn({ batchNorm: true, dropout: true }))).toBe(1191170 + 2 * (32 + 64 + 64));
  });

  it('resumes a run cut short to the weights of an uninterrupted one', async () => {
    const [whole, cut] = [join(folder, 'whole'), join(folder, 'cut')];
    const whole2 = await e5({ ...quiet, variant: 'augment', epochs: 2, out: whole });
    await e5({ ...quiet, variant: 'augment', epochs: 1, out: cut });
    const resumed = await e5({ ...quiet, variant: 'augment', epochs: 2, out: cut, resume: true });
    // (Buffer.equals: a deep toEqual of 4.8 MB takes minutes.)
    const weights = (out: string) => bytes(out, 'augment', 'model.safetensors');
    expect(weights(cut).length).toBeGreaterThan(4_000_000);
    expect(weights(cut).equals(weights(whole))).toBe(true);
    expect(resumed.figures['augment test accuracy']).toBe(whole2.figures['augment test accuracy']);
  });

  it('saves the normalisation of the training images with the model', async () => {
    const out = join(folder, 'norm');
    await e5({ ...quiet, variant: 'norm', epochs: 1, out });
    const metadata = await nn.loadMetadata(join(out, 'steps', 'norm', 'model.safetensors'));
    const normalize = data.transforms.Normalize.fromMetadata(metadata)!;
    const { train, test } = await cifarData({ limit: 192 });
    expect(normalize.mean).toEqual(train.channelStats().mean);
    expect(normalize.std).toEqual(train.channelStats().std);
    expect(normalize.mean).not.toEqual(test.channelStats().mean);
  });

  it('rejects an unknown step, naming the ones it knows', async () => {
    await expect(e5({ ...quiet, variant: 'fancy', out: folder })).rejects.toThrow(
      /simdnet: e5: unknown step 'fancy'; steps: base, norm, augment/,
    );
  });
});
