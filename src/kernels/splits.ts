import type { Kernels } from '.';
import { CONV_SPLITS } from './conv/split';
import { ELEMENTWISE_SPLITS } from './elementwise/split';
import { GEMM_SPLITS } from './gemm/split';
import { OPTIM_SPLITS } from './optim/split';
import { POOL_SPLITS } from './pool/split';
import { RANDOM_SPLITS } from './random/split';
import { REDUCE_SPLITS } from './reduce/split';
import { SHAPE_SPLITS } from './shape/split';
import type { Splits } from './split';
import { WINOGRAD_SPLITS } from './winograd/split';

/** Every kernel a pool splits across its threads, and how (each family's split.ts). */
export const SPLITS: Splits<Kernels> = {
  ...GEMM_SPLITS,
  ...CONV_SPLITS,
  ...WINOGRAD_SPLITS,
  ...POOL_SPLITS,
  ...ELEMENTWISE_SPLITS,
  ...REDUCE_SPLITS,
  ...SHAPE_SPLITS,
  ...RANDOM_SPLITS,
  ...OPTIM_SPLITS,
};
