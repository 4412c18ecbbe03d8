import { ops, Tensor, type Backend } from '../src';
import { benchData, type BenchCase, type BenchSuite } from './harness';

/** The two convolutions of the MNIST CNN at batch 64 (3×3 kernels, stride 1, no padding). */
const LAYERS = [
  { name: '3×3 1→32 28×28', x: [64, 1, 28, 28], w: [32, 1, 3, 3] },
  { name: '3×3 32→64 26×26', x: [64, 32, 26, 26], w: [64, 32, 3, 3] },
];

type Layer = (typeof LAYERS)[number];

function geometry({ x, w }: Layer) {
  const [n, c, h, width] = x;
  const [outC, , kh, kw] = w;
  const oh = h - kh + 1;
  const ow = width - kw + 1;
  return { yShape: [n, outC, oh, ow], colsSize: n * c * kh * kw * oh * ow, n, c, h, width };
}

/** 2·N·outC·C·kh·kw·OH·OW: the multiply-adds of one forward pass. */
function forwardFlops(layer: Layer): number {
  const { yShape } = geometry(layer);
  const [, c, kh, kw] = layer.w;
  return 2 * yShape.reduce((a, b) => a * b) * c * kh * kw;
}

const tensor = (backend: Backend, shape: number[], seed: number) =>
  Tensor.from(
    benchData(
      shape.reduce((a, b) => a * b),
      seed,
    ),
    shape,
    { backend },
  );

interface Releasable {
  release(): void;
}

/**
 * A case that calls `step` on inputs built once per backend, releasing what the previous
 * call returned (so the heap stays the same size while benny repeats it).
 */
export function repeated(
  name: string,
  work: number,
  unit: BenchCase['unit'],
  make: (backend: Backend) => { inputs: Releasable[]; step: () => Releasable[] },
): BenchCase {
  return {
    name,
    work,
    unit,
    setup: (backend) => {
      const { inputs, step } = make(backend);
      let last: Releasable[] = [];
      const releaseLast = () => last.forEach((t) => t.release());
      return {
        run: () => {
          releaseLast();
          last = step();
        },
        dispose: () => {
          releaseLast();
          inputs.forEach((t) => t.release());
        },
      };
    },
  };
}

/** conv2d forward and backward (im2col + GEMM per image) and im2col alone, per MNIST layer. */
export const convSuite: BenchSuite = {
  name: 'conv',
  cases: LAYERS.flatMap((layer) => {
    const g = geometry(layer);
    return [
      repeated(`conv2d forward ${layer.name} N=64`, forwardFlops(layer), 'GFLOP/s', (backend) => {
        const x = tensor(backend, layer.x, 1);
        const w = tensor(backend, layer.w, 2);
        const b = tensor(backend, [layer.w[0]], 3);
        return { inputs: [x, w, b], step: () => [ops.conv2d(x, w, b)] };
      }),
      // dw and dx are one GEMM each of the forward's size: 2× its FLOPs (+ im2col, col2im).
      repeated(
        `conv2dBackward ${layer.name} N=64`,
        2 * forwardFlops(layer),
        'GFLOP/s',
        (backend) => {
          const x = tensor(backend, layer.x, 1);
          const w = tensor(backend, layer.w, 2);
          const dy = tensor(backend, g.yShape, 4);
          return {
            inputs: [x, w, dy],
            step: () => Object.values(ops.conv2dBackward(x, w, dy)),
          };
        },
      ),
      // Bytes moved: the image read once, the columns written once.
      repeated(
        `im2col ${layer.name} N=64`,
        4 * (g.n * g.c * g.h * g.width + g.colsSize),
        'GB/s',
        (backend) => {
          const x = tensor(backend, layer.x, 1);
          return { inputs: [x], step: () => [ops.im2col(x, { kernel: 3 })] };
        },
      ),
    ];
  }),
};
