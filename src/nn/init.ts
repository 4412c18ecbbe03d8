import { Tensor, type Shape } from '../tensor';
import { sharedRandom } from '../random';

// PyTorch's default initialisations, drawn from the shared generator (see manualSeed), so
// that a seed gives the same weights everywhere.

/**
 * U(−1/√fanIn, 1/√fanIn): PyTorch's default for Linear and Conv2d weights
 * (kaiming_uniform with a = √5) and their biases.
 */
export function uniformFanIn(shape: Shape, fanIn: number): Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  const rng = sharedRandom();
  const t = Tensor.zeros(shape);
  const f = t.floats();
  for (let i = 0; i < f.length; i++) f[i] = (2 * rng.uniform() - 1) * bound;
  return t;
}
