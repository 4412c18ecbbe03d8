import type { WasmBuild } from '../../wasm-location';
import { Backend, type SimdLevel } from '../backend';
import { KERNEL_ARGS, KERNEL_NAMES, type Kernels } from '../../kernels';
import { Heap, type LinearMemory } from '../memory';
import { loadWasmBytes, type WasmSource } from './load';

// The single-threaded wasm backend, and the shared-memory instance that the threaded one
// (src/threads/wasm-backend.ts, which also holds createWasmBackend, the choice between them)
// runs its workers on. This layer knows nothing of threads.

export type SimdChoice = 'auto' | 'simd' | 'relaxed';

export interface WasmOptions {
  /** 'simd' (default, bit-deterministic), 'relaxed' (fused multiply-add), or 'auto' (relaxed when supported). */
  simd?: SimdChoice;
  /**
   * Threads the kernels run on: 'auto' (default) uses the available cores; 1 runs every
   * kernel on the calling thread. More than one needs shared memory: in browsers a
   * cross-origin isolated page; elsewhere the backend falls back to one thread and says
   * why in `backendInfo().threadsNote`. Results are bit-identical for any count.
   */
  threads?: number | 'auto';
  /** Override where the .wasm files are loaded from (for unusual bundler setups). */
  locateWasm?: (build: WasmBuild) => WasmSource;
}

const PAGE = 65536;
const MIN_GROWTH = 1 << 20;

export class WasmMemory implements LinearMemory {
  constructor(
    readonly memory: WebAssembly.Memory,
    /** The memory's declared maximum, or wasm32's 4 GiB when it declares none. */
    readonly maxBytes = 65536 * PAGE,
  ) {}
  get buffer(): ArrayBuffer {
    return this.memory.buffer as ArrayBuffer;
  }
  growTo(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    // Growth is in place (no copy) and cheap, so a small margin is enough: at least 1 MiB,
    // or 1/64 of the memory so that a heap of many small blocks grows in few calls.
    const want = Math.max(bytes - have, have >> 6, MIN_GROWTH);
    try {
      this.memory.grow(Math.ceil(want / PAGE));
    } catch (e) {
      // Near the maximum the margin may not fit where the request does.
      if (!(e instanceof RangeError) || want === bytes - have) throw e;
      this.memory.grow(Math.ceil((bytes - have) / PAGE));
    }
  }
}

/** Picks the build: relaxed only when asked for (or 'auto') and the engine validates it. */
async function chooseBuild(
  options: WasmOptions,
  shared: boolean,
): Promise<{ level: SimdLevel; bytes: Uint8Array<ArrayBuffer> }> {
  const choice = options.simd ?? 'simd';
  const load = (level: 'simd' | 'relaxed') => {
    const build: WasmBuild = shared ? `${level}-threads` : level;
    return loadWasmBytes(build, options.locateWasm?.(build));
  };
  if (choice === 'relaxed' || choice === 'auto') {
    const relaxed = await load('relaxed');
    if (WebAssembly.validate(relaxed)) return { level: 'relaxed', bytes: relaxed };
    if (choice === 'relaxed') {
      throw new Error(
        "simdnet: this engine does not support relaxed SIMD (init({ simd: 'relaxed' })). " +
          "Use simd: 'simd' or 'auto'; on Node 20 start node with --experimental-wasm-relaxed-simd.",
      );
    }
  }
  const simd = await load('simd');
  if (!WebAssembly.validate(simd)) {
    throw new Error('simdnet: this engine does not support WebAssembly SIMD128');
  }
  return { level: 'simd', bytes: simd };
}

/** The kernel exports of an instance, checked against the ABI. */
function kernelsOf(instance: WebAssembly.Instance, level: SimdLevel): Kernels {
  const exports = instance.exports as Record<string, unknown>;
  const missing = KERNEL_NAMES.filter((name) => typeof exports[name] !== 'function');
  // A build older than the ABI may export a kernel with other arguments: calls would mix them up.
  const stale = KERNEL_NAMES.filter(
    (name) =>
      !missing.includes(name) &&
      (exports[name] as (...args: number[]) => unknown).length !== KERNEL_ARGS[name].length,
  );
  if (missing.length + stale.length > 0) {
    const lacks = missing.length > 0 ? `lacks ${missing.join(', ')}` : '';
    const differs = stale.length > 0 ? `takes other arguments in ${stale.join(', ')}` : '';
    throw new Error(
      `simdnet: the ${level} wasm build ${[lacks, differs].filter(Boolean).join(' and ')}; rebuild it (npm run build:wasm)`,
    );
  }
  return Object.fromEntries(
    KERNEL_NAMES.map((name) => [name, exports[name]]),
  ) as unknown as Kernels;
}

const abort = () => {
  throw new Error('simdnet: a wasm kernel aborted');
};

/** The module's minimum memory (asconfig.json's initialMemory). */
const INITIAL_PAGES = 16;

/** A shared memory as large as the engine lets it reserve (4 GiB, else 1 GiB, else 256 MiB). */
function sharedMemory(initialPages: number): WasmMemory {
  for (const maximum of [65536, 16384, 4096]) {
    try {
      const memory = new WebAssembly.Memory({ initial: initialPages, maximum, shared: true });
      return new WasmMemory(memory, maximum * PAGE);
    } catch (error) {
      if (maximum === 4096) throw error;
    }
  }
  throw new Error('unreachable');
}

/** A wasm instance over a fresh shared memory: what the threaded backend is built on. */
export interface SharedInstance {
  level: SimdLevel;
  module: WebAssembly.Module;
  memory: WasmMemory;
  instance: WebAssembly.Instance;
  kernels: Kernels;
}

/** Compiles the threads build and instantiates it once over a new shared memory. */
export async function instantiateShared(options: WasmOptions): Promise<SharedInstance> {
  const { level, bytes } = await chooseBuild(options, true);
  const module = await WebAssembly.compile(bytes);
  const shared = sharedMemory(INITIAL_PAGES);
  const memory = shared.memory;
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort } });
  const kernels = kernelsOf(instance, level);
  return { level, module, memory: shared, instance, kernels };
}

/** The kernels on the calling thread; `note` says why it is one thread when more were asked for. */
export async function createSingleThreadedBackend(
  options: WasmOptions,
  note?: string,
): Promise<Backend> {
  const { level, bytes } = await chooseBuild(options, false);
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { abort } });
  const kernels = kernelsOf(instance, level);
  const memory = new WasmMemory(instance.exports.memory as WebAssembly.Memory);
  const heap = new Heap(memory, (instance.exports.heapBase as () => number)(), 'f32');
  return new Backend('wasm', level, heap, kernels, { count: 1, note });
}
