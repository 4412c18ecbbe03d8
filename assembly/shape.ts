import { sum, sumColumns } from './reduce';

// Shape kernels for autograd: broadcasting one run of dimensions, its adjoint (a sum over
// the run), and batched transposes. A tensor is viewed as [outer, mid, inner], so one call
// handles any run of adjacent dimensions.

@inline
function offset(i: i32): usize {
  return (<usize>i) << 2;
}

/** Copies `n` ≥ 4 floats; the tail is one overlapping vector, so no scalar loop is needed. */
@inline
function copyRow(x: usize, n: i32, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + offset(i), v128.load(x + offset(i)));
  if (i < n) v128.store(y + offset(n - 4), v128.load(x + offset(n - 4)));
}

/** y[i] = v for i in [0, n). */
@inline
function splatRow(v: f32, n: i32, y: usize): void {
  const vv = f32x4.splat(v);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + offset(i), vv);
  for (; i < n; i++) store<f32>(y + offset(i), v);
}

/** y[o, m, i] = x[o, i]: x [outer, inner] repeated `mid` times. With mid = 1 it is a copy. */
export function broadcastMiddle(x: usize, outer: i32, mid: i32, inner: i32, y: usize): void {
  for (let o = 0; o < outer; o++) {
    const src = x + offset(o * inner);
    const dst = y + offset(o * mid * inner);
    if (inner == 1) {
      splatRow(load<f32>(src), mid, dst);
    } else if (inner >= 4) {
      for (let m = 0; m < mid; m++) copyRow(src, inner, dst + offset(m * inner));
    } else {
      // inner 2 or 3: too short for a vector, and rare.
      for (let m = 0; m < mid; m++) {
        for (let i = 0; i < inner; i++)
          store<f32>(dst + offset(m * inner + i), load<f32>(src + offset(i)));
      }
    }
  }
}

/** y[o, i] = Σ_m x[o, m, i], the adjoint of broadcastMiddle. For inner = 1 each row is summed
 * as `sum` does (f32 lanes, f64 across blocks); otherwise as `sumColumns` does (in m order). */
export function sumMiddle(x: usize, outer: i32, mid: i32, inner: i32, y: usize): void {
  for (let o = 0; o < outer; o++) {
    const src = x + offset(o * mid * inner);
    if (inner == 1) store<f32>(y + offset(o), sum(src, mid));
    else sumColumns(src, mid, inner, y + offset(o * inner));
  }
}

// Columns of x per strip: one cache line of each x row, while the 16 rows of y that the
// strip writes fill sequentially. Square tiles are a little faster on most sizes but
// collapse on power-of-two ones, whose tile rows share cache sets (npm run bench --
// --filter transpose).
const STRIP = 16;

/** The 4×4 block at x (row stride sx bytes) transposed to y (row stride sy bytes). */
@inline
function transpose4x4(x: usize, sx: usize, y: usize, sy: usize): void {
  const a0 = v128.load(x);
  const a1 = v128.load(x + sx);
  const a2 = v128.load(x + 2 * sx);
  const a3 = v128.load(x + 3 * sx);
  const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5); // a00 a10 a01 a11
  const t1 = i32x4.shuffle(a0, a1, 2, 6, 3, 7); // a02 a12 a03 a13
  const t2 = i32x4.shuffle(a2, a3, 0, 4, 1, 5); // a20 a30 a21 a31
  const t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7); // a22 a32 a23 a33
  v128.store(y, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(y + sy, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(y + 2 * sy, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(y + 3 * sy, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/** y[c, r] = x[r, c] for r in [r0, r1), c in [c0, c1), one element at a time (the edges). */
@inline
function transposeScalar(
  x: usize,
  rows: i32,
  cols: i32,
  y: usize,
  r0: i32,
  r1: i32,
  c0: i32,
  c1: i32,
): void {
  for (let r = r0; r < r1; r++) {
    for (let c = c0; c < c1; c++)
      store<f32>(y + offset(c * rows + r), load<f32>(x + offset(r * cols + c)));
  }
}

/** y[b, c, r] = x[b, r, c] for `batch` matrices of rows×cols: strips of STRIP columns walked
 * down the rows in 4×4 shuffle transposes; the last rows % 4 rows and cols % 4 columns go
 * one by one. */
export function transpose(x: usize, batch: i32, rows: i32, cols: i32, y: usize): void {
  const matrix = offset(rows * cols);
  if (rows == 1 || cols == 1) {
    memory.copy(y, x, <usize>batch * matrix); // the same layout
    return;
  }
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  const sx = offset(cols);
  const sy = offset(rows);
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * matrix;
    const yb = y + <usize>b * matrix;
    for (let c0 = 0; c0 < cols4; c0 += STRIP) {
      const c1 = min(c0 + STRIP, cols4);
      for (let r = 0; r < rows4; r += 4) {
        for (let c = c0; c < c1; c += 4)
          transpose4x4(xb + offset(r * cols + c), sx, yb + offset(c * rows + r), sy);
      }
    }
    transposeScalar(xb, rows, cols, yb, 0, rows4, cols4, cols);
    transposeScalar(xb, rows, cols, yb, rows4, rows, 0, cols);
  }
}
