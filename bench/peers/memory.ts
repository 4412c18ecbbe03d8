// The memory row of bench:peers: simdnet's peak WASM memory training the CIFAR CNN at batch
// 64 (SGD with momentum), against the bytes the step cannot do without (../memory-budget.ts).
import { init, nn, optim, Tensor } from '../../src';
import { mb, memoryReport, type MemoryReport } from '../memory-budget';
import { CIFAR_CNN, syntheticBatch } from './models';
import { simdnetModel } from './simdnet';

/** Trains 3 steps on a fresh backend with `threads` threads and reports its peaks. */
export async function cifarMemory(threads: number): Promise<MemoryReport> {
  const backend = await init({ backend: 'wasm', simd: 'simd', threads });
  const batch = 64;
  const model = simdnetModel({ model: CIFAR_CNN, batch, mode: 'train' });
  const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const input = [batch, ...CIFAR_CNN.input];
  const { x: xs, labels } = syntheticBatch(CIFAR_CNN, batch);
  for (let step = 0; step < 3; step++) {
    const loss = nn.functional.crossEntropy(model.forward(Tensor.from(xs, input)), labels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    loss.item();
  }
  return memoryReport(backend, model, input, xs, 1);
}

/** One line for the table's notes. */
export function memoryLine(threads: number, r: MemoryReport): string {
  const parts = Object.entries(r.parts).map(([part, bytes]) => `${part} ${mb(bytes)}`);
  return (
    `CIFAR CNN training, batch 64, simdnet on ${threads} thread${threads > 1 ? 's' : ''}: ` +
    `peak WASM memory ${mb(r.wasm)} MB = ${(r.wasm / r.budget).toFixed(2)}× the budget of ` +
    `${mb(r.budget)} MB (${parts.join(', ')}); peak live ${mb(r.live)} MB`
  );
}
