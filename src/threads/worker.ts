// The code a pool worker runs. It is shipped as source text (workerSource) and started as a
// Node worker_threads Worker or a browser Web Worker from a Blob, so that no bundler has to
// find and emit a second entry file.

/** What a worker needs to join the pool: the kernels' module, the shared memory, the control block. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** The worker's number, 1 … size − 1 (the calling thread is 0). */
  index: number;
  /** Export names, indexed by a task's kernel number. */
  names: readonly string[];
  layout: ControlLayout;
}

/** Where things are in the control block (src/threads/thread-pool.ts owns the layout). */
export interface ControlLayout {
  /** Int32 index of the job generation, bumped once per job. */
  generation: number;
  /** Int32 index of the count of workers done with the current job. */
  done: number;
  /** Int32 index of the stop flag. */
  stop: number;
  /** Int32 index of the failure flag: the index of the first worker that threw, else 0. */
  failed: number;
  /** Float64 index of worker 1's task slot; slot i starts (i − 1)·slotSize later. */
  slots: number;
  /** Float64 values per slot: kernel number (−1: none), argument count, result, arguments. */
  slotSize: number;
  /** Uint16 index and length of the failure message. */
  message: number;
  messageLength: number;
  /** Turns of a busy-wait for the next job before sleeping in Atomics.wait. */
  spins: number;
  /** Workers in the pool (size − 1). */
  workers: number;
}

/**
 * The worker's whole program, as text: it is started from a string (a Node worker with
 * `eval`, a browser worker from a Blob) and must not depend on how this package was
 * compiled, so it is plain JavaScript. Its life: instantiate the kernels on the shared
 * memory, say 'ready', then for every job run the task in its slot and count itself done.
 */
export function workerSource(): string {
  return `'use strict';
function workerMain(init, post) {
  const { module, memory, control, index, names, layout } = init;
  const abort = function () {
    throw new Error('a wasm kernel aborted');
  };
  const instance = new WebAssembly.Instance(module, { env: { memory, abort } });
  const kernels = names.map(function (name) {
    return instance.exports[name];
  });
  const ints = new Int32Array(control);
  const slot = new Float64Array(control, 8 * (layout.slots + (index - 1) * layout.slotSize));
  let generation = Atomics.load(ints, layout.generation);
  post('ready');
  for (;;) {
    // Jobs come in bursts (one per kernel call of a training step): spin a little first,
    // since waking from Atomics.wait costs tens of microseconds.
    for (let turn = 0; Atomics.load(ints, layout.generation) === generation; turn++) {
      if (turn > layout.spins) Atomics.wait(ints, layout.generation, generation);
    }
    generation = Atomics.load(ints, layout.generation);
    if (Atomics.load(ints, layout.stop) !== 0) return;
    const kernel = slot[0];
    if (kernel >= 0) {
      try {
        const args = Array.from(slot.subarray(3, 3 + slot[1]));
        const result = kernels[kernel].apply(null, args);
        slot[2] = result === undefined ? 0 : result;
      } catch (error) {
        if (Atomics.compareExchange(ints, layout.failed, 0, index) === 0) {
          const text = String(error && error.message ? error.message : error);
          const chars = new Uint16Array(control, 2 * layout.message, layout.messageLength);
          chars.fill(0);
          for (let i = 0; i < Math.min(text.length, chars.length); i++) chars[i] = text.charCodeAt(i);
        }
      }
    }
    if (Atomics.add(ints, layout.done, 1) + 1 === layout.workers) Atomics.notify(ints, layout.done);
  }
}
if (typeof process !== 'undefined' && process.versions && process.versions.node) {
  // import() rather than require: the worker inherits the parent's --input-type.
  import('node:worker_threads').then(function ({ parentPort }) {
    parentPort.once('message', function (init) {
      workerMain(init, function (m) { parentPort.postMessage(m); });
    });
  });
} else {
  self.onmessage = function (event) {
    self.onmessage = null;
    workerMain(event.data, function (m) { self.postMessage(m); });
  };
}
`;
}
