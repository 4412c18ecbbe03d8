import { byUnits, type Splits } from '../split';
import { windowPixels, type WindowGeometry } from '../window';
import type { PoolKernels } from './abi';

/** Bytes of an input plane and of an output plane. */
const planeBytes = (g: WindowGeometry) => ({ input: 4 * g.h * g.w, output: 4 * windowPixels(g) });

// By planes: each thread pools whole planes.
export const POOL_SPLITS: Splits<PoolKernels> = {
  maxPool2d: byUnits({
    count: 'planes',
    align: 1,
    pointers: (a) => {
      const { input, output } = planeBytes(a);
      return { x: input, y: output, argmax: output };
    },
  }),
  maxPool2dBackward: byUnits({
    count: 'planes',
    align: 1,
    pointers: (a) => ({ dy: 4 * a.oh * a.ow, argmax: 4 * a.oh * a.ow, dx: 4 * a.h * a.w }),
    // The first bad argmax of the call: the first piece's that found one, moved to the call's planes.
    combine: (results, ranges, a) => {
      const i = results.findIndex((bad) => bad >= 0);
      return i < 0 ? -1 : ranges[i][0] * a.oh * a.ow + results[i];
    },
  }),
  avgPool2d: byUnits({
    count: 'planes',
    align: 1,
    pointers: (a) => {
      const { input, output } = planeBytes(a);
      return { x: input, y: output };
    },
  }),
  avgPool2dBackward: byUnits({
    count: 'planes',
    align: 1,
    pointers: (a) => {
      const { input, output } = planeBytes(a);
      return { dy: output, dx: input };
    },
  }),
};
