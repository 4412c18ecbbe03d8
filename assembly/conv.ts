// Convolution kernels: im2col / col2im (the column matrix of columns.ts), the per-channel
// bias, and whole im2col + GEMM passes over a range of images or of column rows.
import { foldColumns, gatherColumns } from './columns';
import { gemm } from './gemm';
import { outSize } from './window';

export function im2col(
  x: usize,
  n: i32,
  c: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  cols: usize,
): void {
  gatherColumns(x, n * c, h, w, kh, kw, strideH, strideW, padH, padW, 0, n * c * kh * kw, cols);
}

export function col2im(
  cols: usize,
  n: i32,
  c: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  x: usize,
): void {
  foldColumns(cols, n * c, h, w, kh, kw, strideH, strideW, padH, padW, x);
}

/** y[b, ch, :] = x[b, ch, :] + bias[ch]; y may equal x. */
export function biasAddChannels(x: usize, bias: usize, n: i32, c: i32, hw: i32, y: usize): void {
  const planeBytes = (<usize>hw) << 2;
  let offset: usize = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const v = f32x4.splat(load<f32>(bias + ((<usize>ch) << 2)));
      const xp = x + offset;
      const yp = y + offset;
      let i = 0;
      for (; i + 4 <= hw; i += 4) {
        const o = (<usize>i) << 2;
        v128.store(yp + o, f32x4.add(v128.load(xp + o), v));
      }
      for (; i < hw; i++) {
        const o = (<usize>i) << 2;
        store<f32>(yp + o, load<f32>(xp + o) + f32x4.extract_lane(v, 0));
      }
      offset += planeBytes;
    }
  }
}

// The passes below take a range so that a thread pool can split one call: images for the
// forward pass and the input gradient (each image's output is its own), column rows for the
// weight gradient (each dw column sums over all images, in image order, on one thread).
// Every output element is therefore summed in the same order however the range is split.

/** A 1×1 window with stride 1 and no padding: an image is its own column matrix. */
@inline
function pointwise(kh: i32, kw: i32, strideH: i32, strideW: i32, padH: i32, padW: i32): bool {
  return (kh | kw | strideH | strideW) == 1 && (padH | padW) == 0;
}

/**
 * y_b = weight [outC, c·kh·kw] · im2col(x_b) for images b = first … end−1 of x [·, c, h, w]
 * into y [·, outC, oh, ow]; `cols` holds one image's columns (unused when pointwise).
 */
export function conv2dImages(
  x: usize,
  first: i32,
  end: i32,
  c: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  weight: usize,
  outC: i32,
  y: usize,
  cols: usize,
  work: usize,
): void {
  const k = c * kh * kw;
  const pixels = outSize(h, kh, strideH, padH) * outSize(w, kw, strideW, padW);
  const direct = pointwise(kh, kw, strideH, strideW, padH, padW);
  for (let b = first; b < end; b++) {
    const image = x + ((<usize>b * c * h * w) << 2);
    if (!direct) gatherColumns(image, c, h, w, kh, kw, strideH, strideW, padH, padW, 0, k, cols);
    const yb = y + ((<usize>b * outC * pixels) << 2);
    gemm(0, 0, outC, pixels, k, 1, weight, k, direct ? image : cols, pixels, 0, yb, pixels, work);
  }
}

/**
 * dx_b = col2im(weightᵀ · dy_b) for images b = first … end−1 (dx [·, c, h, w] overwritten);
 * `cols` holds one image's column gradient (unused when pointwise).
 */
export function conv2dInputGradImages(
  dy: usize,
  first: i32,
  end: i32,
  c: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  weight: usize,
  outC: i32,
  dx: usize,
  cols: usize,
  work: usize,
): void {
  const k = c * kh * kw;
  const pixels = outSize(h, kh, strideH, padH) * outSize(w, kw, strideW, padW);
  const direct = pointwise(kh, kw, strideH, strideW, padH, padW);
  for (let b = first; b < end; b++) {
    const dyb = dy + ((<usize>b * outC * pixels) << 2);
    const dxb = dx + ((<usize>b * c * h * w) << 2);
    gemm(1, 0, k, pixels, outC, 1, weight, k, dyb, pixels, 0, direct ? dxb : cols, pixels, work);
    if (!direct) foldColumns(cols, c, h, w, kh, kw, strideH, strideW, padH, padW, dxb);
  }
}

/**
 * Columns rowFirst … rowEnd−1 of dw [outC, c·kh·kw] = Σ over the n images of
 * dy_b [outC, oh·ow] · im2col(x_b)ᵀ, images in order; `cols` holds those rows of one image's
 * columns (unused when pointwise).
 */
export function conv2dWeightGradRows(
  x: usize,
  n: i32,
  c: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  dy: usize,
  outC: i32,
  dw: usize,
  rowFirst: i32,
  rowEnd: i32,
  cols: usize,
  work: usize,
): void {
  const k = c * kh * kw;
  const pixels = outSize(h, kh, strideH, padH) * outSize(w, kw, strideW, padW);
  const direct = pointwise(kh, kw, strideH, strideW, padH, padW);
  const rows = rowEnd - rowFirst;
  const dwRows = dw + ((<usize>rowFirst) << 2);
  for (let b = 0; b < n; b++) {
    const image = x + ((<usize>b * c * h * w) << 2);
    let columns = image + ((<usize>rowFirst * pixels) << 2);
    if (!direct) {
      gatherColumns(image, c, h, w, kh, kw, strideH, strideW, padH, padW, rowFirst, rowEnd, cols);
      columns = cols;
    }
    const dyb = dy + ((<usize>b * outC * pixels) << 2);
    gemm(
      0,
      1,
      outC,
      rows,
      pixels,
      1,
      dyb,
      pixels,
      columns,
      pixels,
      b == 0 ? 0 : 1,
      dwRows,
      k,
      work,
    );
  }
}
