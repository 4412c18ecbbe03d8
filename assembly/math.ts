// Vectorised transcendental functions (WebAssembly has no SIMD exp). Cephes-style
// range reduction + minimax polynomials: relative error about 2 ulp over the f32 range.

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693359375; // ln 2 split in two so that n·LN2_HI is exact
const LN2_LO: f32 = -2.1219444e-4;
const EXP_MAX: f32 = 88.3762626647949;
const EXP_MIN: f32 = -87.3365447504;

/** e^x on four lanes; inputs are clamped to the finite f32 range (NaN stays NaN). */
@inline
export function exp4(x: v128): v128 {
  const clamped = f32x4.min(f32x4.max(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
  const n = f32x4.nearest(f32x4.mul(clamped, f32x4.splat(LOG2E)));
  let r = f32x4.sub(clamped, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  // 2^n built in the exponent field; n ∈ [-126, 127] after the clamp.
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  const y = f32x4.mul(p, pow2);
  return v128.bitselect(x, y, f32x4.ne(x, x)); // keep NaN inputs NaN
}
