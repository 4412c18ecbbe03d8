// The column matrix of a convolution (Caffe layout), built from and folded back into images.
// cols [n, c·kh·kw, oh·ow]: row (ci, ki, kj) of image b holds, for every output pixel, the
// input pixel that tap (ki, kj) of channel ci reads (0 in the padding). Folding is the exact
// adjoint of gathering. Both walk the same rows; only what happens to one row differs (the
// op classes). Not re-exported by index.ts: building blocks of the kernels in conv.ts.
import { fill } from './elementwise';
import { endInside, firstInside, gatherRow, outSize, scatterAddRow } from './window';

/** A cols row as a tap row: copy the gathered pixels. */
@final
class Copy {
  @inline vec(out: usize, _aux: usize, v: v128, _at: v128): void {
    v128.store(out, v);
  }
  @inline one(out: usize, _aux: usize, v: f32, _at: i32): void {
    store<f32>(out, v);
  }
}

/** im2col: the part of a cols row inside the image is gathered, the rest zeroed. */
@final
class Im2colRow {
  @inline outside(cols: usize, count: i32): void {
    fill(cols, 0, count);
  }
  @inline inside(cols: usize, x: usize, first: i32, end: i32, ow: i32, strideW: i32): void {
    fill(cols, 0, first);
    gatherRow<Copy>(cols + ((<usize>first) << 2), 0, x, end - first, strideW, 0);
    fill(cols + ((<usize>end) << 2), 0, ow - end);
  }
}

/** col2im: the part of a cols row inside the image is added back to the pixels it came from. */
@final
class Col2imRow {
  @inline outside(_cols: usize, _count: i32): void {}
  @inline inside(cols: usize, x: usize, first: i32, end: i32, _ow: i32, strideW: i32): void {
    scatterAddRow(x, cols + ((<usize>first) << 2), end - first, strideW, 1);
  }
}

/**
 * Visits the cols rows (plane, ki, kj) numbered rowFirst … rowEnd−1 in storage order (row
 * (plane·kh + ki)·kw + kj; the first visited row is written at `cols`), and in each every
 * output row oy:
 * `Row.outside(colsRow, count)` for the output rows whose tap is in the top/bottom padding,
 * `Row.inside(colsRow, xTap, first, end, ow, strideW)` for the others, where [first, end)
 * are the outputs whose tap is inside the image and xTap is the pixel read by `first`.
 */
@inline
function walkColumns<Row>(
  x: usize,
  planes: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  rowFirst: i32,
  rowEnd: i32,
  cols: usize,
): void {
  const row = changetype<Row>(0);
  const oh = outSize(h, kh, strideH, padH);
  const ow = outSize(w, kw, strideW, padW);
  const taps = kh * kw;
  const planeBytes = (<usize>(h * w)) << 2;
  const outRowBytes = (<usize>ow) << 2;
  const pFirst = rowFirst / taps;
  let plane = x + <usize>pFirst * planeBytes;
  let colsRow = cols;
  for (let p = pFirst; p < planes && p * taps < rowEnd; p++) {
    for (let ki = 0; ki < kh; ki++) {
      const oyFirst = firstInside(ki, padH, strideH, oh);
      const oyEnd = endInside(ki, padH, strideH, h, oh, oyFirst);
      for (let kj = 0; kj < kw; kj++) {
        const r = p * taps + ki * kw + kj;
        if (r < rowFirst || r >= rowEnd) continue;
        const oxFirst = firstInside(kj, padW, strideW, ow);
        const oxEnd = endInside(kj, padW, strideW, w, ow, oxFirst);
        const colFirst = oxFirst * strideW - padW + kj;
        row.outside(colsRow, oyFirst * ow);
        for (let oy = oyFirst; oy < oyEnd; oy++) {
          const iy = oy * strideH - padH + ki;
          const xTap = plane + ((<usize>(iy * w + colFirst)) << 2);
          row.inside(colsRow + <usize>oy * outRowBytes, xTap, oxFirst, oxEnd, ow, strideW);
        }
        row.outside(colsRow + <usize>oyEnd * outRowBytes, (oh - oyEnd) * ow);
        colsRow += <usize>oh * outRowBytes;
      }
    }
    plane += planeBytes;
  }
}

/**
 * im2col of rows rowFirst … rowEnd−1 of `planes` planes of h×w at x (row numbering as in
 * walkColumns), written from `cols` on.
 */
export function gatherColumns(
  x: usize,
  planes: i32,
  h: i32,
  w: i32,
  kh: i32,
  kw: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  rowFirst: i32,
  rowEnd: i32,
  cols: usize,
): void {
  walkColumns<Im2colRow>(
    x,
    planes,
    h,
    w,
    kh,
    kw,
    strideH,
    strideW,
    padH,
    padW,
    rowFirst,
    rowEnd,
    cols,
  );
}

/** col2im: x (planes × h×w, overwritten) = the sum of the cols entries that read each pixel. */
export function foldColumns(
  cols: usize,
  planes: i32,
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
  fill(x, 0, planes * h * w);
  const rows = planes * kh * kw;
  walkColumns<Col2imRow>(x, planes, h, w, kh, kw, strideH, strideW, padH, padW, 0, rows, cols);
}
