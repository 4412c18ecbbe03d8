import type { ArgNamesOf, Ptr } from '../args';

/** Draws from the library's generator (xoshiro128**, src/random.ts) inside the module. */
export interface RandomKernels {
  /** out[i] = 0 where the i-th u32 draw is below `threshold`, else keepScale; `state` (4 u32
   * words) is advanced by n draws. */
  dropoutMask(state: Ptr, n: number, threshold: number, keepScale: number, out: Ptr): void;
}

/** The arguments of each kernel of RandomKernels, by name and in order. */
export const RANDOM_ARGS = {
  dropoutMask: ['state', 'n', 'threshold', 'keepScale', 'out'],
} as const satisfies ArgNamesOf<RandomKernels>;
