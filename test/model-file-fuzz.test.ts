// Model files are untrusted input: mutated copies of a saved model (see
// model-file-mutations.ts) must load or end in a simdnet error, never a bare
// TypeError/SyntaxError/RangeError, a hang or an allocation sized by a header field.
// SIMDNET_FUZZ=<count> runs more of them. From files on disk: test/node/model-file-disk.test.ts.
import { describe, expect, it } from 'vitest';
import { nn, Random, Tensor } from '../src';
import {
  ARCH,
  backend,
  encoder,
  join,
  model,
  MUTATIONS,
  original,
  outcome,
  split,
} from './model-file-mutations';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
const COUNT = Number(env?.SIMDNET_FUZZ ?? 2000);

describe('model files as untrusted input', () => {
  it(`load or fail with a simdnet error for ${COUNT} mutated copies`, async () => {
    const rng = new Random(2026);
    const failures: string[] = [];
    const tally: Record<string, number> = {};
    const heapBefore = backend.heap.byteLength;
    for (let i = 0; i < COUNT; i++) {
      const [kind, mutate] = MUTATIONS[i % MUTATIONS.length];
      let file = mutate(rng, original);
      // Now and then byte damage on top of an edit (edits need a well-formed file).
      if (rng.uniform() < 0.1) {
        file = MUTATIONS[rng.int(4)][1](rng, file.length > 16 ? file : original);
      }
      for (const [what, load] of [
        ['nn.load', () => nn.load(file)],
        ['nn.loadStateDict', () => nn.loadStateDict(file)],
      ] as const) {
        const result = await outcome(load);
        tally[result === 'ok' ? 'ok' : result === 'simdnet' ? 'simdnet' : 'bare'] =
          (tally[result === 'ok' ? 'ok' : result === 'simdnet' ? 'simdnet' : 'bare'] ?? 0) + 1;
        if (result !== 'ok' && result !== 'simdnet') {
          failures.push(`#${i} ${kind}, ${what}: ${result.slice(0, 200)}`);
        }
      }
    }
    if (env?.SIMDNET_FUZZ) console.log(tally);
    expect(failures.slice(0, 20), `${failures.length} bare exceptions`).toEqual([]);
    // Nothing was allocated from a header field: the heap stayed near its size.
    expect(backend.heap.byteLength - heapBefore).toBeLessThan(64 << 20);
    expect(tally.simdnet).toBeGreaterThan(COUNT / 2);
  }, 120_000);
});

describe('errors from below', () => {
  it('a tensor too large for the memory is a simdnet error, not a RangeError', () => {
    for (const shape of [
      [70000, 70000],
      [1e9, 1e9],
    ]) {
      expect(() => Tensor.zeros(shape)).toThrow(
        new RegExp(`^simdnet: out of memory: a tensor of shape \\[${shape}\\] needs`),
      );
    }
    expect(Tensor.zeros([2, 2]).toArray()).toEqual(new Float32Array(4)); // still usable
  });

  it('a file that is not safetensors says so and what it expected', async () => {
    const text = encoder.encode('hello, this is a text file and not a model at all\n');
    await expect(nn.load(text)).rejects.toThrow(
      /^simdnet: nn\.load: not a safetensors file: the header size 8367736964726416744 runs past the end of the 50-byte file \(its first 8 bytes give the length of a JSON header, at most the 42 bytes after them\)$/,
    );
    await expect(nn.loadStateDict(join('{"w": nope}', new Uint8Array()))).rejects.toThrow(
      /^simdnet: nn\.loadStateDict: not a safetensors file: the 16-byte header is not valid UTF-8 JSON/,
    );
    await expect(nn.loadMetadata(new Uint8Array(3))).rejects.toThrow(
      /^simdnet: nn\.loadMetadata: not a safetensors file: it has 3 bytes/,
    );
  });

  it("a custom module's file says how to load its weights", async () => {
    class TwoLayers extends nn.Module {
      readonly a = this.addModule('a', new nn.Linear(2, 3));
      readonly b = this.addModule('b', new nn.Linear(3, 1));
      forward(x: Tensor): Tensor {
        return this.b.forward(this.a.forward(x));
      }
    }
    const bytes = new TwoLayers().toBytes();
    await expect(nn.load(bytes)).rejects.toThrow(
      /^simdnet: nn\.load: the file was saved from TwoLayers, a custom module without toConfig\(\), so it holds no architecture to rebuild: create a TwoLayers and call model\.loadStateDict\(await nn\.loadStateDict\(bytes\)\)/,
    );
    const again = new TwoLayers();
    again.loadStateDict(await nn.loadStateDict(bytes)); // as the message says

    class Described extends TwoLayers {
      toConfig(): nn.ModuleConfig {
        return { type: 'Described', args: [] };
      }
    }
    await expect(nn.load(new Described().toBytes())).rejects.toThrow(
      /^simdnet: nn\.load: the architecture \('simdnet\.architecture'\): names a module type 'Described' that simdnet does not know \(a custom module\?\)/,
    );
    const pytorch = nn.encodeSafetensors({
      w: { dtype: 'F32', shape: [1], data: new Float32Array(1) },
    });
    await expect(nn.load(pytorch)).rejects.toThrow(
      /^simdnet: nn\.load: the file has weights but no 'simdnet\.architecture' metadata \(written by PyTorch or another library\?\)/,
    );
  });

  it('an edited architecture is refused before anything is allocated', async () => {
    const edit = (arch: unknown) => {
      const { header, data } = split(original);
      (header.__metadata__ as Record<string, string>)[ARCH] = JSON.stringify(arch);
      return join(JSON.stringify(header), data);
    };
    const config = model.toConfig();
    const huge = structuredClone(config);
    (huge.args[6] as nn.ModuleConfig).args = [1e9, 1e9, { bias: true }];
    await expect(nn.load(edit(huge))).rejects.toThrow(
      /^simdnet: nn\.load: tensor '6\.weight' has shape \[3,16\], the file's architecture needs \[1000000000,1000000000\]/,
    );
    const wrongArgs = structuredClone(config);
    (wrongArgs.args[0] as nn.ModuleConfig).args = [1, '4', 3];
    await expect(nn.load(edit(wrongArgs))).rejects.toThrow(
      /^simdnet: nn\.load: the architecture \('simdnet\.architecture'\) > layer 0: Conv2d: 'outChannels' must be a positive integer, got "4"/,
    );
    await expect(nn.load(edit({ type: 'Sequential', args: 3 }))).rejects.toThrow(
      /'args' of Sequential must be an array, got 3/,
    );
    const { header, data } = split(original);
    (header.__metadata__ as Record<string, string>)[ARCH] = '{"type": "Seq';
    await expect(nn.load(join(JSON.stringify(header), data))).rejects.toThrow(
      /^simdnet: nn\.load: the metadata's 'simdnet\.architecture' is not JSON/,
    );
    expect(() => nn.fromConfig({ type: 'Linear', args: [2] })).toThrow(
      /^simdnet: nn\.fromConfig: the config: Linear: takes 2 to 3 arguments, got 1/,
    );
  });
});
