// The two passes of an SMO iteration over the active set (src/svm/smo.ts): the working-set
// selection (WSS3) and the gradient update. The solver's state sits in its backend's memory:
// the gradient G and the diagonal QD as f64, the labels as f32 ±1, and the membership of
// I_up and I_low as i32 masks (−1 member, 0 not). Two variables per f64x2; each lane keeps
// its own best and the lanes are merged at the end, ties going to the larger index, so the
// pick is the sequential loop's (last best wins) bit for bit.

const TAU = 1e-12;

@inline
function lanes64(mask: usize, t: i32): v128 {
  return i64x2.extend_low_i32x4_s(v128.load64_zero(mask + ((<usize>t) << 2)));
}

@inline
function signs64(signs: usize, t: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(signs + ((<usize>t) << 2)));
}

/** Of two lanes (value, index), the better one: larger (`max`) or smaller value, ties to the larger index. */
@inline
function merge(value: v128, index: v128, max: bool): i32 {
  const v0 = f64x2.extract_lane(value, 0);
  const v1 = f64x2.extract_lane(value, 1);
  const i0 = <i32>i64x2.extract_lane(index, 0);
  const i1 = <i32>i64x2.extract_lane(index, 1);
  if (i0 < 0) return i1;
  if (i1 < 0) return i0;
  if (v0 == v1) return max_(i0, i1);
  return (max ? v0 > v1 : v0 < v1) ? i0 : i1;
}

