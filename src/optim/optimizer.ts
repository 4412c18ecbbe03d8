import { typeNameOf } from '../type-name';
import { loopBoundary } from '../lifetime';
import { invalid } from '../errors';
import { Tensor } from '../tensor';

/** The values of one state tensor, row-major. */
export interface StateTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * An optimizer's state (PyTorch's optimizer state_dict in spirit): JSON-safe scalars plus
 * Float32Array tensors, so that it serialises to safetensors (see train.saveCheckpoint).
 */
export interface OptimizerState {
  /** The optimizer's class, e.g. 'SGD' (must match on load). */
  type: string;
  /** How many parameters the optimizer holds (must match on load). */
  params: number;
  stepCount: number;
  lr: number;
  /** The hyper-parameters besides lr (PyTorch's param_groups; must match on load). */
  hyper: Record<string, number | boolean>;
  /**
   * The state tensors of each parameter updated so far, by parameter index (SGD's momentum
   * buffer; Adam's m and v; …), in the order the optimizer's update uses them.
   */
  state: Record<number, StateTensor[]>;
}

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
    const name = typeNameOf(this);
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

  /** The steps taken, lr, hyper-parameters and every per-parameter state tensor, copied. */
  stateDict(): OptimizerState {
    const state: Record<number, StateTensor[]> = {};
    this.params.forEach((p, i) => {
      const tensors = this.#state.get(p);
      if (tensors) state[i] = tensors.map((t) => ({ shape: [...t.shape], data: t.toArray() }));
    });
    return {
      type: typeNameOf(this),
      params: this.params.length,
      stepCount: this.stepCount,
      lr: this.lr,
      hyper: this.hyperParameters(),
      state,
    };
  }

  /**
   * Continues from a stateDict() of an optimizer made the same way (same class, parameter
   * shapes and hyper-parameters): the step count, lr and state tensors are replaced. Checks
   * everything before changing anything.
   */
  loadStateDict(dict: OptimizerState): void {
    const name = typeNameOf(this);
    const op = `${name}.loadStateDict`;
    const { type, params, stepCount, lr, hyper, state } = dict ?? {};
    if (type !== name) invalid(op, `the state is of ${String(type)}, this optimizer is ${name}`);
    if (params !== this.params.length) {
      invalid(op, `the state has ${params} parameters, this optimizer has ${this.params.length}`);
    }
    if (!Number.isSafeInteger(stepCount) || stepCount < 0) {
      invalid(op, `'stepCount' must be an integer ≥ 0, got ${stepCount}`);
    }
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      invalid(op, `'lr' must be a finite number ≥ 0, got ${lr}`);
    }
    const own = this.hyperParameters();
    for (const key of new Set([...Object.keys(own), ...Object.keys(hyper ?? {})])) {
      if (own[key] !== hyper?.[key]) {
        invalid(op, `'${key}' is ${hyper?.[key]} in the state, ${own[key]} in this optimizer`);
      }
    }
    const loaded = new Map<Tensor, StateTensor[]>();
    for (const [key, tensors] of Object.entries(state ?? {})) {
      const i = Number(key);
      const param = this.params[i];
      if (!Number.isInteger(i) || !param) {
        invalid(op, `state for parameter '${key}', but there are ${this.params.length}`);
      }
      if (!Array.isArray(tensors)) invalid(op, `the state of parameter ${i} must be an array`);
      tensors.forEach((t, k) => {
        if (!(t?.data instanceof Float32Array) || t.shape?.join() !== param.shape.join()) {
          invalid(
            op,
            `state tensor ${k} of parameter ${i} must be a Float32Array of shape [${param.shape}], ` +
              `got [${t?.shape}]`,
          );
        }
        if (t.data.length !== param.size) {
          invalid(
            op,
            `state tensor ${k} of parameter ${i} has ${t.data.length} values, needs ${param.size}`,
          );
        }
      });
      loaded.set(param, tensors);
    }
    const counts = new Set([...loaded.values()].map((tensors) => tensors.length));
    if (counts.size > 1) {
      invalid(op, `parameters have different numbers of state tensors: ${[...counts].join(', ')}`);
    }
    for (const tensors of this.#state.values()) for (const t of tensors) t.release();
    this.#state.clear();
    for (const [param, tensors] of loaded) {
      this.#state.set(
        param,
        tensors.map((t) =>
          Tensor.from(t.data, param.shape, { backend: param.backend, keep: true }),
        ),
      );
    }
    this.stepCount = stepCount;
    this.lr = lr;
  }

  /**
   * The hyper-parameters besides lr, for stateDict() (each optimizer lists its own; they
   * decide how many state tensors a parameter has, so a state loads only where they match).
   */
  protected hyperParameters(): Record<string, number | boolean> {
    return {};
  }

  /** Applies one update to param from grad. */
  protected abstract update(param: Tensor, grad: Tensor): void;

  /**
   * The `count` state tensors of param (zeros, persistent, made on its first update) and
   * whether this is that first update.
   */
  protected state(param: Tensor, count: number): { tensors: Tensor[]; first: boolean } {
    const existing = this.#state.get(param);
    if (existing) {
      if (existing.length !== count) {
        invalid(
          typeNameOf(this),
          `parameter ${this.params.indexOf(param)} has ${existing.length} state tensors (loaded?), the update needs ${count}`,
        );
      }
      return { tensors: existing, first: false };
    }
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
