import { readFileBytes, writeFileBytes } from '../files';
import type { DType, Tensor } from '../tensor';
import type { Module } from './module';
import { decodeSafetensors, encodeSafetensors, toFloat32, type StoredTensor } from './safetensors';

// Models as safetensors files: the state dict under PyTorch's key names (float tensors as
// F32, integer buffers such as num_batches_tracked as I64, as PyTorch writes them), plus
// the architecture as JSON in the metadata so that nn.load can rebuild the model.

/** The metadata key holding the architecture (see Module.toConfig). */
export const ARCHITECTURE_KEY = 'simdnet.architecture';

/** A module's constructor arguments, enough to rebuild it. */
export interface ModuleConfig {
  type: string;
  args: unknown[];
}

/** Values and shape of one state-dict entry read from a file. */
export interface StoredValues {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** A module's state dict as safetensors records (F32; I64 for integer buffers). */
export function storedStateOf(model: Module): Record<string, StoredTensor> {
  const tensors: Record<string, StoredTensor> = {};
  for (const [key, t] of Object.entries(model.stateDict() as Record<string, Tensor<DType>>)) {
    tensors[key] =
      t.dtype === 'int32'
        ? {
            dtype: 'I64',
            shape: [...t.shape],
            data: BigInt64Array.from(t.ints(), (v) => BigInt(v)),
          }
        : { dtype: 'F32', shape: [...t.shape], data: Float32Array.from(t.floats()) };
  }
  return tensors;
}

/** Safetensors records as state-dict values (integers as Int32Array, the rest float32). */
export function storedValuesOf(
  tensors: Record<string, StoredTensor>,
): Record<string, StoredValues> {
  // fromEntries defines own properties: a tensor named '__proto__' stays a key.
  return Object.fromEntries(
    Object.entries(tensors).map(([key, t]) => {
      const integer = t.dtype === 'I64' || t.dtype === 'I32' || t.dtype === 'U8';
      const data = integer
        ? Int32Array.from(t.data as ArrayLike<number | bigint>, Number)
        : toFloat32(t);
      return [key, { shape: t.shape, data }];
    }),
  );
}

/** What to store with a model besides its weights. */
export interface SaveOptions {
  /**
   * Extra string entries for the file's metadata, e.g. the input normalisation
   * (data.transforms.Normalize.metadata()); keys starting with 'simdnet.architecture' are
   * the library's own.
   */
  metadata?: Record<string, string>;
}

/**
 * The metadata key naming a module saved without an architecture (a custom module whose
 * toConfig() throws), so that nn.load can say so instead of guessing.
 */
export const CUSTOM_MODULE_KEY = `${ARCHITECTURE_KEY}.custom`;

/** The safetensors bytes of a module's state dict and architecture (and extra metadata). */
export function moduleToBytes(model: Module, { metadata = {} }: SaveOptions = {}): Uint8Array {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string' || key.startsWith(ARCHITECTURE_KEY)) {
      throw new Error(
        `simdnet: save: metadata '${key}' must be a string value under a key not starting with '${ARCHITECTURE_KEY}'`,
      );
    }
  }
  const tensors = storedStateOf(model);
  let architecture: string | undefined;
  try {
    architecture = JSON.stringify(model.toConfig());
  } catch {
    architecture = undefined; // a custom module: weights only
  }
  return encodeSafetensors(tensors, {
    ...metadata,
    ...(architecture
      ? { [ARCHITECTURE_KEY]: architecture }
      : { [CUSTOM_MODULE_KEY]: model.constructor.name || 'an anonymous Module class' }),
  });
}

/** Where bytes came from, for errors: the path, or undefined for bytes passed in. */
export function sourceName(source: string | URL | Uint8Array): string | undefined {
  if (source instanceof Uint8Array) return undefined;
  return source instanceof URL ? source.href : String(source);
}

/**
 * Runs `body`; a simdnet error from it comes out as `simdnet: <op>: <file>: …` (the
 * decoder's own "safetensors:" dropped), so that it names the call and the file.
 */
export function inFile<T>(op: string, file: string | undefined, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('simdnet: ')) {
      let rest = e.message.slice('simdnet: '.length);
      if (rest.startsWith('safetensors: ')) rest = rest.slice('safetensors: '.length);
      else if (rest.startsWith(`${op}: `)) rest = rest.slice(op.length + 2);
      e.message = `simdnet: ${op}: ${file === undefined ? '' : `${file}: `}${rest}`;
    }
    throw e;
  }
}

/** A state dict (values by key) and the metadata, from safetensors bytes. */
export function stateFromBytes(bytes: Uint8Array): {
  state: Record<string, StoredValues>;
  metadata: Record<string, string>;
} {
  const { tensors, metadata } = decodeSafetensors(bytes);
  return { state: storedValuesOf(tensors), metadata };
}

/**
 * The parsed architecture in a file's metadata (unchecked: see nn.load), or undefined when
 * there is none. Only nn.load reads it, so broken JSON there leaves nn.loadStateDict working.
 */
export function architectureOf(metadata: Record<string, string>): unknown {
  const json = metadata[ARCHITECTURE_KEY];
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new Error(
      `simdnet: safetensors: the metadata's '${ARCHITECTURE_KEY}' is not JSON: ${(e as Error).message}`,
    );
  }
}

/** Writes a module to a safetensors file (Node). */
export async function saveModule(
  model: Module,
  path: string,
  options: SaveOptions = {},
): Promise<void> {
  await writeFileBytes(path, moduleToBytes(model, options));
}

/** The metadata of a safetensors file (path in Node, or bytes): string entries by key. */
export async function loadMetadata(
  source: string | URL | Uint8Array,
): Promise<Record<string, string>> {
  const op = 'nn.loadMetadata';
  const bytes = await bytesOf(source, op);
  return inFile(op, sourceName(source), () => decodeSafetensors(bytes).metadata);
}

/** Reads safetensors bytes from a path (Node) or passes bytes through; `op` names the call in errors. */
export async function bytesOf(
  source: string | URL | Uint8Array,
  op = 'nn.load',
): Promise<Uint8Array> {
  return source instanceof Uint8Array ? source : readFileBytes(source, op);
}
