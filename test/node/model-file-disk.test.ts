// Node only: model files read from disk end as the same bytes do, and a missing or foreign
// file is named in the error (see test/model-file-fuzz.test.ts for the mutations).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nn, Random } from '../../src';
import { MUTATIONS, original, outcome } from '../model-file-mutations';

describe('model files from disk', () => {
  it('reads mutated files from disk with the same outcomes', async () => {
    const dir = await mkdtemp(joinPath(tmpdir(), 'simdnet-fuzz-'));
    try {
      const rng = new Random(11);
      for (let i = 0; i < 60; i++) {
        const [, mutate] = MUTATIONS[i % MUTATIONS.length];
        const file = mutate(rng, original);
        const path = joinPath(dir, `m${i}.safetensors`);
        await writeFile(path, file);
        const fromBytes = await outcome(() => nn.load(file));
        const fromPath = await outcome(() => nn.load(path));
        expect(fromPath, `#${i}`).toBe(fromBytes);
        if (fromPath === 'simdnet') {
          await expect(nn.load(path)).rejects.toThrow(`simdnet: nn.load: ${path}: `);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a missing or foreign file is named', async () => {
    const dir = await mkdtemp(joinPath(tmpdir(), 'simdnet-load-'));
    try {
      const missing = joinPath(dir, 'missing.safetensors');
      await expect(nn.load(missing)).rejects.toThrow(`simdnet: nn.load: no such file: ${missing}`);
      await expect(nn.loadStateDict(missing)).rejects.toThrow(
        `simdnet: nn.loadStateDict: no such file: ${missing}`,
      );
      await expect(nn.load(dir)).rejects.toThrow(`simdnet: nn.load: ${dir} is a folder`);
      const readme = joinPath(dir, 'README.md');
      await writeFile(readme, '# hello, this is a text file and not a model at all\n');
      await expect(nn.load(readme)).rejects.toThrow(
        `simdnet: nn.load: ${readme}: not a safetensors file: the header size`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
