// The experiments that `simdnet reproduce <name>` runs (the coursework reports E1-E8).
import { e1 } from './e1';
import { e2 } from './e2';
import { e3 } from './e3';
import { e4 } from './e4';
import { e5 } from './e5';
import { e6 } from './e6';
import { e7 } from './e7';
import { e8 } from './e8';
import { e8Search } from './e8-search';

export const EXPERIMENTS = { e1, e2, e3, e4, e5, e6, e7, e8, 'e8-search': e8Search };
export type ExperimentName = keyof typeof EXPERIMENTS;
export type { ExperimentOptions, ExperimentResult } from './experiment';
