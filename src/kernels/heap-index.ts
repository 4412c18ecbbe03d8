import type { Ptr } from './args';
import type { Heap } from '../backend/memory';

/** Index of the float at byte offset `ptr` in `heap.f`. */
export function floatIndex(heap: Heap, ptr: Ptr): number {
  return ptr / heap.floatBytes;
}

/** Index of the int32 at byte offset `ptr` in `heap.i32`. */
export function intIndex(ptr: Ptr): number {
  return ptr >> 2;
}
