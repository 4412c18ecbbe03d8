import { internal } from '../../lifetime';
import * as ops from '../../ops';
import type { Tensor } from '../../tensor';
import { sharedRandom, type Random } from '../../random';
import { record } from '../graph';

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the rest
 * are scaled by 1/(1 − p), so evaluation needs no rescaling; outside training (or p = 0)
 * it returns x unchanged. The mask comes from `rng` (the shared generator by default).
 */
export function dropout(
  x: Tensor,
  p: number,
  training = true,
  rng: Random = sharedRandom(),
): Tensor {
  return internal(() => {
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) {
      throw new Error(`simdnet: dropout: p must be in [0, 1), got ${p}`);
    }
    if (!training || p === 0) return x;
    const mask = ops.dropoutMask(x.shape, p, { rng, backend: x.backend });
    return record(ops.mul(x, mask), 'dropout', [x], (dy) => [ops.mul(dy, mask)]);
  });
}
