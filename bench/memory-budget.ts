// Peak memory of a training run against what its step cannot do without (issue 7's memory
// target: peak WASM memory ≤ 1.5× that budget). Used by profile-step.ts and bench:peers.
import { nn, noGrad, scope, Tensor, type Backend } from '../src';

export const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

export interface MemoryReport {
  /** Peak WASM memory, allocator footprint and live bytes, in bytes. */
  wasm: number;
  footprint: number;
  live: number;
  /** The budget and its parts, in bytes. */
  budget: number;
  parts: Record<string, number>;
}

/**
 * Bytes a training step needs at least: parameters, their gradients and optimizer state
 * (`stateCopies` buffers per parameter); the activations kept for backward at this batch
 * (the input, every layer's output, the max pools' argmax); and the largest im2col column
 * buffer (src/ops/conv.ts unfolds one image at a time).
 */
function budgetOf(
  backend: Backend,
  model: nn.Sequential,
  input: number[],
  xs: Float32Array,
  stateCopies: number,
): Record<string, number> {
  const fb = backend.heap.floatBytes;
  const numel = model.parameters().reduce((sum, p) => sum + p.size, 0);
  const parts = { params: numel * fb, grads: numel * fb, state: stateCopies * numel * fb };
  const { activations, im2col } = scope(() =>
    noGrad(() => {
      let x = Tensor.from(xs, input, { backend });
      let [activations, im2col] = [x.size * fb, 0];
      for (const layer of model.layers) {
        const y = layer.forward(x);
        activations += y.size * (layer instanceof nn.MaxPool2d ? fb + 4 : fb);
        if (layer instanceof nn.Conv2d) {
          const [kh, kw] = layer.kernel;
          im2col = Math.max(im2col, layer.inChannels * kh * kw * y.shape[2] * y.shape[3] * fb);
        }
        x = y;
      }
      return { activations, im2col };
    }),
  );
  return { ...parts, activations, im2col };
}

/** The backend's peaks so far (read them before anything else allocates) and the model's budget. */
export function memoryReport(
  backend: Backend,
  model: nn.Module,
  input: number[],
  xs: Float32Array,
  stateCopies: number,
): MemoryReport {
  const { allocator } = backend.heap;
  const peaks = {
    wasm: backend.heap.byteLength,
    footprint: allocator.peakEnd,
    live: allocator.peakLiveBytes,
  };
  if (!(model instanceof nn.Sequential)) throw new Error('the budget walks a Sequential');
  const parts = budgetOf(backend, model, input, xs, stateCopies);
  return { ...peaks, budget: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}
