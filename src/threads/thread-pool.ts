import { KERNEL_NAMES, type KernelName, type Kernels } from '../kernels';
import { spawnWorker, type PoolWorker } from './spawn';
import type { ControlLayout, WorkerInit } from './worker';

/** One thread's share of a job: a kernel and its arguments. */
export interface Task {
  kernel: KernelName;
  args: number[];
}

const MAX_ARGS = 24;
/** A task's kernel number in a worker: its index in KERNEL_NAMES, looked up once. */
const KERNEL_NUMBERS = new Map<KernelName, number>(KERNEL_NAMES.map((name, i) => [name, i]));
const MESSAGE_LENGTH = 256;

function controlLayout(workers: number): ControlLayout {
  const slotSize = 3 + MAX_ARGS;
  const slots = 2; // Float64 index: after the four Int32 words below
  const message = 4 * (slots + workers * slotSize); // Uint16 index: after the slots
  return {
    generation: 0,
    done: 1,
    stop: 2,
    failed: 3,
    slots,
    slotSize,
    message,
    messageLength: MESSAGE_LENGTH,
    spins: 20_000,
    workers,
  };
}

/**
 * Threads that run wasm kernels on one shared memory. `run` hands task i to thread i (the
 * caller runs task 0) and returns when all are done, so kernels stay synchronous calls.
 *
 * A job costs one Atomics.notify and a busy-wait; workers spin briefly between jobs and
 * then sleep. Nothing is locked: each worker owns its task slot, and the only shared
 * counter is `done`, so adding cores adds no serial section beyond the caller's own share.
 */
export class ThreadPool {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly layout: ControlLayout;
  /** Whether this thread may sleep in Atomics.wait (a browser's main thread may not). */
  private readonly canBlock: boolean;
  private closed = false;

  private constructor(
    private readonly kernels: Kernels,
    private readonly workers: PoolWorker[],
    control: SharedArrayBuffer,
    layout: ControlLayout,
  ) {
    this.ints = new Int32Array(control);
    this.floats = new Float64Array(control);
    this.layout = layout;
    this.canBlock = canBlockHere(this.ints);
  }

  /**
   * Starts `threads − 1` workers that instantiate `module` on `memory` (the caller's
   * `kernels` are thread 0). Rejects if a worker cannot start.
   */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    kernels: Kernels,
    threads: number,
  ): Promise<ThreadPool> {
    const layout = controlLayout(threads - 1);
    const bytes = 2 * (layout.message + layout.messageLength);
    const control = new SharedArrayBuffer(Math.ceil(bytes / 8) * 8);
    const workers = await Promise.all(
      Array.from({ length: threads - 1 }, (_, i) => {
        const init: WorkerInit = {
          module,
          memory,
          control,
          index: i + 1,
          names: KERNEL_NAMES,
          layout,
        };
        return spawnWorker(init);
      }),
    );
    return new ThreadPool(kernels, workers, control, layout);
  }

  /** Threads in the pool, the caller included. */
  get size(): number {
    return this.workers.length + 1;
  }

  /**
   * Runs tasks[i] on thread i (tasks[0] here) and waits for all; returns their results.
   * Throws the first worker's error, if any, after every thread is done.
   */
  run(tasks: Task[]): number[] {
    if (this.closed) throw new Error('simdnet: the thread pool was closed');
    if (tasks.length > this.size) throw new Error('simdnet: more tasks than threads');
    const { ints, floats, layout } = this;
    for (let w = 1; w < this.size; w++) {
      const slot = layout.slots + (w - 1) * layout.slotSize;
      const task = tasks[w];
      floats[slot] = task ? KERNEL_NUMBERS.get(task.kernel)! : -1;
      if (task) {
        floats[slot + 1] = task.args.length;
        floats.set(task.args, slot + 3);
      }
    }
    Atomics.store(ints, layout.done, 0);
    Atomics.add(ints, layout.generation, 1);
    Atomics.notify(ints, layout.generation);
    const results = [0];
    let error: unknown;
    try {
      results[0] = call(this.kernels, tasks[0]);
    } catch (e) {
      error = e;
    }
    this.join();
    if (error !== undefined) throw error;
    const failed = Atomics.exchange(ints, layout.failed, 0);
    if (failed !== 0)
      throw new Error(`simdnet: a kernel failed in worker ${failed}: ${this.message()}`);
    for (let w = 1; w < tasks.length; w++) {
      results.push(floats[layout.slots + (w - 1) * layout.slotSize + 2]);
    }
    return results;
  }

  /** Stops the workers; the pool cannot run jobs afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ints, this.layout.stop, 1);
    Atomics.add(this.ints, this.layout.generation, 1);
    Atomics.notify(this.ints, this.layout.generation);
    for (const worker of this.workers) worker.stop();
  }

  /** Waits until every worker has counted itself done. */
  private join(): void {
    const { ints, layout } = this;
    for (let turn = 0; ; turn++) {
      const done = Atomics.load(ints, layout.done);
      if (done === layout.workers) return;
      if (this.canBlock && turn > layout.spins) Atomics.wait(ints, layout.done, done, 10);
    }
  }

  private message(): string {
    const { layout } = this;
    const chars = new Uint16Array(this.ints.buffer, 2 * layout.message, layout.messageLength);
    const end = chars.indexOf(0);
    return String.fromCharCode(...chars.subarray(0, end < 0 ? chars.length : end));
  }
}

function call(kernels: Kernels, task: Task): number {
  const kernel = kernels[task.kernel] as (...args: number[]) => number | void;
  return kernel(...task.args) ?? 0;
}

/** Atomics.wait throws on a browser's main thread; ask once with a wait that cannot block. */
function canBlockHere(ints: Int32Array): boolean {
  try {
    Atomics.wait(ints, 0, -1, 0);
    return true;
  } catch {
    return false;
  }
}
