import { Four, One } from './lanes';

// Fused optimizer updates, PyTorch's algorithms (torch.optim, default options), one pass
// over the parameters and their state. Each update is written once over v128 values
// (`…At<W>`) and run four floats at a time, then one at a time for the tail.

@inline
function splat(x: f32): v128 {
  return f32x4.splat(x);
}

@inline
function sgdAt<W>(
  o: usize,
  p: usize,
  g: usize,
  buf: usize,
  lr: f32,
  momentum: f32,
  dampening: f32,
  weightDecay: f32,
  nesterov: i32,
  first: i32,
): void {
  const w = changetype<W>(0);
  const param = w.load(p + o);
  let d = f32x4.add(w.load(g + o), f32x4.mul(splat(weightDecay), param));
  if (momentum != 0) {
    let b = d;
    if (!first) {
      b = f32x4.add(
        f32x4.mul(splat(momentum), w.load(buf + o)),
        f32x4.mul(splat(1 - dampening), d),
      );
    }
    w.store(buf + o, b);
    d = nesterov ? f32x4.add(d, f32x4.mul(splat(momentum), b)) : b;
  }
  w.store(p + o, f32x4.sub(param, f32x4.mul(splat(lr), d)));
}

export function sgd(
  p: usize,
  g: usize,
  buf: usize,
  n: i32,
  lr: f32,
  momentum: f32,
  dampening: f32,
  weightDecay: f32,
  nesterov: i32,
  first: i32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4)
    sgdAt<Four>((<usize>i) << 2, p, g, buf, lr, momentum, dampening, weightDecay, nesterov, first);
  for (; i < n; i++)
    sgdAt<One>((<usize>i) << 2, p, g, buf, lr, momentum, dampening, weightDecay, nesterov, first);
}

@inline
function adamAt<W>(
  o: usize,
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  weightDecay: f32,
  decoupled: i32,
  bias1: f32,
  bias2: f32,
): void {
  const w = changetype<W>(0);
  let param = w.load(p + o);
  let grad = w.load(g + o);
  if (decoupled) param = f32x4.mul(param, splat(1 - lr * weightDecay));
  else grad = f32x4.add(grad, f32x4.mul(splat(weightDecay), param));
  const mt = f32x4.add(f32x4.mul(splat(beta1), w.load(m + o)), f32x4.mul(splat(1 - beta1), grad));
  const vt = f32x4.add(
    f32x4.mul(splat(beta2), w.load(v + o)),
    f32x4.mul(splat(1 - beta2), f32x4.mul(grad, grad)),
  );
  w.store(m + o, mt);
  w.store(v + o, vt);
  // p −= (lr / bias1) · m / (√v / √bias2 + eps)
  const denom = f32x4.add(f32x4.div(f32x4.sqrt(vt), splat(Mathf.sqrt(bias2))), splat(eps));
  w.store(p + o, f32x4.sub(param, f32x4.mul(splat(lr / bias1), f32x4.div(mt, denom))));
}

export function adam(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  weightDecay: f32,
  decoupled: i32,
  bias1: f32,
  bias2: f32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4)
    adamAt<Four>(
      (<usize>i) << 2,
      p,
      g,
      m,
      v,
      lr,
      beta1,
      beta2,
      eps,
      weightDecay,
      decoupled,
      bias1,
      bias2,
    );
  for (; i < n; i++)
    adamAt<One>(
      (<usize>i) << 2,
      p,
      g,
      m,
      v,
      lr,
      beta1,
      beta2,
      eps,
      weightDecay,
      decoupled,
      bias1,
      bias2,
    );
}

@inline
function rmspropAt<W>(
  o: usize,
  p: usize,
  g: usize,
  sq: usize,
  buf: usize,
  lr: f32,
  alpha: f32,
  eps: f32,
  weightDecay: f32,
  momentum: f32,
): void {
  const w = changetype<W>(0);
  const param = w.load(p + o);
  const grad = f32x4.add(w.load(g + o), f32x4.mul(splat(weightDecay), param));
  const s = f32x4.add(
    f32x4.mul(splat(alpha), w.load(sq + o)),
    f32x4.mul(splat(1 - alpha), f32x4.mul(grad, grad)),
  );
  w.store(sq + o, s);
  let step = f32x4.div(grad, f32x4.add(f32x4.sqrt(s), splat(eps)));
  if (momentum > 0) {
    step = f32x4.add(f32x4.mul(splat(momentum), w.load(buf + o)), step);
    w.store(buf + o, step);
  }
  w.store(p + o, f32x4.sub(param, f32x4.mul(splat(lr), step)));
}

export function rmsprop(
  p: usize,
  g: usize,
  sq: usize,
  buf: usize,
  n: i32,
  lr: f32,
  alpha: f32,
  eps: f32,
  weightDecay: f32,
  momentum: f32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4)
    rmspropAt<Four>((<usize>i) << 2, p, g, sq, buf, lr, alpha, eps, weightDecay, momentum);
  for (; i < n; i++)
    rmspropAt<One>((<usize>i) << 2, p, g, sq, buf, lr, alpha, eps, weightDecay, momentum);
}

@inline
function adadeltaAt<W>(
  o: usize,
  p: usize,
  g: usize,
  sq: usize,
  acc: usize,
  lr: f32,
  rho: f32,
  eps: f32,
  weightDecay: f32,
): void {
  const w = changetype<W>(0);
  const param = w.load(p + o);
  const grad = f32x4.add(w.load(g + o), f32x4.mul(splat(weightDecay), param));
  const s = f32x4.add(
    f32x4.mul(splat(rho), w.load(sq + o)),
    f32x4.mul(splat(1 - rho), f32x4.mul(grad, grad)),
  );
  const a = w.load(acc + o);
  const delta = f32x4.mul(
    f32x4.div(f32x4.sqrt(f32x4.add(a, splat(eps))), f32x4.sqrt(f32x4.add(s, splat(eps)))),
    grad,
  );
  w.store(sq + o, s);
  w.store(
    acc + o,
    f32x4.add(f32x4.mul(splat(rho), a), f32x4.mul(splat(1 - rho), f32x4.mul(delta, delta))),
  );
  w.store(p + o, f32x4.sub(param, f32x4.mul(splat(lr), delta)));
}

export function adadelta(
  p: usize,
  g: usize,
  sq: usize,
  acc: usize,
  n: i32,
  lr: f32,
  rho: f32,
  eps: f32,
  weightDecay: f32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4)
    adadeltaAt<Four>((<usize>i) << 2, p, g, sq, acc, lr, rho, eps, weightDecay);
  for (; i < n; i++) adadeltaAt<One>((<usize>i) << 2, p, g, sq, acc, lr, rho, eps, weightDecay);
}
