import { Four, One } from './lanes';
import { exp4 } from './math';

// Row-wise softmax family over [rows, cols], max-subtracted so that no exp overflows.
// Every row walks its columns four at a time; the tail reuses the vector arithmetic on a
// splat, so a value's result never depends on its column's position.

@inline
function offset(i: i32): usize {
  return (<usize>i) << 2;
}

/** max of a row. */
@inline
function rowMax(x: usize, cols: i32): f32 {
  let vm = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= cols; j += 4) vm = f32x4.max(vm, v128.load(x + offset(j)));
  let m = max(
    max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)),
    max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)),
  );
  for (; j < cols; j++) m = max(m, load<f32>(x + offset(j)));
  return m;
}

/** Σ_j e^(x_j − shift); also writes e^(x_j − shift) to `out` unless out is 0. */
@inline
function sumExp(x: usize, cols: i32, shift: f32, out: usize): f32 {
  const vs = f32x4.splat(shift);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const e = exp4(f32x4.sub(v128.load(x + offset(j)), vs));
    if (out) v128.store(out + offset(j), e);
    acc = f32x4.add(acc, e);
  }
  let s =
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < cols; j++) {
    const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(x + offset(j)) - shift)), 0);
    if (out) store<f32>(out + offset(j), e);
    s += e;
  }
  return s;
}

/** y_j = a·x_j + b (y may equal x). */
@inline
function affineRow(x: usize, cols: i32, a: f32, b: f32, y: usize): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  let j = 0;
  for (; j + 4 <= cols; j += 4)
    v128.store(y + offset(j), f32x4.add(f32x4.mul(va, v128.load(x + offset(j))), vb));
  for (; j < cols; j++) store<f32>(y + offset(j), a * load<f32>(x + offset(j)) + b);
}

/** Σ_j u_j·v_j, or Σ_j u_j when v is 0. */
@inline
function rowDot(u: usize, v: usize, cols: i32): f32 {
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const a = v128.load(u + offset(j));
    acc = f32x4.add(acc, v ? f32x4.mul(a, v128.load(v + offset(j))) : a);
  }
  let s =
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < cols; j++)
    s += v ? load<f32>(u + offset(j)) * load<f32>(v + offset(j)) : load<f32>(u + offset(j));
  return s;
}

export function softmaxCrossEntropy(
  logits: usize,
  labels: usize,
  b: i32,
  c: i32,
  dlogits: usize,
): f32 {
  const invB: f32 = 1 / <f32>b;
  let total: f64 = 0;
  for (let r = 0; r < b; r++) {
    const x = logits + offset(r * c);
    const label = load<i32>(labels + offset(r));
    const m = rowMax(x, c);
    const g = dlogits ? dlogits + offset(r * c) : 0;
    const s = sumExp(x, c, m, g);
    total += <f64>m + Math.log(<f64>s) - <f64>load<f32>(x + offset(label));
    if (g) {
      // dlogits = (softmax − onehot) / b
      affineRow(g, c, invB / s, 0, g);
      store<f32>(g + offset(label), load<f32>(g + offset(label)) - invB);
    }
  }
  return <f32>(total / <f64>b);
}

export function softmaxCrossEntropySoft(
  logits: usize,
  targets: usize,
  b: i32,
  c: i32,
  dlogits: usize,
): f32 {
  const invB: f32 = 1 / <f32>b;
  let total: f64 = 0;
  for (let r = 0; r < b; r++) {
    const x = logits + offset(r * c);
    const t = targets + offset(r * c);
    const m = rowMax(x, c);
    const g = dlogits ? dlogits + offset(r * c) : 0;
    const s = sumExp(x, c, m, g);
    const tSum = rowDot(t, 0, c);
    // −Σ t·(x − lse) = lse·Σt − Σ t·x
    total += (<f64>m + Math.log(<f64>s)) * <f64>tSum - <f64>rowDot(t, x, c);
    if (g) {
      // d/dx = (softmax·Σt − t) / b
      const scale = (invB * tSum) / s;
      const vs = f32x4.splat(scale);
      const vb = f32x4.splat(invB);
      let j = 0;
      for (; j + 4 <= c; j += 4) {
        const o = offset(j);
        v128.store(
          g + o,
          f32x4.sub(f32x4.mul(vs, v128.load(g + o)), f32x4.mul(vb, v128.load(t + o))),
        );
      }
      for (; j < c; j++)
        store<f32>(
          g + offset(j),
          scale * load<f32>(g + offset(j)) - invB * load<f32>(t + offset(j)),
        );
    }
  }
  return <f32>(total / <f64>b);
}

export function softmax(x: usize, rows: i32, cols: i32, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + offset(r * cols);
    const yr = y + offset(r * cols);
    const s = sumExp(xr, cols, rowMax(xr, cols), yr);
    affineRow(yr, cols, 1 / s, 0, yr);
  }
}

