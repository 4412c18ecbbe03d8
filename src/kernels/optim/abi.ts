import type { ArgNamesOf, Ptr } from '../args';

export interface OptimKernels {
  /** PyTorch's SGD: g += wd·p; buf = first ? g : momentum·buf + (1 − dampening)·g;
   * step = nesterov ? g + momentum·buf : buf (or g when momentum is 0); p −= lr·step. */
  sgd(
    p: Ptr,
    g: Ptr,
    buf: Ptr,
    n: number,
    lr: number,
    momentum: number,
    dampening: number,
    weightDecay: number,
    nesterov: number,
    first: number,
  ): void;
  /** Adam (decoupled = 0: g += wd·p) or AdamW (decoupled = 1: p −= lr·wd·p).
   * bias1 = 1 − beta1^t, bias2 = 1 − beta2^t for step t ≥ 1. */
  adam(
    p: Ptr,
    g: Ptr,
    m: Ptr,
    v: Ptr,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    decoupled: number,
    bias1: number,
    bias2: number,
  ): void;
  /** RMSprop (PyTorch, not centered): sq = alpha·sq + (1 − alpha)·g²; with momentum,
   * buf = momentum·buf + g/(√sq + eps) and p −= lr·buf, else p −= lr·g/(√sq + eps). */
  rmsprop(
    p: Ptr,
    g: Ptr,
    sq: Ptr,
    buf: Ptr,
    n: number,
    lr: number,
    alpha: number,
    eps: number,
    weightDecay: number,
    momentum: number,
  ): void;
  /** Adadelta (PyTorch): sq = rho·sq + (1 − rho)·g²; d = √(acc + eps)/√(sq + eps)·g;
   * acc = rho·acc + (1 − rho)·d²; p −= lr·d. */
  adadelta(
    p: Ptr,
    g: Ptr,
    sq: Ptr,
    acc: Ptr,
    n: number,
    lr: number,
    rho: number,
    eps: number,
    weightDecay: number,
  ): void;
}

/** The arguments of each kernel of OptimKernels, by name and in order. */
export const OPTIM_ARGS = {
  sgd: ['p', 'g', 'buf', 'n', 'lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'first'],
  adam: [
    'p',
    'g',
    'm',
    'v',
    'n',
    'lr',
    'beta1',
    'beta2',
    'eps',
    'weightDecay',
    'decoupled',
    'bias1',
    'bias2',
  ],
  rmsprop: ['p', 'g', 'sq', 'buf', 'n', 'lr', 'alpha', 'eps', 'weightDecay', 'momentum'],
  adadelta: ['p', 'g', 'sq', 'acc', 'n', 'lr', 'rho', 'eps', 'weightDecay'],
} as const satisfies ArgNamesOf<OptimKernels>;
