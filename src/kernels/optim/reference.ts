import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex } from '../heap-index';

// PyTorch's update rules, element by element (see OptimKernels in kernels.ts).

export function sgd(
  heap: Heap,
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
): void {
  const f = heap.f;
  const [pi, gi, bi] = [p, g, buf].map((x) => floatIndex(heap, x));
  for (let i = 0; i < n; i++) {
    let d = f[gi + i] + weightDecay * f[pi + i];
    if (momentum !== 0) {
      const b = first ? d : momentum * f[bi + i] + (1 - dampening) * d;
      f[bi + i] = b;
      d = nesterov ? d + momentum * b : b;
    }
    f[pi + i] -= lr * d;
  }
}

export function adam(
  heap: Heap,
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
): void {
  const f = heap.f;
  const [pi, gi, mi, vi] = [p, g, m, v].map((x) => floatIndex(heap, x));
  for (let i = 0; i < n; i++) {
    let grad = f[gi + i];
    if (decoupled) f[pi + i] *= 1 - lr * weightDecay;
    else grad += weightDecay * f[pi + i];
    f[mi + i] = beta1 * f[mi + i] + (1 - beta1) * grad;
    f[vi + i] = beta2 * f[vi + i] + (1 - beta2) * grad * grad;
    const denom = Math.sqrt(f[vi + i]) / Math.sqrt(bias2) + eps;
    f[pi + i] -= (lr / bias1) * (f[mi + i] / denom);
  }
}

export function rmsprop(
  heap: Heap,
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
): void {
  const f = heap.f;
  const [pi, gi, si, bi] = [p, g, sq, buf].map((x) => floatIndex(heap, x));
  for (let i = 0; i < n; i++) {
    const grad = f[gi + i] + weightDecay * f[pi + i];
    f[si + i] = alpha * f[si + i] + (1 - alpha) * grad * grad;
    let step = grad / (Math.sqrt(f[si + i]) + eps);
    if (momentum > 0) step = f[bi + i] = momentum * f[bi + i] + step;
    f[pi + i] -= lr * step;
  }
}

export function adadelta(
  heap: Heap,
  p: Ptr,
  g: Ptr,
  sq: Ptr,
  acc: Ptr,
  n: number,
  lr: number,
  rho: number,
  eps: number,
  weightDecay: number,
): void {
  const f = heap.f;
  const [pi, gi, si, ai] = [p, g, sq, acc].map((x) => floatIndex(heap, x));
  for (let i = 0; i < n; i++) {
    const grad = f[gi + i] + weightDecay * f[pi + i];
    f[si + i] = rho * f[si + i] + (1 - rho) * grad * grad;
    const delta = (Math.sqrt(f[ai + i] + eps) / Math.sqrt(f[si + i] + eps)) * grad;
    f[ai + i] = rho * f[ai + i] + (1 - rho) * delta * delta;
    f[pi + i] -= lr * delta;
  }
}
