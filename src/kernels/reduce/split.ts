import { MIN_BYTES_PER_THREAD, splitRange, type Splits } from '../split';
import type { ReduceKernels } from './abi';

export const REDUCE_SPLITS: Splits<ReduceKernels> = {
  // By channels: each thread sums its channels over all images, as one thread would.
  sumChannels: (threads, name) => (x, n, c, hw, first, end, y) => {
    const parts = threads.toUse(4 * n * hw * (end - first), MIN_BYTES_PER_THREAD);
    if (parts === 1) return threads.own.sumChannels(x, n, c, hw, first, end, y);
    const ranges = splitRange(first, end, parts, 1);
    threads.run(
      name,
      ranges.map(([from, to]) => ({ x, n, c, hw, first: from, end: to, y })),
    );
  },
};
