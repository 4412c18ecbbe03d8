// Shape kernels for broadcasting and its adjoint: every broadcast of a row-major tensor is
// a sequence of "repeat the middle axis" steps (x [outer, inner] → y [outer, mid, inner]),
// and its gradient the matching "sum over the middle axis" steps. Plus batched transposes.

/** y[o, m, i] = x[o, i] */
export function broadcastMiddle(x: usize, outer: i32, mid: i32, inner: i32, y: usize): void {
  const rowBytes = (<usize>inner) << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * rowBytes;
    let dst = y + <usize>o * <usize>mid * rowBytes;
    if (inner == 1) {
      fillRun(dst, load<f32>(src), mid);
      continue;
    }
    for (let m = 0; m < mid; m++, dst += rowBytes) copyRun(dst, src, inner);
  }
}

/** y[o, i] = Σ_m x[o, m, i], summed in m order (row by row, vectorised over i). */
export function sumMiddle(x: usize, outer: i32, mid: i32, inner: i32, y: usize): void {
  const rowBytes = (<usize>inner) << 2;
  for (let o = 0; o < outer; o++) {
    let src = x + <usize>o * <usize>mid * rowBytes;
    const dst = y + <usize>o * rowBytes;
    if (inner == 1) {
      store<f32>(dst, rowSum(src, mid));
      continue;
    }
    copyRun(dst, src, inner);
    src += rowBytes;
    for (let m = 1; m < mid; m++, src += rowBytes) addRun(dst, src, inner);
  }
}

/** For each of `batch` matrices: y[b, c, r] = x[b, r, c], in 8×8 tiles to stay in cache. */
export function transpose(x: usize, batch: i32, rows: i32, cols: i32, y: usize): void {
  const matrixBytes = (<usize>rows * <usize>cols) << 2;
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * matrixBytes;
    const yb = y + <usize>b * matrixBytes;
    for (let r0 = 0; r0 < rows; r0 += 8) {
      const r1 = min(r0 + 8, rows);
      for (let c0 = 0; c0 < cols; c0 += 8) {
        const c1 = min(c0 + 8, cols);
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            store<f32>(yb + ((<usize>c * <usize>rows + <usize>r) << 2), load<f32>(xb + ((<usize>r * <usize>cols + <usize>c) << 2)));
          }
        }
      }
    }
  }
}

@inline
function fillRun(dst: usize, value: f32, n: i32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + ((<usize>i) << 2), v);
  for (; i < n; i++) store<f32>(dst + ((<usize>i) << 2), value);
}

@inline
function copyRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + ((<usize>i) << 2), v128.load(src + ((<usize>i) << 2)));
  for (; i < n; i++) store<f32>(dst + ((<usize>i) << 2), load<f32>(src + ((<usize>i) << 2)));
}

@inline
function addRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = dst + ((<usize>i) << 2);
    v128.store(p, f32x4.add(v128.load(p), v128.load(src + ((<usize>i) << 2))));
  }
  for (; i < n; i++) {
    const p = dst + ((<usize>i) << 2);
    store<f32>(p, load<f32>(p) + load<f32>(src + ((<usize>i) << 2)));
  }
}

/** Σ of n contiguous floats: four lanes, combined pairwise, then the tail in order. */
@inline
function rowSum(src: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, v128.load(src + ((<usize>i) << 2)));
  let s =
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) s += load<f32>(src + ((<usize>i) << 2));
  return s;
}
