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
  let m = max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
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
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
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
  for (; j + 4 <= cols; j += 4) v128.store(y + offset(j), f32x4.add(f32x4.mul(va, v128.load(x + offset(j))), vb));
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
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < cols; j++) s += v ? load<f32>(u + offset(j)) * load<f32>(v + offset(j)) : load<f32>(u + offset(j));
  return s;
}

export function softmaxCrossEntropy(logits: usize, labels: usize, b: i32, c: i32, dlogits: usize): f32 {
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

export function softmaxCrossEntropySoft(logits: usize, targets: usize, b: i32, c: i32, dlogits: usize): f32 {
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
        v128.store(g + o, f32x4.sub(f32x4.mul(vs, v128.load(g + o)), f32x4.mul(vb, v128.load(t + o))));
      }
      for (; j < c; j++) store<f32>(g + offset(j), scale * load<f32>(g + offset(j)) - invB * load<f32>(t + offset(j)));
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
    for (; j + 4 <= cols; j += 4) v128.store(yr + offset(j), f32x4.sub(f32x4.sub(v128.load(xr + offset(j)), vm), vl));
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

/**
 * Binary cross-entropy with logits over n independent elements, averaged: per element
 * max(x, 0) − x·t + log(1 + e^−|x|), which never overflows; dlogits = (σ(x) − t)/n.
 */
export function sigmoidCrossEntropy(logits: usize, targets: usize, n: i32, dlogits: usize): f32 {
  const invN: f32 = 1 / <f32>n;
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f32>(logits + offset(i));
    const t = load<f32>(targets + offset(i));
    const e = f32x4.extract_lane(exp4(f32x4.splat(-abs(x))), 0); // e^−|x| ∈ (0, 1]
    total += <f64>max(x, 0) - <f64>x * <f64>t + Math.log1p(<f64>e);
    if (dlogits) {
      const sigmoid: f32 = x >= 0 ? 1 / (1 + e) : e / (1 + e);
      store<f32>(dlogits + offset(i), (sigmoid - t) * invN);
    }
  }
  return <f32>(total / <f64>n);
}
