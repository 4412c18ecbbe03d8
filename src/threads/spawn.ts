import { workerSource, type WorkerInit } from './worker';

/** A started pool worker, whichever kind of thread it is. */
export interface PoolWorker {
  /** Ends the thread (after the pool told it to stop). */
  stop(): void;
}

/** Starts a worker thread running workerMain(init); resolves once it has instantiated the kernels. */
export async function spawnWorker(init: WorkerInit): Promise<PoolWorker> {
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  return isNode ? spawnNodeWorker(init) : spawnWebWorker(init);
}

async function spawnNodeWorker(init: WorkerInit): Promise<PoolWorker> {
  // A variable specifier, so that browser bundlers do not try to resolve a Node built-in.
  const threadsModule = 'node:worker_threads';
  const { Worker: NodeWorker }: typeof import('node:worker_threads') = await import(
    /* @vite-ignore */ threadsModule
  );
  const worker = new NodeWorker(workerSource(), { eval: true });
  // A sleeping worker must not keep the process alive once the program is done.
  worker.unref();
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.postMessage(init);
  });
  return { stop: () => void worker.terminate() };
}

async function spawnWebWorker(init: WorkerInit): Promise<PoolWorker> {
  const url = URL.createObjectURL(new Blob([workerSource()], { type: 'text/javascript' }));
  const worker = new Worker(url);
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (event) => reject(new Error(event.message || 'a worker failed to start'));
      worker.postMessage(init);
    });
  } finally {
    URL.revokeObjectURL(url);
  }
  return { stop: () => worker.terminate() };
}
