// One row of the SVM dual's matrix Q (src/svm/smo.ts): out[j] = s_i·s_j·K(x_i, x_j) for j in
// [start, end), with the kernels of src/svm/kernels.ts (0 linear ⟨x, z⟩, 1 rbf
// exp(−γ‖x − z‖²), 2 poly (γ⟨x, z⟩ + coef0)^degree, 3 sigmoid tanh(γ⟨x, z⟩ + coef0)).
//
// The rows are stored feature-major, xt [d, n], so that four consecutive j are one f32x4 load
// per feature: the sums run four columns at a time, in float64 (two f64x2 per load) as the
// reference does, then the scalar map and the signs. rbf sums (x − z)² directly rather than
// ‖x‖² + ‖z‖² − 2⟨x, z⟩, which cancels for close points.

const RBF = 1;
const POLY = 2;
const SIGMOID = 3;

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.6931471803691238; // ln 2 in two parts, so that k·LN2_HI is exact
const LN2_LO = 1.9082149292705877e-10;

@inline
function splat(x: f64): v128 {
  return f64x2.splat(x);
}

/**
 * e^x for two lanes, to about 1e-11 relative (the rows are stored as f32, whose rounding is
 * 6e-8): x = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial to r¹⁰ (Horner),
 * 2^k put in the exponent bits. x is clamped to [−708, 709], so far below that the result
 * is e^−708 (0 once stored as f32). Two lanes at once and no libm call: several times
 * faster than Math.exp, which was most of an RBF row's time.
 */
@inline
function expLanes(x: v128): v128 {
  x = f64x2.pmin(f64x2.pmax(x, splat(-708)), splat(709));
  const k = f64x2.nearest(f64x2.mul(x, splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, splat(LN2_HI))), f64x2.mul(k, splat(LN2_LO)));
  let p = splat(1.0 / 3628800);
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 362880));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 40320));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 5040));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 720));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 120));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 24));
  p = f64x2.add(f64x2.mul(p, r), splat(1.0 / 6));
  p = f64x2.add(f64x2.mul(p, r), splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), splat(1));
  p = f64x2.add(f64x2.mul(p, r), splat(1));
  const exponent = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  return f64x2.mul(p, i64x2.shl(i64x2.add(exponent, i64x2.splat(1023)), 52));
}

/**
 * tanh x = 1 − 2 / (e^{2|x|} + 1), with the sign of x; its absolute error (~1e-16) is small
 * against |x| down to 1e-4, below which x − x³/3 is exact to f64.
 */
@inline
function tanhLanes(x: v128): v128 {
  const a = f64x2.abs(x);
  const big = f64x2.sub(
    splat(1),
    f64x2.div(splat(2), f64x2.add(expLanes(f64x2.add(a, a)), splat(1))),
  );
  const signed = v128.or(big, v128.and(x, i64x2.splat(i64.MIN_VALUE))); // big ≥ 0: take x's sign
  const small = f64x2.sub(x, f64x2.div(f64x2.mul(f64x2.mul(x, x), x), splat(3)));
  return v128.bitselect(small, signed, f64x2.lt(a, splat(1e-4)));
}

/** b^e lane by lane for an integer e ≥ 0, by squaring. */
@inline
function powiLanes(b: v128, e: i32): v128 {
  let r = splat(1);
  for (; e > 0; e >>= 1, b = f64x2.mul(b, b)) if (e & 1) r = f64x2.mul(r, b);
  return r;
}

// One class per kernel, so that each gets its own loop (the switch stays outside it; a
// branch inside would be turned into selects that evaluate every kernel's map). `map` takes
// two sums at once (f64x2) and returns the two kernel values.

@final
class Linear {
  @inline distance(): bool {
    return false;
  }
  @inline map(s: v128, _gamma: f64, _coef0: f64, _degree: i32): v128 {
    return s;
  }
}

@final
class Rbf {
  @inline distance(): bool {
    return true;
  }
  @inline map(s: v128, gamma: f64, _coef0: f64, _degree: i32): v128 {
    return expLanes(f64x2.mul(s, splat(-gamma)));
  }
}

