// im2col / col2im (Caffe layout) and the per-channel bias of a convolution.
// cols [n, c·kh·kw, oh·ow]: row (ci, ki, kj) of image b holds, for every output pixel, the
// input pixel that tap (ki, kj) of channel ci reads (0 in the padding). col2im is its exact
// adjoint. Both walk the same rows; only what happens to one row differs (the op classes).
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
 * Visits every cols row (plane, ki, kj) in storage order, and in it every output row oy:
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
  cols: usize,
): void {
  const row = changetype<Row>(0);
  const oh = outSize(h, kh, strideH, padH);
  const ow = outSize(w, kw, strideW, padW);
  const planeBytes = (<usize>(h * w)) << 2;
  const outRowBytes = (<usize>ow) << 2;
  let plane = x;
  let colsRow = cols;
  for (let p = 0; p < planes; p++) {
    for (let ki = 0; ki < kh; ki++) {
      const oyFirst = firstInside(ki, padH, strideH, oh);
      const oyEnd = endInside(ki, padH, strideH, h, oh, oyFirst);
      for (let kj = 0; kj < kw; kj++) {
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
  walkColumns<Im2colRow>(x, n * c, h, w, kh, kw, strideH, strideW, padH, padW, cols);
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
  fill(x, 0, n * c * h * w);
  walkColumns<Col2imRow>(x, n * c, h, w, kh, kw, strideH, strideW, padH, padW, cols);
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
