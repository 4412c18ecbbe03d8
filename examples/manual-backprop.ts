// A 2-16-2 tanh network on the "circles" data, trained with kernels only: the forward
// pass, the hand-written backward pass and the SGD update are all explicit ops calls.
//   npx tsx examples/manual-backprop.ts
import { backendInfo, data, init, ops, Tensor } from '../src';

export interface CirclesRun {
  losses: number[];
  testAccuracy: number;
  /** Linear-memory footprint after the first step and at the end (a leak would grow it). */
  memory: { afterFirstStep: number; atEnd: number };
}

function accuracy(logits: Tensor, labels: Int32Array): number {
  const predicted = ops.argmaxRows(logits);
  let correct = 0;
  labels.forEach((label, i) => (correct += predicted[i] === label ? 1 : 0));
  return correct / labels.length;
}

export function trainCircles({ steps = 600, lr = 0.5, hidden = 16, seed = 1 } = {}): CirclesRun {
  const train = data.circles({ n: 800, noise: 0.1, factor: 0.5, seed });
  const test = data.circles({ n: 400, noise: 0.1, factor: 0.5, seed: seed + 1 });
  const x = Tensor.from(train.x, [800, 2]);
  const params = {
    w1: Tensor.randn([2, hidden], { seed: seed + 2, std: Math.sqrt(1 / 2) }),
    b1: Tensor.zeros([hidden]),
    w2: Tensor.randn([hidden, 2], { seed: seed + 3, std: Math.sqrt(1 / hidden) }),
    b2: Tensor.zeros([2]),
  };
  const forward = (input: Tensor) => {
    const z1 = ops.gemm(input, params.w1);
    const pre = ops.addRowVector(z1, params.b1);
    const h = ops.tanh(pre);
    const z2 = ops.gemm(h, params.w2);
    const logits = ops.addRowVector(z2, params.b2);
    for (const t of [z1, pre, z2]) t.release();
    return { h, logits };
  };

  const losses: number[] = [];
  let afterFirstStep = 0;
  for (let step = 0; step < steps; step++) {
    // Full-batch gradient descent: forward, loss and its gradient in one fused kernel.
    const { h, logits } = forward(x);
    const { loss, dlogits } = ops.softmaxCrossEntropy(logits, train.y);
    losses.push(loss);
    // Backward, by hand: each line is the adjoint of one forward line.
    const grads = {
      w2: ops.gemm(h, dlogits, { transA: true }),
      b2: ops.sumColumns(dlogits),
      w1: undefined as Tensor | undefined,
      b1: undefined as Tensor | undefined,
    };
    const dh = ops.gemm(dlogits, params.w2, { transB: true });
    const dpre = ops.tanhBackward(h, dh);
    grads.w1 = ops.gemm(x, dpre, { transA: true });
    grads.b1 = ops.sumColumns(dpre);
    for (const name of ['w1', 'b1', 'w2', 'b2'] as const) {
      ops.sgdStep(params[name], grads[name]!, undefined, { lr, first: step === 0 });
      grads[name]!.release();
    }
    for (const t of [h, logits, dlogits, dh, dpre]) t.release();
    if (step === 0) afterFirstStep = backendInfo().wasmMemoryBytes;
  }

  const xTest = Tensor.from(test.x, [400, 2]);
  const { h, logits } = forward(xTest);
  const testAccuracy = accuracy(logits, test.y);
  for (const t of [x, xTest, h, logits, ...Object.values(params)]) t.release();
  return { losses, testAccuracy, memory: { afterFirstStep, atEnd: backendInfo().wasmMemoryBytes } };
}

const isMain = typeof process !== 'undefined' && import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  await init();
  const started = performance.now();
  const run = trainCircles();
  const ms = performance.now() - started;
  const every = run.losses.filter((_, i) => i % 100 === 0 || i === run.losses.length - 1);
  console.log(`backend: ${JSON.stringify(backendInfo())}`);
  console.log(`loss every 100 steps: ${every.map((l) => l.toFixed(4)).join(' → ')}`);
  console.log(`test accuracy: ${(100 * run.testAccuracy).toFixed(1)} % (${ms.toFixed(0)} ms)`);
  console.log(
    `wasm memory after step 1: ${run.memory.afterFirstStep} bytes, at the end: ${run.memory.atEnd}`,
  );
}
