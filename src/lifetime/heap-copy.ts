import type { FloatArray } from '../backend/memory';

// Where a cold tensor's data go: the JavaScript heap. A small tensor goes to a plain array,
// which lives in pages the JavaScript heap keeps; a typed array's backing store is fresh
// memory from the system, and its page faults cost the most on a busy machine (a batch of
// 16 MNIST images, 12 544 floats: ~100 µs as a typed array on the test VM, ~40 µs as an
// array). Larger tensors go to a typed array: plain arrays that large cost more still
// (a batch of 64 images took twice as long to move out in chunks of 8 192).

/** The data of a moved-out tensor. */
export type HeapCopy = FloatArray | Int32Array | number[];

/** Tensors of at most this many elements move out to a plain array. */
const SMALL = 16 * 1024;

/** Copies `view` to the JavaScript heap: into `reuse` when it fits, else as above. */
export function copyOut(view: FloatArray | Int32Array, reuse?: FloatArray | Int32Array): HeapCopy {
  if (reuse && reuse.length === view.length && reuse.constructor === view.constructor) {
    reuse.set(view);
    return reuse;
  }
  if (view.length <= SMALL) {
    const copy = new Array<number>(view.length);
    for (let i = 0; i < copy.length; i++) copy[i] = view[i]; // Array.from: 13× slower
    return copy;
  }
  // Allocated, then set: V8 copies a large view this way far faster than with slice().
  const copy = new (view.constructor as new (n: number) => FloatArray | Int32Array)(view.length);
  copy.set(view);
  return copy;
}
