import { importNode } from '../files';
/** Logical cores this program may use: os.availableParallelism() in Node, hardwareConcurrency in browsers. */
export async function availableCores(): Promise<number> {
  if (typeof process !== 'undefined' && process.versions?.node !== undefined) {
    const os = await importNode<typeof import('node:os')>('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return globalThis.navigator?.hardwareConcurrency ?? 1;
}

/** Why this page cannot share memory between threads, or undefined when it can. */
export function sharedMemoryUnavailable(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || globalThis.crossOriginIsolated === false) {
    return (
      'the page is not cross-origin isolated, so SharedArrayBuffer is unavailable ' +
      '(serve it with Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp)'
    );
  }
  return undefined;
}
