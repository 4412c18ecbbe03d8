import type { Ptr } from '../kernels';
import type { Heap } from '../memory';

/** Index of the float at byte offset `ptr` in `h.f`. */
export function floatIndex(h: Heap, ptr: Ptr): number {
  return ptr / h.floatBytes;
}

/** Index of the int32 at byte offset `ptr` in `h.i32`. */
export function intIndex(ptr: Ptr): number {
  return ptr >> 2;
}
