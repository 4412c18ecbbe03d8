import { jumpState } from '../../random';
import { LINE, MIN_BYTES_PER_THREAD, splitRange, type Splits } from '../split';
import type { RandomKernels } from './abi';

export const RANDOM_SPLITS: Splits<RandomKernels> = {
  // Each thread draws its range of the mask from the generator jumped ahead to the range's
  // first draw, so the mask is the one a single thread draws; the caller's state then
  // becomes the last thread's.
  dropoutMask: (threads, name) => (state, n, threshold, keepScale, out) => {
    const parts = threads.toUse(4 * n, MIN_BYTES_PER_THREAD);
    if (parts === 1) return threads.own.dropoutMask(state, n, threshold, keepScale, out);
    const ranges = splitRange(0, n, parts, LINE);
    const words = threads.heap.i32.slice(state >> 2, (state >> 2) + 4);
    const pieces = ranges.map(([first, end], t) => {
      const own = threads.state(t);
      threads.heap.i32.set(jumpState(words, first), own >> 2);
      return { state: own, n: end - first, threshold, keepScale, out: out + 4 * first };
    });
    threads.run(name, pieces);
    const last = threads.state(ranges.length - 1) >> 2;
    threads.heap.i32.copyWithin(state >> 2, last, last + 4);
  },
};
