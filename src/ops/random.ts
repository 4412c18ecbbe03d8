import { currentBackend } from '../backend/current';
import type { Backend } from '../backend/backend';
import { sharedRandom, type Random } from '../random';
import { Tensor, type Shape } from '../tensor';
import { checkInRange, invalid, output } from './checks';

/**
 * A dropout mask of `shape`: each element 0 with probability p, else 1/(1 − p) (inverted
 * dropout). Drawn by a kernel from `rng` (the shared generator by default), which advances
 * exactly as if JavaScript had drawn one 32-bit number per element.
 */
export function dropoutMask(
  shape: Shape,
  p: number,
  { rng = sharedRandom(), backend = currentBackend() }: { rng?: Random; backend?: Backend } = {},
): Tensor {
  const op = 'ops.dropoutMask';
  checkInRange(op, 'p', p, 0, 1);
  if (p === 1) invalid(op, `'p' must be below 1 (every element dropped leaves nothing to scale)`);
  const mask = output(backend, shape);
  const state = Tensor.fromInts(rng.getState(), [4], { backend });
  try {
    backend.kernels.dropoutMask(state.ptr, mask.size, p * 4294967296, 1 / (1 - p), mask.ptr);
    rng.setState(state.ints());
  } finally {
    state.release();
  }
  return mask;
}
