import { floats, type Splits } from '../split';
import type { OptimKernels } from './abi';

// An optimizer step is elementwise over a parameter and its state.
export const OPTIM_SPLITS: Splits<OptimKernels> = {
  sgd: floats('n', 'p', 'g', 'buf'),
  adam: floats('n', 'p', 'g', 'm', 'v'),
  rmsprop: floats('n', 'p', 'g', 'sq', 'buf'),
  adadelta: floats('n', 'p', 'g', 'sq', 'acc'),
};