export function logSoftmax(x: usize, rows: i32, cols: i32, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + offset(r * cols);
    const yr = y + offset(r * cols);
    // (x − max) − log Σ: subtracting the max first keeps y exact near 0 for large logits.
    const m = rowMax(xr, cols);
    const vm = f32x4.splat(m);
    const vl = f32x4.splat(<f32>Math.log(<f64>sumExp(xr, cols, m, 0)));
    let j = 0;
    for (; j + 4 <= cols; j += 4)
      v128.store(yr + offset(j), f32x4.sub(f32x4.sub(v128.load(xr + offset(j)), vm), vl));
    for (; j < cols; j++) {
      const v = f32x4.sub(f32x4.sub(f32x4.splat(load<f32>(xr + offset(j))), vm), vl);
      store<f32>(yr + offset(j), f32x4.extract_lane(v, 0));
    }
  }
}

export function softmaxBackward(y: usize, dy: usize, rows: i32, cols: i32, dx: usize): void {
  for (let r = 0; r < rows; r++) {
    const o = offset(r * cols);
    // dx = y ⊙ (dy − ⟨dy, y⟩)
    const d = f32x4.splat(rowDot(dy + o, y + o, cols));
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const k = o + offset(j);
      v128.store(dx + k, f32x4.mul(v128.load(y + k), f32x4.sub(v128.load(dy + k), d)));
    }
    for (; j < cols; j++) {
      const k = o + offset(j);
      store<f32>(dx + k, load<f32>(y + k) * (load<f32>(dy + k) - f32x4.extract_lane(d, 0)));
    }
  }
}

export function logSoftmaxBackward(y: usize, dy: usize, rows: i32, cols: i32, dx: usize): void {
  for (let r = 0; r < rows; r++) {
    const o = offset(r * cols);
    // dx = dy − softmax·Σdy, softmax = e^y
    const total = f32x4.splat(rowDot(dy + o, 0, cols));
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const k = o + offset(j);
      v128.store(dx + k, f32x4.sub(v128.load(dy + k), f32x4.mul(exp4(v128.load(y + k)), total)));
    }
    for (; j < cols; j++) {
      const k = o + offset(j);
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(y + k))), 0);
      store<f32>(dx + k, load<f32>(dy + k) - e * f32x4.extract_lane(total, 0));
    }
  }
}

/** log(1 + e) for e in [0, 1] on four lanes, as 2·atanh(s) with s = e/(2 + e) ≤ 1/3 by its odd
 * series up to s¹³ (truncation below 2⁻²⁶ relative): exact near e = 0, where 1 + e would round. */
@inline
function log1pUnit4(e: v128): v128 {
  const s = f32x4.div(e, f32x4.add(f32x4.splat(2), e));
  const z = f32x4.mul(s, s);
  let p = f32x4.splat(2.0 / 13);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.0 / 11));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.0 / 9));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.0 / 7));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.0 / 5));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.0 / 3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2));
  return f32x4.mul(p, s);
}

/** Per-element binary cross-entropy with logits at byte offset o (four lanes, or lane 0 alone):
 * writes (sigmoid(x) − t)·invN to dlogits unless it is 0, returns the losses. Everything goes
 * through e = e^(−|x|) ≤ 1, so no lane overflows, whatever |x|. */
@inline
function binaryCrossEntropy<Width>(
  logits: usize,
  targets: usize,
  dlogits: usize,
  o: usize,
  invN: v128,
): v128 {
  const w = changetype<Width>(0);
  const x = w.load(logits + o);
  const t = w.load(targets + o);
  const one = f32x4.splat(1);
  const e = exp4(f32x4.neg(f32x4.abs(x)));
  const positive = f32x4.ge(x, f32x4.splat(0));
  const r = f32x4.div(one, f32x4.add(one, e));
  if (dlogits) {
    const sigmoid = v128.bitselect(r, f32x4.mul(e, r), positive);
    w.store(dlogits + o, f32x4.mul(f32x4.sub(sigmoid, t), invN));
  }
  // max(x, 0) − x·t as one product that is never negative for t in [0, 1]: x·(1 − t) for
  // x ≥ 0, −x·t below; so the loss is a sum of non-negative terms and nothing cancels.
  const linear = f32x4.mul(x, v128.bitselect(f32x4.sub(one, t), f32x4.neg(t), positive));
  return f32x4.add(linear, log1pUnit4(e));
}

export function sigmoidCrossEntropy(logits: usize, targets: usize, n: i32, dlogits: usize): f64 {
  const invN = f32x4.splat(1 / <f32>n);
  // The losses add up in f64 (two f64x2 accumulators), in a fixed order.
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const l = binaryCrossEntropy<Four>(logits, targets, dlogits, offset(i), invN);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(l));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(l, l, 2, 3, 0, 1)));
  }
  const both = f64x2.add(lo, hi);
  let total = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) {
    total += <f64>(
      f32x4.extract_lane(binaryCrossEntropy<One>(logits, targets, dlogits, offset(i), invN), 0)
    );
  }
  return total / <f64>n;
}
