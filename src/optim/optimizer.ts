import { loopBoundary } from '../lifetime';
import { Tensor } from '../tensor';

/**
 * The base of the optimizers: it holds the parameters, the learning rate and per-parameter
 * state, and its step() ends the training step (a loop boundary for the memory rules, see
 * src/lifetime/).
 */
export abstract class Optimizer {
  readonly params: readonly Tensor[];
  /** The learning rate of the next step (schedulers change it). */
  lr: number;
  /** Steps taken so far. */
  stepCount = 0;
  readonly #state = new Map<Tensor, Tensor[]>();

  constructor(params: Iterable<Tensor>, lr: number) {
    this.params = [...params];
    const name = this.constructor.name;
    if (this.params.length === 0) throw new Error(`simdnet: ${name}: no parameters to optimize`);
    this.params.forEach((p, i) => {
      if (!(p instanceof Tensor) || p.dtype !== 'float32' || !p.requiresGrad) {
        throw new Error(
          `simdnet: ${name}: parameter ${i} must be a float tensor with requiresGrad, got ${String(p)}`,
        );
      }
    });
    if (typeof lr !== 'number' || !(lr >= 0) || !Number.isFinite(lr)) {
      throw new Error(`simdnet: ${name}: 'lr' must be a finite number ≥ 0, got ${lr}`);
    }
    this.lr = lr;
    for (const p of this.params) p.keep();
  }

  /** Drops every parameter's gradient (as PyTorch's zero_grad(set_to_none=True)). */
  zeroGrad(): void {
    for (const p of this.params) {
      p.grad?.release();
      p.grad = null;
    }
  }

  /** Updates every parameter that has a gradient, then ends the training step. */
  step(): void {
    this.stepCount++;
    for (const p of this.params) if (p.grad) this.update(p, p.grad);
    loopBoundary();
  }

  /** Applies one update to param from grad. */
  protected abstract update(param: Tensor, grad: Tensor): void;

  /**
   * The `count` state tensors of param (zeros, persistent, made on its first update) and
   * whether this is that first update.
   */
  protected state(param: Tensor, count: number): { tensors: Tensor[]; first: boolean } {
    const existing = this.#state.get(param);
    if (existing) return { tensors: existing, first: false };
    const tensors = Array.from({ length: count }, () =>
      Tensor.zeros(param.shape, { backend: param.backend, keep: true }),
    );
    this.#state.set(param, tensors);
    return { tensors, first: true };
  }
}

/** Throws unless options[name] (when given) is a finite number in [lo, hi]. */
export function checkOption(
  optimizer: string,
  options: object,
  name: string,
  lo: number,
  hi = Infinity,
): void {
  const v = (options as Record<string, unknown>)[name];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    const range = hi === Infinity ? `≥ ${lo}` : `in [${lo}, ${hi}]`;
    throw new Error(
      `simdnet: ${optimizer}: '${name}' must be a finite number ${range}, got ${String(v)}`,
    );
  }
}
