// Model files are untrusted input: mutated copies of a saved model (flipped bytes, edited
// header fields, truncations, absurd sizes, broken metadata and architectures) must load or
// end in a simdnet error, never a bare TypeError/SyntaxError/RangeError, a hang or an
// allocation sized by a header field. SIMDNET_FUZZ=<count> runs more of them.
import { describe, expect, it } from 'vitest';
import { init, manualSeed, nn, Random, Tensor } from '../src';
import { isNode } from '../src/files';

const backend = await init();
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
const COUNT = Number(env?.SIMDNET_FUZZ ?? 2000);

manualSeed(7);
const model = new nn.Sequential(
  new nn.Conv2d(1, 4, 3, { padding: 1 }),
  new nn.BatchNorm2d(4),
  new nn.ReLU(),
  new nn.MaxPool2d(2),
  new nn.Flatten(),
  new nn.Dropout(0.25),
  new nn.Linear(16, 3),
  new nn.Softmax(),
);
const original = model.toBytes({ metadata: { note: 'fuzz' } });

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The header JSON (parsed) and the data bytes of a well-formed file. */
function split(file: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const size = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  return {
    header: JSON.parse(decoder.decode(file.subarray(8, 8 + size))),
    data: file.subarray(8 + size),
  };
}

/** A file with `text` as its header (padded to 8 bytes) and `data` after it. */
function join(text: string, data: Uint8Array): Uint8Array {
  const json = encoder.encode(text);
  const size = Math.ceil(json.length / 8) * 8;
  const file = new Uint8Array(8 + size + data.length).fill(0x20, 8 + json.length, 8 + size);
  new DataView(file.buffer).setBigUint64(0, BigInt(size), true);
  file.set(json, 8);
  file.set(data, 8 + size);
  return file;
}

const pick = <T>(rng: Random, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** Values an edit puts where a field was: wrong types, extremes, near misses. */
function oddValue(rng: Random, was?: unknown): unknown {
  const n = typeof was === 'number' ? was : 3;
  return pick(rng, [
    null,
    true,
    'x',
    '',
    0,
    -1,
    1.5,
    n + 1,
    n - 1,
    n * 2,
    1e9,
    2 ** 31,
    2 ** 53,
    1e300,
    -1e300,
    [],
    [n],
    [n, n],
    [1e9, 1e9],
    [[1]],
    {},
    { type: 'Linear', args: [1e9, 1e9] },
    { type: 'ReLU' },
    { args: [] },
    { type: 'Nope', args: [] },
    { type: 'Sequential', args: 5 },
    { bias: 'yes' },
    { stride: 0 },
    { padding: -1 },
    { momentum: 'x', eps: -1 },
    { foo: 1 },
  ]);
}

/** Replaces a random node of a JSON tree (never the root) by an odd value, or drops it. */
function editTree(rng: Random, root: unknown): void {
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        slots.push([v, i]);
        walk(x);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k]);
        walk(x);
      }
    }
  };
  walk(root);
  if (slots.length === 0) return;
  const [parent, key] = pick(rng, slots);
  const r = rng.uniform();
  if (r < 0.15) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (r < 0.25 && Array.isArray(parent)) {
    parent.push(oddValue(rng));
  } else {
    (parent as Record<string, unknown>)[key as string] = oddValue(rng, (parent as never)[key]);
  }
}

type Mutation = (rng: Random, file: Uint8Array) => Uint8Array;

const ARCH = 'simdnet.architecture';

/** Applies `edit` to the parsed header and re-frames the file around the same data. */
const headerEdit =
  (edit: (rng: Random, header: Record<string, unknown>) => void): Mutation =>
  (rng, file) => {
    const { header, data } = split(file);
    edit(rng, header);
    return join(JSON.stringify(header), data);
  };

const tensorNames = (header: Record<string, unknown>) =>
  Object.keys(header).filter((k) => k !== '__metadata__');

