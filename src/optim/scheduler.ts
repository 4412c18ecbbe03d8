import { typeNameOf } from '../type-name';
import { checkPositiveInt, invalid } from '../errors';
import type { Optimizer } from './optimizer';

/** A scheduler's state: JSON-safe numbers (see LRScheduler.stateDict). */
export interface SchedulerState {
  /** The scheduler's class, e.g. 'StepLR' (must match on load). */
  type: string;
  epoch: number;
  baseLr: number;
  /** The optimizer's lr when the state was taken. */
  lr: number;
  /** The schedule's own parameters (step size, gamma, …); must match on load when present. */
  hyper?: Record<string, number>;
}

/**
 * A learning-rate schedule: step() once per epoch (after the epoch's optimizer steps) sets
 * the optimizer's lr for the next epoch from the initial lr and the epoch count.
 */
export abstract class LRScheduler {
  /** Epochs stepped so far. */
  epoch = 0;
  #baseLr: number;

  constructor(readonly optimizer: Optimizer) {
    this.#baseLr = optimizer.lr;
  }

  /** The optimizer's lr when the scheduler was made (or as loaded by loadStateDict). */
  get baseLr(): number {
    return this.#baseLr;
  }

  /** The epoch count, base lr and current lr. */
  stateDict(): SchedulerState {
    const { epoch, baseLr, lr } = this;
    return { type: typeNameOf(this), epoch, baseLr, lr, hyper: this.hyperParameters() };
  }

  /** The schedule's parameters, as its constructor took them. */
  protected abstract hyperParameters(): Record<string, number>;

  /** Continues from a stateDict() of the same kind of scheduler; sets the optimizer's lr too. */
  loadStateDict(state: SchedulerState): void {
    const name = typeNameOf(this);
    const op = `${name}.loadStateDict`;
    const { type, epoch, baseLr, lr, hyper } = state ?? {};
    if (type !== name) invalid(op, `the state is of ${String(type)}, this scheduler is ${name}`);
    const own = this.hyperParameters();
    for (const key of hyper === undefined ? [] : Object.keys({ ...own, ...hyper })) {
      if (own[key] !== hyper?.[key]) {
        invalid(op, `'${key}' is ${hyper?.[key]} in the state, ${own[key]} in this scheduler`);
      }
    }
    if (!Number.isSafeInteger(epoch) || epoch < 0) {
      invalid(op, `'epoch' must be an integer ≥ 0, got ${epoch}`);
    }
    for (const [key, v] of Object.entries({ baseLr, lr })) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        invalid(op, `'${key}' must be a finite number ≥ 0, got ${v}`);
      }
    }
    this.epoch = epoch;
    this.#baseLr = baseLr;
    this.optimizer.lr = lr;
  }

  /** Advances one epoch and updates the optimizer's lr. */
  step(): void {
    this.epoch++;
    this.optimizer.lr = this.lrAt(this.epoch);
  }

  /** The current learning rate. */
  get lr(): number {
    return this.optimizer.lr;
  }

  /** The learning rate after `epoch` epochs. */
  abstract lrAt(epoch: number): number;
}

function positive(scheduler: string, name: string, v: number, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new Error(
      `simdnet: ${scheduler}: '${name}' must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${v}`,
    );
  }
  return v;
}

/** lr·gamma^⌊epoch/stepSize⌋ (PyTorch's StepLR). */
export class StepLR extends LRScheduler {
  static readonly typeName: string = 'StepLR';

  protected hyperParameters(): Record<string, number> {
    return { stepSize: this.stepSize, gamma: this.gamma };
  }

  readonly stepSize: number;
  readonly gamma: number;

  constructor(
    optimizer: Optimizer,
    { stepSize, gamma = 0.1 }: { stepSize: number; gamma?: number },
  ) {
    super(optimizer);
    checkPositiveInt('StepLR', 'stepSize', stepSize);
    this.stepSize = stepSize;
    this.gamma = positive('StepLR', 'gamma', gamma, true);
  }

  lrAt(epoch: number): number {
    return this.baseLr * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/** lr·gamma^epoch (PyTorch's ExponentialLR). */
export class ExponentialLR extends LRScheduler {
  static readonly typeName: string = 'ExponentialLR';

  protected hyperParameters(): Record<string, number> {
    return { gamma: this.gamma };
  }

  readonly gamma: number;

  constructor(optimizer: Optimizer, { gamma }: { gamma: number }) {
    super(optimizer);
    this.gamma = positive('ExponentialLR', 'gamma', gamma, true);
  }

  lrAt(epoch: number): number {
    return this.baseLr * this.gamma ** epoch;
  }
}

/** lr / (1 + decayRate·epoch/decaySteps) (Keras's InverseTimeDecay, per epoch). */
export class InverseTimeLR extends LRScheduler {
  static readonly typeName: string = 'InverseTimeLR';

  protected hyperParameters(): Record<string, number> {
    return { decayRate: this.decayRate, decaySteps: this.decaySteps };
  }

  readonly decayRate: number;
  readonly decaySteps: number;

  constructor(
    optimizer: Optimizer,
    { decayRate, decaySteps = 1 }: { decayRate: number; decaySteps?: number },
  ) {
    super(optimizer);
    this.decayRate = positive('InverseTimeLR', 'decayRate', decayRate, true);
    this.decaySteps = positive('InverseTimeLR', 'decaySteps', decaySteps);
  }

  lrAt(epoch: number): number {
    return this.baseLr / (1 + (this.decayRate * epoch) / this.decaySteps);
  }
}

/** etaMin + (lr − etaMin)·(1 + cos(π·epoch/tMax))/2 (PyTorch's CosineAnnealingLR, closed form). */
export class CosineAnnealingLR extends LRScheduler {
  static readonly typeName: string = 'CosineAnnealingLR';

  protected hyperParameters(): Record<string, number> {
    return { tMax: this.tMax, etaMin: this.etaMin };
  }

  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, { tMax, etaMin = 0 }: { tMax: number; etaMin?: number }) {
    super(optimizer);
    this.tMax = positive('CosineAnnealingLR', 'tMax', tMax);
    this.etaMin = positive('CosineAnnealingLR', 'etaMin', etaMin, true);
  }

  lrAt(epoch: number): number {
    return (
      this.etaMin +
      ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2
    );
  }
}