@final
class Poly {
  @inline distance(): bool {
    return false;
  }
  @inline map(s: v128, gamma: f64, coef0: f64, degree: i32): v128 {
    return powiLanes(f64x2.add(f64x2.mul(s, splat(gamma)), splat(coef0)), degree);
  }
}

@final
class Sigmoid {
  @inline distance(): bool {
    return false;
  }
  @inline map(s: v128, gamma: f64, coef0: f64, _degree: i32): v128 {
    return tanhLanes(f64x2.add(f64x2.mul(s, splat(gamma)), splat(coef0)));
  }
}

export function svmKernelRow(
  kernel: i32,
  gamma: f64,
  coef0: f64,
  degree: i32,
  xt: usize,
  signs: usize,
  n: i32,
  d: i32,
  i: i32,
  start: i32,
  end: i32,
  out: usize,
): void {
  if (kernel == RBF) rowOf<Rbf>(gamma, coef0, degree, xt, signs, n, d, i, start, end, out);
  else if (kernel == POLY) rowOf<Poly>(gamma, coef0, degree, xt, signs, n, d, i, start, end, out);
  else if (kernel == SIGMOID)
    rowOf<Sigmoid>(gamma, coef0, degree, xt, signs, n, d, i, start, end, out);
  else rowOf<Linear>(gamma, coef0, degree, xt, signs, n, d, i, start, end, out);
}

/** Stores s_i·s_j·K for two columns j, j + 1 at out[j] (as f32). */
@inline
function storeTwo(k: v128, si: v128, signs: usize, out: usize): void {
  const sj = f64x2.promote_low_f32x4(v128.load64_zero(signs));
  v128.store64_lane(out, f32x4.demote_f64x2_zero(f64x2.mul(f64x2.mul(si, sj), k)), 0);
}

function rowOf<K>(
  gamma: f64,
  coef0: f64,
  degree: i32,
  xt: usize,
  signs: usize,
  n: i32,
  d: i32,
  i: i32,
  start: i32,
  end: i32,
  out: usize,
): void {
  const kernel = changetype<K>(0);
  const rowBytes = (<usize>n) << 2;
  const si = splat(<f64>load<f32>(signs + ((<usize>i) << 2)));
  let j = start;
  for (; j + 4 <= end; j += 4) {
    let lo = splat(0);
    let hi = splat(0);
    let column = xt + ((<usize>j) << 2);
    let mine = xt + ((<usize>i) << 2);
    for (let f = 0; f < d; f++, column += rowBytes, mine += rowBytes) {
      const v = v128.load(column);
      const a = splat(<f64>load<f32>(mine));
      let vLo = f64x2.promote_low_f32x4(v);
      let vHi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
      if (kernel.distance()) {
        vLo = f64x2.sub(vLo, a);
        vHi = f64x2.sub(vHi, a);
        lo = f64x2.add(lo, f64x2.mul(vLo, vLo));
        hi = f64x2.add(hi, f64x2.mul(vHi, vHi));
      } else {
        lo = f64x2.add(lo, f64x2.mul(a, vLo));
        hi = f64x2.add(hi, f64x2.mul(a, vHi));
      }
    }
    const o = (<usize>j) << 2;
    storeTwo(kernel.map(lo, gamma, coef0, degree), si, signs + o, out + o);
    storeTwo(kernel.map(hi, gamma, coef0, degree), si, signs + o + 8, out + o + 8);
  }
  // The tail, one column at a time in lane 0: the same arithmetic as the columns above.
  for (; j < end; j++) {
    let sum = 0.0;
    let column = xt + ((<usize>j) << 2);
    let mine = xt + ((<usize>i) << 2);
    for (let f = 0; f < d; f++, column += rowBytes, mine += rowBytes) {
      const v = <f64>load<f32>(column);
      const a = <f64>load<f32>(mine);
      sum += kernel.distance() ? (v - a) * (v - a) : a * v;
    }
    const q = f64x2.mul(kernel.map(splat(sum), gamma, coef0, degree), si);
    const sj = <f64>load<f32>(signs + ((<usize>j) << 2));
    store<f32>(out + ((<usize>j) << 2), <f32>(f64x2.extract_lane(q, 0) * sj));
  }
}
