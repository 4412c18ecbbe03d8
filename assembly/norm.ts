// Batch normalisation over x [n, c, hw] (hw = 1 for [N, C] inputs), per channel c.
// Statistics are two-pass (mean, then squared deviations), accumulated in f64 so that
// large batches lose nothing; the per-element passes are f32x4.

@inline
function offset(i: i32): usize {
  return (<usize>i) << 2;
}

/** Σ over one contiguous run of len floats of (x − shift)^power, power 1 or 2, in f64. */
@inline
function runSum(x: usize, len: i32, shift: f32, square: bool): f64 {
  const vs = f32x4.splat(shift);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const d = f32x4.sub(v128.load(x + offset(j)), vs);
    acc = f32x4.add(acc, square ? f32x4.mul(d, d) : d);
  }
  let s: f64 = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1);
  s += <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  for (; j < len; j++) {
    const d = load<f32>(x + offset(j)) - shift;
    s += <f64>(square ? d * d : d);
  }
  return s;
}

/** y = a·x + b over one contiguous run. */
@inline
function runAffine(x: usize, len: i32, a: f32, b: f32, y: usize): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  let j = 0;
  for (; j + 4 <= len; j += 4)
    v128.store(y + offset(j), f32x4.add(f32x4.mul(va, v128.load(x + offset(j))), vb));
  for (; j < len; j++) store<f32>(y + offset(j), a * load<f32>(x + offset(j)) + b);
}

/** Σ_n Σ_hw of (x − shift)^power for channel ch. */
@inline
function channelSum(x: usize, n: i32, c: i32, hw: i32, ch: i32, shift: f32, square: bool): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += runSum(x + offset((i * c + ch) * hw), hw, shift, square);
  return s;
}

export function batchNormTrain(
  x: usize,
  n: i32,
  c: i32,
  hw: i32,
  gamma: usize,
  beta: usize,
  eps: f32,
  momentum: f32,
  runMean: usize,
  runVar: usize,
  y: usize,
  saveMean: usize,
  saveInvStd: usize,
): void {
  const count = <f64>n * <f64>hw;
  for (let ch = 0; ch < c; ch++) {
    const mean = <f32>(channelSum(x, n, c, hw, ch, 0, false) / count);
    const sumSq = channelSum(x, n, c, hw, ch, mean, true);
    const variance = sumSq / count;
    const invStd = <f32>(1 / Math.sqrt(variance + <f64>eps));
    store<f32>(saveMean + offset(ch), mean);
    store<f32>(saveInvStd + offset(ch), invStd);
    // Running statistics use the unbiased variance, as PyTorch does.
    const unbiased = <f32>(sumSq / (count - 1));
    const rm = runMean + offset(ch);
    const rv = runVar + offset(ch);
    store<f32>(rm, (1 - momentum) * load<f32>(rm) + momentum * mean);
    store<f32>(rv, (1 - momentum) * load<f32>(rv) + momentum * unbiased);
    // y = gamma·(x − mean)·invStd + beta = a·x + b
    const a = load<f32>(gamma + offset(ch)) * invStd;
    const b = load<f32>(beta + offset(ch)) - a * mean;
    for (let i = 0; i < n; i++) {
      const o = offset((i * c + ch) * hw);
      runAffine(x + o, hw, a, b, y + o);
    }
  }
}

export function batchNormEval(
  x: usize,
  n: i32,
  c: i32,
  hw: i32,
  gamma: usize,
  beta: usize,
  runMean: usize,
  runVar: usize,
  eps: f32,
  y: usize,
): void {
  for (let ch = 0; ch < c; ch++) {
    const invStd = <f32>(1 / Math.sqrt(<f64>load<f32>(runVar + offset(ch)) + <f64>eps));
    const a = load<f32>(gamma + offset(ch)) * invStd;
    const b = load<f32>(beta + offset(ch)) - a * load<f32>(runMean + offset(ch));
    for (let i = 0; i < n; i++) {
      const o = offset((i * c + ch) * hw);
      runAffine(x + o, hw, a, b, y + o);
    }
  }
}

export function batchNormBackward(
  x: usize,
  dy: usize,
  n: i32,
  c: i32,
  hw: i32,
  gamma: usize,
  saveMean: usize,
  saveInvStd: usize,
  dx: usize,
  dgamma: usize,
  dbeta: usize,
): void {
  const count = <f64>n * <f64>hw;
  for (let ch = 0; ch < c; ch++) {
    const mean = load<f32>(saveMean + offset(ch));
    const invStd = load<f32>(saveInvStd + offset(ch));
    let sumDy: f64 = 0;
    let sumDyXm: f64 = 0;
    for (let i = 0; i < n; i++) {
      const o = offset((i * c + ch) * hw);
      sumDy += runSum(dy + o, hw, 0, false);
      sumDyXm += dotRun(dy + o, x + o, hw, mean);
    }
    store<f32>(dbeta + offset(ch), <f32>sumDy);
    store<f32>(dgamma + offset(ch), <f32>(sumDyXm * <f64>invStd));
    // dx = gamma·invStd·(dy − mean(dy) − (x − mean)·invStd²·mean(dy·(x − mean)))
    const g = load<f32>(gamma + offset(ch)) * invStd;
    const meanDy = <f32>(sumDy / count);
    const k = <f32>((sumDyXm / count) * <f64>invStd * <f64>invStd);
    const vg = f32x4.splat(g);
    const vmd = f32x4.splat(meanDy);
    const vk = f32x4.splat(k);
    const vm = f32x4.splat(mean);
    for (let i = 0; i < n; i++) {
      const o = offset((i * c + ch) * hw);
      let j = 0;
      for (; j + 4 <= hw; j += 4) {
        const p = o + offset(j);
        const xm = f32x4.sub(v128.load(x + p), vm);
        const inner = f32x4.sub(f32x4.sub(v128.load(dy + p), vmd), f32x4.mul(xm, vk));
        v128.store(dx + p, f32x4.mul(vg, inner));
      }
      for (; j < hw; j++) {
        const p = o + offset(j);
        const xm = load<f32>(x + p) - mean;
        store<f32>(dx + p, g * (load<f32>(dy + p) - meanDy - xm * k));
      }
    }
  }
}

/** Σ u·(v − shift) over one run, in f64. */
@inline
function dotRun(u: usize, v: usize, len: i32, shift: f32): f64 {
  const vs = f32x4.splat(shift);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= len; j += 4)
    acc = f32x4.add(
      acc,
      f32x4.mul(v128.load(u + offset(j)), f32x4.sub(v128.load(v + offset(j)), vs)),
    );
  let s: f64 = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1);
  s += <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  for (; j < len; j++) s += <f64>(load<f32>(u + offset(j)) * (load<f32>(v + offset(j)) - shift));
  return s;
}
