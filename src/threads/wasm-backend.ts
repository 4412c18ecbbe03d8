import { Backend } from '../backend/backend';
import { Heap } from '../backend/memory';
import { createSingleThreadedBackend, instantiateShared, type WasmOptions } from '../backend/wasm';
import { availableCores, sharedMemoryUnavailable } from './cores';
import { ThreadPool } from './thread-pool';
import { threadedKernels } from './threaded-kernels';

// The wasm backend on several threads, assembled here above the single-threaded backend/wasm:
// one shared-memory instance whose kernels a pool of workers runs in parallel, and
// createWasmBackend, which chooses between the two.

/** Stops a pool whose backend was garbage-collected. */
const pools = new FinalizationRegistry<ThreadPool>((pool) => pool.close());

/** The kernels on `threads` threads over one shared memory. */
async function createThreadedBackend(options: WasmOptions, threads: number): Promise<Backend> {
  const {
    level,
    module,
    memory: shared,
    instance,
    kernels: own,
  } = await instantiateShared(options);
  const pool = await ThreadPool.start(module, shared.memory, own, threads);
  const heap = new Heap(shared, (instance.exports.heapBase as () => number)(), 'f32');
  const kernels = threadedKernels(own, pool, heap);
  const backend = new Backend('wasm', level, heap, kernels, {
    count: threads,
    close: () => pool.close(),
  });
  pools.register(backend, pool);
  return backend;
}

/** Loads and instantiates the kernels; all tensor data then live in the module's memory. */
export async function createWasmBackend(options: WasmOptions = {}): Promise<Backend> {
  const wanted = options.threads ?? 'auto';
  if (wanted !== 'auto' && !(Number.isInteger(wanted) && wanted >= 1)) {
    throw new Error(
      `simdnet: init({ threads }) must be 'auto' or a positive integer, got ${wanted}`,
    );
  }
  const threads = wanted === 'auto' ? await availableCores() : wanted;
  const unavailable = threads > 1 ? sharedMemoryUnavailable() : undefined;
  if (threads > 1 && unavailable === undefined) return createThreadedBackend(options, threads);
  const note = unavailable && `one thread instead of ${threads}: ${unavailable}`;
  return createSingleThreadedBackend(options, note);
}
