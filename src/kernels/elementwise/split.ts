import { floats, type Splits } from '../split';
import type { ElementwiseKernels } from './abi';

// Every elementwise kernel cut into pieces of whole cache lines.
export const ELEMENTWISE_SPLITS: Splits<ElementwiseKernels> = {
  relu: floats('n', 'x', 'y'),
  reluBackward: floats('n', 'x', 'dy', 'dx'),
  tanh: floats('n', 'x', 'y'),
  tanhBackward: floats('n', 'y', 'dy', 'dx'),
  sigmoid: floats('n', 'x', 'y'),
  sigmoidBackward: floats('n', 'y', 'dy', 'dx'),
  add: floats('n', 'a', 'b', 'y'),
  sub: floats('n', 'a', 'b', 'y'),
  mul: floats('n', 'a', 'b', 'y'),
  div: floats('n', 'a', 'b', 'y'),
  scale: floats('n', 'x', 'y'),
  axpy: floats('n', 'x', 'y'),
  fill: floats('n', 'y'),
};
