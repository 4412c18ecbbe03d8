import { exp4 } from './math';

// Each kernel is one loop shape (map or zip) instantiated with an operation class.
// The class is a zero-size tag: `changetype<Op>(0)` gives an instance whose @inline
// methods the compiler pastes into the loop, so there is no indirect call.

@inline
function map<Op>(x: usize, n: i32, y: usize): void {
  const op = changetype<Op>(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, op.vec(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(y + o, f32x4.extract_lane(op.vec(f32x4.splat(load<f32>(x + o))), 0));
  }
}

@inline
function zip<Op>(a: usize, b: usize, n: i32, y: usize): void {
  const op = changetype<Op>(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, op.vec(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const r = op.vec(f32x4.splat(load<f32>(a + o)), f32x4.splat(load<f32>(b + o)));
    store<f32>(y + o, f32x4.extract_lane(r, 0));
  }
}

@final
class Relu {
  @inline vec(x: v128): v128 {
    return f32x4.max(x, f32x4.splat(0));
  }
}
@final
class ReluGrad {
  @inline vec(x: v128, dy: v128): v128 {
    return v128.and(dy, f32x4.gt(x, f32x4.splat(0)));
  }
}
@final
class Sigmoid {
  @inline vec(x: v128): v128 {
    // 1 / (1 + e^-x): e^-x overflows to +inf-like values only where the result is 0 anyway.
    return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(x))));
  }
}
@final
class SigmoidGrad {
  @inline vec(y: v128, dy: v128): v128 {
    return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(f32x4.splat(1), y)));
  }
}
@final
class Tanh {
  @inline vec(x: v128): v128 {
    // Large |x|: sign(x)·(1 − 2/(e^{2|x|} + 1)); small |x|: an odd polynomial, which keeps
    // full relative precision where 1 − 2/(…) would cancel.
    const ax = f32x4.abs(x);
    const e = exp4(f32x4.add(ax, ax));
    const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
    const signed = v128.or(big, v128.and(x, f32x4.splat(-0.0)));
    const z = f32x4.mul(x, x);
    let p = f32x4.splat(-5.70498872745e-3);
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
    const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
    return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
  }
}
@final
class TanhGrad {
  @inline vec(y: v128, dy: v128): v128 {
    return f32x4.mul(dy, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
  }
}
@final
class Add {
  @inline vec(a: v128, b: v128): v128 {
    return f32x4.add(a, b);
  }
}
@final
class Sub {
  @inline vec(a: v128, b: v128): v128 {
    return f32x4.sub(a, b);
  }
}
@final
class Mul {
  @inline vec(a: v128, b: v128): v128 {
    return f32x4.mul(a, b);
  }
}
@final
class Div {
  @inline vec(a: v128, b: v128): v128 {
    return f32x4.div(a, b);
  }
}

export function relu(x: usize, n: i32, y: usize): void {
  map<Relu>(x, n, y);
}
export function reluBackward(x: usize, dy: usize, n: i32, dx: usize): void {
  zip<ReluGrad>(x, dy, n, dx);
}
export function sigmoid(x: usize, n: i32, y: usize): void {
  map<Sigmoid>(x, n, y);
}
export function sigmoidBackward(y: usize, dy: usize, n: i32, dx: usize): void {
  zip<SigmoidGrad>(y, dy, n, dx);
}
export function tanh(x: usize, n: i32, y: usize): void {
  map<Tanh>(x, n, y);
}
export function tanhBackward(y: usize, dy: usize, n: i32, dx: usize): void {
  zip<TanhGrad>(y, dy, n, dx);
}
export function add(a: usize, b: usize, n: i32, y: usize): void {
  zip<Add>(a, b, n, y);
}
export function sub(a: usize, b: usize, n: i32, y: usize): void {
  zip<Sub>(a, b, n, y);
}
export function mul(a: usize, b: usize, n: i32, y: usize): void {
  zip<Mul>(a, b, n, y);
}
export function div(a: usize, b: usize, n: i32, y: usize): void {
  zip<Div>(a, b, n, y);
}

/** y = alpha·x */
export function scale(x: usize, alpha: f32, n: i32, y: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, f32x4.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(y + o, alpha * load<f32>(x + o));
  }
}

/** y += alpha·x */
export function axpy(alpha: f32, x: usize, n: i32, y: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(va, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

/** y[r, :] = x[r, :] + v */
export function addRowVector(x: usize, v: usize, rows: i32, cols: i32, y: usize): void {
  const rowBytes = (<usize>cols) << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * rowBytes;
    zip<Add>(x + o, v, cols, y + o);
  }
}

/** y[i] = value */
export function fill(y: usize, value: f32, n: i32): void {
  const vv = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + ((<usize>i) << 2), vv);
  for (; i < n; i++) store<f32>(y + ((<usize>i) << 2), value);
}
