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

/** The safetensors bytes of a module's state dict and architecture. */
export function moduleToBytes(model: Module): Uint8Array {
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
  let architecture: string | undefined;
  try {
    architecture = JSON.stringify(model.toConfig());
  } catch {
    architecture = undefined; // a custom module: weights only
  }
  return encodeSafetensors(tensors, architecture ? { [ARCHITECTURE_KEY]: architecture } : {});
}

/** A state dict (values by key) and the architecture, if any, from safetensors bytes. */
export function stateFromBytes(bytes: Uint8Array): {
  state: Record<string, StoredValues>;
  architecture?: ModuleConfig;
} {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const state: Record<string, StoredValues> = {};
  for (const [key, t] of Object.entries(tensors)) {
    const integer = t.dtype === 'I64' || t.dtype === 'I32' || t.dtype === 'U8';
    state[key] = {
      shape: t.shape,
      data: integer ? Int32Array.from(t.data as ArrayLike<number | bigint>, Number) : toFloat32(t),
    };
  }
  const json = metadata[ARCHITECTURE_KEY];
  return { state, architecture: json ? (JSON.parse(json) as ModuleConfig) : undefined };
}

/** Writes a module to a safetensors file (Node). */
export async function saveModule(model: Module, path: string): Promise<void> {
  await writeFileBytes(path, moduleToBytes(model));
}

/** Reads safetensors bytes from a path (Node) or passes bytes through. */
export async function bytesOf(source: string | URL | Uint8Array): Promise<Uint8Array> {
  return source instanceof Uint8Array ? source : readFileBytes(source);
}
