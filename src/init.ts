import type { Backend, BackendName, MemoryStats, SimdLevel } from './backend/backend';
import { currentBackend, setCurrentBackend } from './backend/current';
import { createReferenceBackend } from './backend/reference';
import type { WasmOptions } from './backend/wasm';
import { createWasmBackend } from './threads/wasm-backend';

export interface InitOptions extends WasmOptions {
  /** 'wasm' (default): the SIMD kernels; 'reference': plain TypeScript, for checking and comparing. */
  backend?: BackendName;
}

/** Selects (and for wasm, loads) the backend that new tensors are created on. Returns it. */
export async function init(options: InitOptions = {}): Promise<Backend> {
  const name = options.backend ?? 'wasm';
  if (name !== 'wasm' && name !== 'reference') {
    throw new Error(`simdnet: init({ backend }) must be 'wasm' or 'reference', got '${name}'`);
  }
  const simd = options.simd ?? 'simd';
  if (!['auto', 'simd', 'relaxed'].includes(simd)) {
    throw new Error(`simdnet: init({ simd }) must be 'auto', 'simd' or 'relaxed', got '${simd}'`);
  }
  const backend = name === 'wasm' ? await createWasmBackend(options) : createReferenceBackend();
  setCurrentBackend(backend);
  return backend;
}

export interface BackendInfo {
  backend: BackendName;
  simd: SimdLevel;
  /** Size of the backend's linear memory in bytes. */
  wasmMemoryBytes: number;
  /** Bytes in live blocks (tensors and scratch). */
  liveBytes: number;
  /** Tensors whose data are in linear memory now (not released, not moved out). */
  liveTensors: number;
  /**
   * What the memory rules did so far: tensors moved out to the JavaScript heap when they
   * went cold (and their bytes), brought back by a later use, and freed because the garbage
   * collector found them unreachable.
   */
  memory: MemoryStats;
  /** Threads the kernels run on. */
  threads: number;
  /** Why fewer threads than asked for (e.g. a page that is not cross-origin isolated). */
  threadsNote?: string;
}

/** What `init()` chose and how much memory it holds. */
export function backendInfo(): BackendInfo {
  const b = currentBackend();
  return {
    backend: b.name,
    simd: b.simd,
    wasmMemoryBytes: b.heap.byteLength,
    liveBytes: b.heap.allocator.liveBytes,
    liveTensors: b.liveTensors,
    memory: { ...b.memoryStats },
    threads: b.threads.count,
    ...(b.threads.note ? { threadsNote: b.threads.note } : {}),
  };
}
