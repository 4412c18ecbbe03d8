import { Backend, type SimdLevel } from '../backend';
import { KERNEL_NAMES, type Kernels } from '../kernels';
import { Heap, type LinearMemory } from '../memory';
import { loadWasmBytes, type WasmSource } from './load';

export type SimdChoice = 'auto' | 'simd' | 'relaxed';

export interface WasmOptions {
  /** 'simd' (default, bit-deterministic), 'relaxed' (fused multiply-add), or 'auto' (relaxed when supported). */
  simd?: SimdChoice;
  /** Override where the .wasm files are loaded from (for unusual bundler setups). */
  locateWasm?: (build: 'simd' | 'relaxed') => WasmSource;
}

const PAGE = 65536;
const MIN_GROWTH = 1 << 20;

class WasmMemory implements LinearMemory {
  constructor(private readonly memory: WebAssembly.Memory) {}
  get buffer(): ArrayBuffer {
    return this.memory.buffer as ArrayBuffer;
  }
  growTo(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    // Growth is in place (no copy) and a call costs well under a millisecond (~25 calls,
    // 5 ms in all, to reach the CIFAR CNN's 72 MB), so a small margin is enough: at least
    // 1 MiB, or 1/64 of the memory so that a heap of many small blocks grows in few calls.
    const want = Math.max(bytes - have, have >> 6, MIN_GROWTH);
    this.memory.grow(Math.ceil(want / PAGE));
  }
}

/** Picks the build: relaxed only when asked for (or 'auto') and the engine validates it. */
async function chooseBuild(
  options: WasmOptions,
): Promise<{ level: SimdLevel; bytes: Uint8Array<ArrayBuffer> }> {
  const choice = options.simd ?? 'simd';
  const load = (build: 'simd' | 'relaxed') => loadWasmBytes(build, options.locateWasm?.(build));
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

/** Loads and instantiates the kernels; all tensor data then live in the module's memory. */
export async function createWasmBackend(options: WasmOptions = {}): Promise<Backend> {
  const { level, bytes } = await chooseBuild(options);
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, {
    env: {
      abort: () => {
        throw new Error('simdnet: a wasm kernel aborted');
      },
    },
  });
  const exports = instance.exports as Record<string, unknown>;
  const missing = KERNEL_NAMES.filter((name) => typeof exports[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(
      `simdnet: the ${level} wasm build lacks ${missing.join(', ')}; rebuild it (npm run build:wasm)`,
    );
  }
  const kernels = Object.fromEntries(KERNEL_NAMES.map((name) => [name, exports[name]]));
  const memory = new WasmMemory(exports.memory as WebAssembly.Memory);
  const heap = new Heap(memory, (exports.heapBase as () => number)(), 'f32');
  return new Backend('wasm', level, heap, kernels as unknown as Kernels);
}