const MUTATIONS: [string, Mutation][] = [
  [
    'byte flips anywhere',
    (rng, file) => {
      const out = file.slice();
      for (let k = 1 + rng.int(4); k > 0; k--) out[rng.int(out.length)] ^= 1 << rng.int(8);
      return out;
    },
  ],
  [
    'byte flips in the header',
    (rng, file) => {
      const out = file.slice();
      const end = 8 + Number(new DataView(out.buffer).getBigUint64(0, true));
      for (let k = 1 + rng.int(3); k > 0; k--) out[rng.int(end)] = rng.int(256);
      return out;
    },
  ],
  ['a truncation', (rng, file) => file.slice(0, rng.int(file.length))],
  [
    'an odd header size',
    (rng, file) => {
      const out = file.slice();
      const view = new DataView(out.buffer);
      const size = view.getBigUint64(0, true);
      const sizes = [0n, 1n, 7n, size - 8n, size + 8n, 2n ** 63n, 2n ** 64n - 1n, 100_000_001n];
      view.setBigUint64(0, pick(rng, sizes) & (2n ** 64n - 1n), true);
      return out;
    },
  ],
  [
    'an edited tensor entry',
    headerEdit((rng, header) => {
      const entry = header[pick(rng, tensorNames(header))] as Record<string, unknown>;
      const field = pick(rng, ['dtype', 'shape', 'data_offsets', 'shape', 'data_offsets']);
      if (field === 'dtype') {
        entry.dtype = pick(rng, ['F64', 'I32', 'I64', 'U8', 'F16', 'BF16', 'Q4', 3, null]);
      } else if (rng.uniform() < 0.5 && Array.isArray(entry[field])) {
        const xs = entry[field] as unknown[];
        xs[rng.int(xs.length + 1)] = oddValue(rng, xs[0]);
      } else {
        entry[field] = oddValue(rng, entry[field]);
      }
    }),
  ],
  [
    'swapped or shifted offsets',
    headerEdit((rng, header) => {
      const names = tensorNames(header);
      const a = header[pick(rng, names)] as { data_offsets: number[] };
      const b = header[pick(rng, names)] as { data_offsets: number[] };
      if (rng.uniform() < 0.5) [a.data_offsets, b.data_offsets] = [b.data_offsets, a.data_offsets];
      else a.data_offsets = a.data_offsets.map((o) => o + pick(rng, [-4, -1, 1, 4, 2 ** 40]));
    }),
  ],
  [
    'broken metadata',
    headerEdit((rng, header) => {
      const metadata = header.__metadata__ as Record<string, unknown>;
      const arch = metadata[ARCH] as string;
      const r = rng.int(5);
      if (r === 0) metadata[ARCH] = arch.slice(0, rng.int(arch.length));
      else if (r === 1) metadata[ARCH] = pick(rng, ['', 'null', '[]', '3', '{}', '{"type":1}']);
      else if (r === 2) metadata[ARCH] = oddValue(rng);
      else if (r === 3) header.__metadata__ = oddValue(rng);
      else delete metadata[ARCH];
    }),
  ],
  [
    'an edited architecture',
    headerEdit((rng, header) => {
      const metadata = header.__metadata__ as Record<string, string>;
      const config = JSON.parse(metadata[ARCH]) as unknown;
      for (let k = 1 + rng.int(2); k > 0; k--) editTree(rng, config);
      metadata[ARCH] = JSON.stringify(config);
    }),
  ],
  [
    'a deeply nested architecture',
    headerEdit((rng, header) => {
      const depth = pick(rng, [50, 150, 20_000]);
      const metadata = header.__metadata__ as Record<string, string>;
      metadata[ARCH] =
        '{"type":"Sequential","args":['.repeat(depth) + metadata[ARCH] + ']}'.repeat(depth);
    }),
  ],
];

/** How a load ended: 'ok', 'simdnet' (a proper error), or what went wrong instead. */
async function outcome(load: () => Promise<unknown>): Promise<string> {
  try {
    await load();
    return 'ok';
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('simdnet: ')) return 'simdnet';
    return e instanceof Error ? `${e.constructor.name}: ${e.message}` : `thrown ${String(e)}`;
  }
}

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

  it.runIf(isNode())('reads mutated files from disk with the same outcomes', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join: joinPath } = await import('node:path');
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

  it.runIf(isNode())('a missing or foreign file is named', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join: joinPath } = await import('node:path');
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
