// Mutated copies of a saved model for the model-file tests (test/model-file-fuzz.test.ts in
// Node and Chromium, test/node/model-file-disk.test.ts from files): flipped bytes, edited
// header fields, truncations, absurd sizes, broken metadata and architectures.
import { init, manualSeed, nn, Random } from '../src';

/** The backend the model below lives on (the tests that import this module use it too). */
export const backend = await init();

manualSeed(7);
export const model = new nn.Sequential(
  new nn.Conv2d(1, 4, 3, { padding: 1 }),
  new nn.BatchNorm2d(4),
  new nn.ReLU(),
  new nn.MaxPool2d(2),
  new nn.Flatten(),
  new nn.Dropout(0.25),
  new nn.Linear(16, 3),
  new nn.Softmax(),
);
export const original = model.toBytes({ metadata: { note: 'fuzz' } });

export const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The header JSON (parsed) and the data bytes of a well-formed file. */
export function split(file: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const size = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  return {
    header: JSON.parse(decoder.decode(file.subarray(8, 8 + size))),
    data: file.subarray(8 + size),
  };
}

/** A file with `text` as its header (padded to 8 bytes) and `data` after it. */
export function join(text: string, data: Uint8Array): Uint8Array {
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

export const ARCH = 'simdnet.architecture';

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

export const MUTATIONS: [string, Mutation][] = [
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
export async function outcome(load: () => Promise<unknown>): Promise<string> {
  try {
    await load();
    return 'ok';
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('simdnet: ')) return 'simdnet';
    return e instanceof Error ? `${e.constructor.name}: ${e.message}` : `thrown ${String(e)}`;
  }
}
