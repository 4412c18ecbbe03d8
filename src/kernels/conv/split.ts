import { named } from '../args';
import { NR } from '../gemm/split';
import { byUnits, MIN_MACS_PER_THREAD, splitRange, type Splits, type Threads } from '../split';
import { windowPixels, type WindowGeometry } from '../window';
import { CONV_ARGS, type ConvKernels } from './abi';

/** An image's column matrix (k × pixels) and the image's size, from a pass's geometry. */
function columnShape(g: WindowGeometry & { c: number }) {
  return { k: g.c * g.kh * g.kw, pixels: windowPixels(g), imageSize: g.c * g.h * g.w };
}

/** A 1×1 stride-1 unpadded window: the image is its own column matrix. */
const isPointwise = (g: WindowGeometry) =>
  g.kh * g.kw * g.strideH * g.strideW === 1 && g.padH + g.padW === 0;

/** The geometry of a pass over images [first, end) that outC rows of weights make. */
type ImagesPass = WindowGeometry & { first: number; end: number; c: number; outC: number };

/**
 * How a pass over images is split: by images when there are enough of them, else (inference
 * on one image) each image's gemm on the split gemm (`perImage`); undefined for one thread.
 */
function imagesPlan(threads: Threads, a: ImagesPass) {
  const { k, pixels, imageSize } = columnShape(a);
  const images = a.end - a.first;
  const parts = threads.toUse(images * a.outC * k * pixels, MIN_MACS_PER_THREAD);
  if (parts === 1) return undefined;
  return {
    perImage: images < parts,
    ranges: splitRange(a.first, a.end, parts, 1),
    colsBytes: 4 * k * pixels,
    k,
    pixels,
    imageSize,
  };
}

export const CONV_SPLITS: Splits<ConvKernels> = {
  // By images.
  biasAddChannels: byUnits({
    count: 'n',
    align: 1,
    pointers: (a) => ({ x: 4 * a.c * a.hw, y: 4 * a.c * a.hw }),
  }),

  conv2dImages:
    (threads, name) =>
    (...positional) => {
      const a = named(CONV_ARGS[name], positional);
      const plan = imagesPlan(threads, a);
      if (!plan) return threads.own.conv2dImages(...positional);
      if (!plan.perImage) {
        const pieces = plan.ranges.map(([first, end]) => ({ ...a, first, end }));
        threads.run(name, pieces, { at: 'cols', work: 'work', bytes: () => plan.colsBytes });
        return;
      }
      const { k, pixels, imageSize } = plan;
      const { c, h, w, kh, kw, strideH, strideW, padH, padW, outC, cols, work } = a;
      for (let i = a.first; i < a.end; i++) {
        const image = a.x + 4 * i * imageSize;
        if (!isPointwise(a))
          threads.own.im2col(image, 1, c, h, w, kh, kw, strideH, strideW, padH, padW, cols);
        const columns = isPointwise(a) ? image : cols;
        const y = a.y + 4 * i * outC * pixels;
        threads.split.gemm(
          0,
          0,
          outC,
          pixels,
          k,
          1,
          a.weight,
          k,
          columns,
          pixels,
          0,
          y,
          pixels,
          work,
        );
      }
    },

  conv2dInputGradImages:
    (threads, name) =>
    (...positional) => {
      const a = named(CONV_ARGS[name], positional);
      const plan = imagesPlan(threads, a);
      if (!plan) return threads.own.conv2dInputGradImages(...positional);
      if (!plan.perImage) {
        const pieces = plan.ranges.map(([first, end]) => ({ ...a, first, end }));
        threads.run(name, pieces, { at: 'cols', work: 'work', bytes: () => plan.colsBytes });
        return;
      }
      const { k, pixels, imageSize } = plan;
      const { c, h, w, kh, kw, strideH, strideW, padH, padW, outC, cols, work } = a;
      for (let i = a.first; i < a.end; i++) {
        const dx = a.dx + 4 * i * imageSize;
        const target = isPointwise(a) ? dx : cols;
        const dy = a.dy + 4 * i * outC * pixels;
        threads.split.gemm(
          1,
          0,
          k,
          pixels,
          outC,
          1,
          a.weight,
          k,
          dy,
          pixels,
          0,
          target,
          pixels,
          work,
        );
        if (!isPointwise(a))
          threads.own.col2im(cols, 1, c, h, w, kh, kw, strideH, strideW, padH, padW, dx);
      }
    },

  // By columns of dw, on whole gemm tiles.
  conv2dWeightGradRows:
    (threads, name) =>
    (...positional) => {
      const a = named(CONV_ARGS[name], positional);
      const pixels = windowPixels(a);
      const rows = a.rowEnd - a.rowFirst;
      const parts = threads.toUse(a.n * a.outC * rows * pixels, MIN_MACS_PER_THREAD);
      if (parts === 1) return threads.own.conv2dWeightGradRows(...positional);
      const pieces = splitRange(a.rowFirst, a.rowEnd, parts, NR).map(([rowFirst, rowEnd]) => ({
        ...a,
        rowFirst,
        rowEnd,
      }));
      threads.run(name, pieces, {
        at: 'cols',
        work: 'work',
        bytes: (piece) => 4 * (piece.rowEnd - piece.rowFirst) * pixels,
      });
    },
};
