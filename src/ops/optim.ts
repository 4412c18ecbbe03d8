import type { Tensor } from '../tensor';
import {
  checkFinite,
  checkInRange,
  checkPositiveInt,
  checkSameShape,
  checkTensor,
  commonBackend,
  invalid,
} from './checks';

// Fused, in-place optimizer updates (PyTorch's torch.optim rules): the parameter and its
// state tensors are updated in one pass. The optimizer classes call these each step.

/** Checks that param, grad and the state tensors are live float tensors of one shape and backend. */
function checkGroup(op: string, tensors: Record<string, Tensor | undefined>) {
  const present = Object.fromEntries(
    Object.entries(tensors).filter(([, t]) => t !== undefined),
  ) as Record<string, Tensor>;
  for (const [name, t] of Object.entries(present)) checkTensor(op, name, t);
  for (const [name, t] of Object.entries(present))
    checkSameShape(op, 'param', present.param, name, t);
  return commonBackend(op, present);
}

function checkNonNegative(op: string, name: string, v: number): void {
  checkFinite(op, name, v);
  if (v < 0) invalid(op, `'${name}' must be ≥ 0, got ${v}`);
}

export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  /** True on the first step: the momentum buffer starts as the gradient (as in PyTorch). */
  first?: boolean;
}

/**
 * SGD: d = grad + weightDecay·param; with momentum, buf = first ? d : momentum·buf +
 * (1 − dampening)·d and d = nesterov ? d + momentum·buf : buf; param −= lr·d.
 * `momentumBuffer` is needed (same shape as param) when momentum > 0.
 */
export function sgdStep(
  param: Tensor,
  grad: Tensor,
  momentumBuffer: Tensor | undefined,
  options: SgdOptions,
): void {
  const op = 'ops.sgdStep';
  const {
    lr,
    momentum = 0,
    dampening = 0,
    weightDecay = 0,
    nesterov = false,
    first = false,
  } = options;
  checkNonNegative(op, 'lr', lr);
  checkNonNegative(op, 'momentum', momentum);
  checkInRange(op, 'dampening', dampening, 0, 1);
  checkNonNegative(op, 'weightDecay', weightDecay);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    invalid(
      op,
      `nesterov needs momentum > 0 and dampening 0 (got momentum ${momentum}, dampening ${dampening})`,
    );
  }
  if (momentum > 0 && momentumBuffer === undefined)
    invalid(op, `momentum ${momentum} needs a 'momentumBuffer'`);
  const backend = checkGroup(op, { param, grad, momentumBuffer });
  backend.kernels.sgd(
    param.ptr,
    grad.ptr,
    momentumBuffer?.ptr ?? 0,
    param.size,
    lr,
    momentum,
    dampening,
    weightDecay,
    nesterov ? 1 : 0,
    first ? 1 : 0,
  );
}

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** AdamW: decay the parameter directly (param −= lr·weightDecay·param) instead of the gradient. */
  decoupled?: boolean;
  /** The step number t ≥ 1, for the bias corrections 1 − beta^t. */
  step: number;
}

/** Adam / AdamW: updates param and the moment estimates m and v in place. */
export function adamStep(
  param: Tensor,
  grad: Tensor,
  m: Tensor,
  v: Tensor,
  options: AdamOptions,
): void {
  const op = 'ops.adamStep';
  const {
    lr = 1e-3,
    beta1 = 0.9,
    beta2 = 0.999,
    eps = 1e-8,
    weightDecay = 0,
    decoupled = false,
    step,
  } = options;
  checkNonNegative(op, 'lr', lr);
  checkInRange(op, 'beta1', beta1, 0, 1);
  checkInRange(op, 'beta2', beta2, 0, 1);
  if (beta1 === 1 || beta2 === 1) invalid(op, `'beta1' and 'beta2' must be < 1`);
  checkInRange(op, 'eps', eps, 0, Infinity, true);
  checkNonNegative(op, 'weightDecay', weightDecay);
  checkPositiveInt(op, 'step', step);
  const backend = checkGroup(op, { param, grad, m, v });
  const [bias1, bias2] = [1 - beta1 ** step, 1 - beta2 ** step];
  backend.kernels.adam(
    param.ptr,
    grad.ptr,
    m.ptr,
    v.ptr,
    param.size,
    lr,
    beta1,
    beta2,
    eps,
    weightDecay,
    decoupled ? 1 : 0,
    bias1,
    bias2,
  );
}

export interface RmspropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
}

/**
 * RMSprop (not centered): squareAvg = alpha·squareAvg + (1 − alpha)·g²; step = g/(√squareAvg + eps),
 * through the momentum buffer when momentum > 0; param −= lr·step.
 */
export function rmspropStep(
  param: Tensor,
  grad: Tensor,
  squareAvg: Tensor,
  momentumBuffer: Tensor | undefined,
  options: RmspropOptions = {},
): void {
  const op = 'ops.rmspropStep';
  const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0 } = options;
  checkNonNegative(op, 'lr', lr);
  checkInRange(op, 'alpha', alpha, 0, 1);
  checkInRange(op, 'eps', eps, 0, Infinity, true);
  checkNonNegative(op, 'weightDecay', weightDecay);
  checkNonNegative(op, 'momentum', momentum);
  if (momentum > 0 && momentumBuffer === undefined)
    invalid(op, `momentum ${momentum} needs a 'momentumBuffer'`);
  const backend = checkGroup(op, { param, grad, squareAvg, momentumBuffer });
  backend.kernels.rmsprop(
    param.ptr,
    grad.ptr,
    squareAvg.ptr,
    momentumBuffer?.ptr ?? 0,
    param.size,
    lr,
    alpha,
    eps,
    weightDecay,
    momentum,
  );
}

export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
}

/** Adadelta: updates param, the squared-gradient average and the squared-update average in place. */
export function adadeltaStep(
  param: Tensor,
  grad: Tensor,
  squareAvg: Tensor,
  accDelta: Tensor,
  options: AdadeltaOptions = {},
): void {
  const op = 'ops.adadeltaStep';
  const { lr = 1, rho = 0.9, eps = 1e-6, weightDecay = 0 } = options;
  checkNonNegative(op, 'lr', lr);
  checkInRange(op, 'rho', rho, 0, 1);
  checkInRange(op, 'eps', eps, 0, Infinity, true);
  checkNonNegative(op, 'weightDecay', weightDecay);
  const backend = checkGroup(op, { param, grad, squareAvg, accDelta });
  backend.kernels.adadelta(
    param.ptr,
    grad.ptr,
    squareAvg.ptr,
    accDelta.ptr,
    param.size,
    lr,
    rho,
    eps,
    weightDecay,
  );
}
