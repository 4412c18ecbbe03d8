import { byUnits, type Splits } from '../split';
import type { ShapeKernels } from './abi';

export const SHAPE_SPLITS: Splits<ShapeKernels> = {
  // By matrices.
  transpose: byUnits({
    count: 'batch',
    align: 1,
    pointers: (a) => ({ x: 4 * a.rows * a.cols, y: 4 * a.rows * a.cols }),
  }),
};