@inline
function max_(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

/** −y_t G_t, as the lanes compute it. */
@inline
function violation(t: i32, G: usize, signs: usize): f64 {
  return -(<f64>load<f32>(signs + ((<usize>t) << 2)) * load<f64>(G + ((<usize>t) << 3)));
}

@inline
function violations(t: i32, G: usize, signs: usize): v128 {
  return f64x2.neg(f64x2.mul(signs64(signs, t), v128.load(G + ((<usize>t) << 3))));
}

/** Of two candidates (−1: none) scored by `score`, the better (larger or smaller), ties to the larger index. */
@inline
function better(a: i32, sa: f64, b: i32, sb: f64, max: bool): i32 {
  if (a < 0) return b;
  if (b < 0) return a;
  if (sa == sb) return max_(a, b);
  return (max ? sa > sb : sa < sb) ? a : b;
}

// The loops below keep two accumulators (pairs t, t + 1 and t + 2, t + 3): each best
// depends on the one before it through a compare and a select, and two chains run twice
// as fast as one.

/** i = argmax { −y_t G_t : t ∈ I_up, t < active } (the last of equals), −1 when I_up is empty. */
export function smoSelectUp(active: i32, G: usize, signs: usize, up: usize): i32 {
  let best0 = f64x2.splat(-Infinity);
  let best1 = f64x2.splat(-Infinity);
  let at0 = i64x2.splat(-1);
  let at1 = i64x2.splat(-1);
  let index = i64x2.replace_lane(i64x2.splat(0), 1, 1);
  const two = i64x2.splat(2);
  const four = i64x2.splat(4);
  let t = 0;
  for (; t + 4 <= active; t += 4, index = i64x2.add(index, four)) {
    const v0 = violations(t, G, signs);
    const v1 = violations(t + 2, G, signs);
    const take0 = v128.and(lanes64(up, t), f64x2.ge(v0, best0));
    const take1 = v128.and(lanes64(up, t + 2), f64x2.ge(v1, best1));
    best0 = v128.bitselect(v0, best0, take0);
    best1 = v128.bitselect(v1, best1, take1);
    at0 = v128.bitselect(index, at0, take0);
    at1 = v128.bitselect(i64x2.add(index, two), at1, take1);
  }
  if (t + 2 <= active) {
    const v0 = violations(t, G, signs);
    const take0 = v128.and(lanes64(up, t), f64x2.ge(v0, best0));
    best0 = v128.bitselect(v0, best0, take0);
    at0 = v128.bitselect(index, at0, take0);
    t += 2;
  }
  const i0 = merge(best0, at0, true);
  const i1 = merge(best1, at1, true);
  let i = better(
    i0,
    i0 < 0 ? 0 : violation(i0, G, signs),
    i1,
    i1 < 0 ? 0 : violation(i1, G, signs),
    true,
  );
  let gMax = i < 0 ? -Infinity : violation(i, G, signs);
  for (; t < active; t++) {
    if (load<i32>(up + ((<usize>t) << 2)) == 0) continue;
    const v = violation(t, G, signs);
    if (v >= gMax) {
      gMax = v;
      i = t;
    }
  }
  return i;
}

/**
 * j = argmin { −b_it² / a_it : t ∈ I_low, t < active, b_it = gMax + y_t G_t > 0 } with
 * a_it = QD_i + QD_t − 2 y_i y_t Q_it (TAU when ≤ 0), the last of equals, −1 when none;
 * Q_i is row i of the dual's matrix (f32). Stores max { y_t G_t : t ∈ I_low } (−∞ when I_low
 * is empty) as f64 at `gMax2`.
 */
export function smoSelectLow(
  active: i32,
  i: i32,
  gMax: f64,
  G: usize,
  QD: usize,
  signs: usize,
  low: usize,
  Qi: usize,
  gMax2: usize,
): i32 {
  const qdI = f64x2.splat(load<f64>(QD + ((<usize>i) << 3)));
  const yI2 = f64x2.splat(2 * <f64>load<f32>(signs + ((<usize>i) << 2)));
  const g = f64x2.splat(gMax);
  let m0 = f64x2.splat(-Infinity);
  let m1 = f64x2.splat(-Infinity);
  let best0 = f64x2.splat(Infinity);
  let best1 = f64x2.splat(Infinity);
  let at0 = i64x2.splat(-1);
  let at1 = i64x2.splat(-1);
  let index = i64x2.replace_lane(i64x2.splat(0), 1, 1);
  const two = i64x2.splat(2);
  const four = i64x2.splat(4);
  let t = 0;
  for (; t + 4 <= active; t += 4, index = i64x2.add(index, four)) {
    const member0 = lanes64(low, t);
    const member1 = lanes64(low, t + 2);
    const yG0 = lowViolations(t, G, signs);
    const yG1 = lowViolations(t + 2, G, signs);
    m0 = v128.bitselect(f64x2.pmax(m0, yG0), m0, member0);
    m1 = v128.bitselect(f64x2.pmax(m1, yG1), m1, member1);
    const b0 = f64x2.add(g, yG0);
    const b1 = f64x2.add(g, yG1);
    const obj0 = objectives(t, b0, qdI, yI2, QD, signs, Qi);
    const obj1 = objectives(t + 2, b1, qdI, yI2, QD, signs, Qi);
    const zero = f64x2.splat(0);
    const take0 = v128.and(v128.and(member0, f64x2.gt(b0, zero)), f64x2.le(obj0, best0));
    const take1 = v128.and(v128.and(member1, f64x2.gt(b1, zero)), f64x2.le(obj1, best1));
    best0 = v128.bitselect(obj0, best0, take0);
    best1 = v128.bitselect(obj1, best1, take1);
    at0 = v128.bitselect(index, at0, take0);
    at1 = v128.bitselect(i64x2.add(index, two), at1, take1);
  }
  if (t + 2 <= active) {
    const member0 = lanes64(low, t);
    const yG0 = lowViolations(t, G, signs);
    m0 = v128.bitselect(f64x2.pmax(m0, yG0), m0, member0);
    const b0 = f64x2.add(g, yG0);
    const obj0 = objectives(t, b0, qdI, yI2, QD, signs, Qi);
    const take0 = v128.and(v128.and(member0, f64x2.gt(b0, f64x2.splat(0))), f64x2.le(obj0, best0));
    best0 = v128.bitselect(obj0, best0, take0);
    at0 = v128.bitselect(index, at0, take0);
    t += 2;
  }
  const j0 = merge(best0, at0, false);
  const j1 = merge(best1, at1, false);
  const s0 = j0 < 0 ? 0 : objective(j0, i, gMax, G, QD, signs, Qi);
  const s1 = j1 < 0 ? 0 : objective(j1, i, gMax, G, QD, signs, Qi);
  let j = better(j0, s0, j1, s1, false);
  let bestObj = j < 0 ? Infinity : objective(j, i, gMax, G, QD, signs, Qi);
  const m = f64x2.pmax(m0, m1);
  let max2 = f64x2.extract_lane(m, 0);
  const other = f64x2.extract_lane(m, 1);
  if (other > max2) max2 = other;
  for (; t < active; t++) {
    if (load<i32>(low + ((<usize>t) << 2)) == 0) continue;
    const yG = <f64>load<f32>(signs + ((<usize>t) << 2)) * load<f64>(G + ((<usize>t) << 3));
    if (yG >= max2) max2 = yG;
    if (gMax + yG > 0) {
      const obj = objective(t, i, gMax, G, QD, signs, Qi);
      if (obj <= bestObj) {
        bestObj = obj;
        j = t;
      }
    }
  }
  store<f64>(gMax2, max2);
  return j;
}

/** y_t G_t for two t. */
@inline
function lowViolations(t: i32, G: usize, signs: usize): v128 {
  return f64x2.mul(signs64(signs, t), v128.load(G + ((<usize>t) << 3)));
}

/** −b²/a for two t (a = QD_i + QD_t − 2 y_i y_t Q_it, TAU when ≤ 0). */
@inline
function objectives(
  t: i32,
  b: v128,
  qdI: v128,
  yI2: v128,
  QD: usize,
  signs: usize,
  Qi: usize,
): v128 {
  const q = f64x2.promote_low_f32x4(v128.load64_zero(Qi + ((<usize>t) << 2)));
  let a = f64x2.sub(
    f64x2.add(qdI, v128.load(QD + ((<usize>t) << 3))),
    f64x2.mul(f64x2.mul(yI2, signs64(signs, t)), q),
  );
  a = v128.bitselect(f64x2.splat(TAU), a, f64x2.le(a, f64x2.splat(0)));
  return f64x2.div(f64x2.neg(f64x2.mul(b, b)), a);
}

/** −b_it² / a_it for one t, as the lanes compute it. */
@inline
function objective(t: i32, i: i32, gMax: f64, G: usize, QD: usize, signs: usize, Qi: usize): f64 {
  const y = <f64>load<f32>(signs + ((<usize>t) << 2));
  const b = gMax + y * load<f64>(G + ((<usize>t) << 3));
  const q = <f64>load<f32>(Qi + ((<usize>t) << 2));
  let a =
    load<f64>(QD + ((<usize>i) << 3)) +
    load<f64>(QD + ((<usize>t) << 3)) -
    2 * <f64>load<f32>(signs + ((<usize>i) << 2)) * y * q;
  if (a <= 0) a = TAU;
  return -(b * b) / a;
}

/** G[t] += Qi[t]·a + Qj[t]·b for t < count (G f64, the rows f32). */
export function smoAddRows(count: i32, G: usize, Qi: usize, a: f64, Qj: usize, b: f64): void {
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  let t = 0;
  for (; t + 2 <= count; t += 2) {
    const g = G + ((<usize>t) << 3);
    const qi = f64x2.promote_low_f32x4(v128.load64_zero(Qi + ((<usize>t) << 2)));
    const qj = f64x2.promote_low_f32x4(v128.load64_zero(Qj + ((<usize>t) << 2)));
    v128.store(g, f64x2.add(v128.load(g), f64x2.add(f64x2.mul(qi, va), f64x2.mul(qj, vb))));
  }
  for (; t < count; t++) {
    const g = G + ((<usize>t) << 3);
    store<f64>(
      g,
      load<f64>(g) +
        (<f64>load<f32>(Qi + ((<usize>t) << 2)) * a + <f64>load<f32>(Qj + ((<usize>t) << 2)) * b),
    );
  }
}
