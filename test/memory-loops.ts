// The seven loops of issue 13, written as a PyTorch user would write them: no dispose(),
// keep(), release() or scope(). test/memory-loops.test.ts runs each for 10 000 iterations
// and checks that memory stops growing and that nothing still held was freed;
// bench/memory-loops.ts prints their footprints.
import { data, nn, noGrad, ops, optim, Random, Tensor, train } from '../src';

/** A tensor the loop keeps, with the values it must still hold at the end. */
export interface Held {
  tensor: Tensor | Tensor<'int32'>;
  values: ArrayLike<number>;
}

/** Runs `iterations` iterations, calling `after(i)` at the end of each; returns what it kept. */
export type Loop = (iterations: number, after: (i: number) => void) => Promise<Held[]>;

const FEATURES = 8;
const CLASSES = 4;
const SAMPLES = 256;
const rng = new Random(13);
const xs = Float32Array.from({ length: SAMPLES * FEATURES }, () => rng.normal());
/** The class is the largest of the first four features: learnable by a small MLP. */
const labels = Int32Array.from({ length: SAMPLES }, (_, i) => {
  const row = xs.subarray(i * FEATURES, i * FEATURES + CLASSES);
  return row.indexOf(Math.max(...row));
});
const dataset = new data.Dataset(xs, labels, [FEATURES]);

const mlp = () =>
  new nn.Sequential(new nn.Linear(FEATURES, 16), new nn.ReLU(), new nn.Linear(16, CLASSES));

/** `count` batches from a shuffling loader, epoch after epoch. */
function* batches(count: number, batchSize = 16) {
  const loader = new data.DataLoader(dataset, { batchSize, shuffle: true, seed: 1 });
  let i = 0;
  while (true) {
    for (const batch of loader) {
      if (i === count) return;
      yield { i: i++, x: batch.x, y: batch.y as Int32Array };
    }
  }
}

const every = (i: number, n: number) => i % n === n - 1;
const copy = (t: Tensor | Tensor<'int32'>): Held => ({ tensor: t, values: t.toArray() });

/** 1. forward, loss, zeroGrad, backward, step; loss.item() read before, during and after. */
const training: Loop = async (n, after) => {
  const model = mlp();
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const held: Held[] = [];
  for (const { i, x, y } of batches(n)) {
    const out = model.forward(x);
    const loss = nn.functional.crossEntropy(out, y);
    const first = loss.item();
    opt.zeroGrad();
    loss.backward();
    if (loss.item() !== first) throw new Error('the loss changed during backward()');
    opt.step();
    if (loss.item() !== first) throw new Error('the loss changed during step()');
    if (every(i, 1000)) held.push(copy(loss), copy(out), copy(x));
    after(i);
  }
  return held;
};

/** 2. Predictions over a DataLoader into a JS array, with or without noGrad. */
const inference =
  (withNoGrad: boolean): Loop =>
  async (n, after) => {
    const model = mlp().eval();
    const predictions: number[] = [];
    const held: Held[] = [];
    for (const { i, x } of batches(n)) {
      const predict = () => ops.argmaxRows(model.forward(x));
      predictions.push(...(withNoGrad ? noGrad(predict) : predict()));
      if (every(i, 1000)) held.push(copy(model.forward(x)), copy(x));
      after(i);
    }
    if (predictions.length !== n * 16) throw new Error('predictions lost');
    return held;
  };

/** 3. Loop 1 with an evaluation every 500 steps (by hand, or train.evaluate). */
const trainingWithEvaluation: Loop = async (n, after) => {
  const model = mlp();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const held: Held[] = [];
  let evaluations = 0;
  for (const { i, x, y } of batches(n)) {
    const out = model.forward(x);
    const loss = nn.functional.crossEntropy(out, y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    const before = loss.item();
    if (every(i, 500)) {
      const test = new data.DataLoader(dataset, { batchSize: 64 });
      if (evaluations++ % 2 === 0) {
        model.eval();
        let correct = 0;
        noGrad(() => {
          for (const batch of test) {
            const p = ops.argmaxRows(model.forward(batch.x));
            p.forEach((c, k) => (correct += c === (batch.y as Int32Array)[k] ? 1 : 0));
          }
        });
        model.train();
      } else train.evaluate(model, test);
      held.push(copy(out), copy(loss));
    }
    if (loss.item() !== before) throw new Error('the loss changed during the evaluation');
    after(i);
  }
  return held;
};

/** 4. Forward and backward by hand with ops, updated in place under noGrad. */
const byHand: Loop = async (n, after) => {
  const w1 = Tensor.randn([FEATURES, 16], { seed: 1, std: 0.35 });
  const b1 = Tensor.zeros([16]);
  const w2 = Tensor.randn([16, CLASSES], { seed: 2, std: 0.25 });
  const b2 = Tensor.zeros([CLASSES]);
  const held: Held[] = [];
  const lr = 0.1;
  for (const { i, x, y } of batches(n)) {
    const h = ops.tanh(ops.addRowVector(ops.gemm(x, w1), b1));
    const logits = ops.addRowVector(ops.gemm(h, w2), b2);
    const { dlogits } = ops.softmaxCrossEntropy(logits, y);
    const dw2 = ops.gemm(h, dlogits, { transA: true });
    const db2 = ops.sumColumns(dlogits);
    const dh = ops.tanhBackward(h, ops.gemm(dlogits, w2, { transB: true }));
    const dw1 = ops.gemm(x, dh, { transA: true });
    const db1 = ops.sumColumns(dh);
    noGrad(() => {
      ops.axpy(-lr, dw1, w1);
      ops.axpy(-lr, db1, b1);
      ops.axpy(-lr, dw2, w2);
      ops.axpy(-lr, db2, b2);
    });
    if (every(i, 1000)) held.push(copy(h), copy(dw1));
    after(i);
  }
  return held;
};

/** 4b. The same with autograd: backward(), then a hand-written update under noGrad. */
const byHandWithAutograd: Loop = async (n, after) => {
  const model = mlp();
  const params = model.parameters();
  const held: Held[] = [];
  for (const { i, x, y } of batches(n)) {
    const loss = nn.functional.crossEntropy(model.forward(x), y);
    loss.backward();
    noGrad(() => {
      for (const p of params) {
        ops.axpy(-0.05, p.grad!, p);
        p.grad = null;
      }
    });
    if (every(i, 1000)) held.push(copy(loss));
    after(i);
  }
  return held;
};

/** 5. Full-batch descent on tensors made once, one before and one after the optimizer. */
const fullBatch: Loop = async (n, after) => {
  const x = Tensor.from(xs, [SAMPLES, FEATURES]);
  const model = mlp();
  const opt = new optim.SGD(model.parameters(), { lr: 0.2 });
  const oneHot = new Float32Array(SAMPLES * CLASSES);
  labels.forEach((c, i) => (oneHot[i * CLASSES + c] = 1));
  const target = Tensor.from(oneHot, [SAMPLES, CLASSES]);
  const held: Held[] = [copy(x), copy(target)];
  let first = 0;
  for (let i = 0; i < n; i++) {
    const loss = nn.functional.mse(model.forward(x), target);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    if (i === 0) first = loss.item();
    if (i === n - 1 && !(loss.item() < first)) throw new Error('full-batch descent did not learn');
    after(i);
  }
  return held;
};

/** The next macrotask: setImmediate where there is one, else a MessageChannel message. */
function nextTask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/** 6. A service: model.forward on requests that arrive through the event loop. */
const service: Loop = async (n, after) => {
  const model = mlp().eval();
  const held: Held[] = [];
  const replies: number[][] = [];
  for (let i = 0; i < n; i++) {
    await (i % 100 === 0 ? new Promise((r) => setTimeout(r, 0)) : nextTask());
    const request = xs.subarray((i % SAMPLES) * FEATURES, ((i % SAMPLES) + 1) * FEATURES);
    const out = model.forward(Tensor.from(request, [1, FEATURES]));
    replies.push([...out.toArray()]);
    if (every(i, 1000)) held.push(copy(out));
    after(i);
  }
  if (replies.length !== n) throw new Error('replies lost');
  return held;
};

/** 7. Tensor.from in a loop, dropped at once. */
const fromInALoop: Loop = async (n, after) => {
  const held: Held[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = Tensor.from(xs.subarray(0, 16 * 16), [16, 16]);
    sum += ops.sum(t) + t.mean().item();
    if (every(i, 1000)) held.push(copy(t));
    after(i);
  }
  if (!Number.isFinite(sum)) throw new Error('sum is not finite');
  return held;
};

export const LOOPS: [string, Loop][] = [
  ['1. training loop', training],
  ['2. inference over a DataLoader, with noGrad', inference(true)],
  ['2. inference over a DataLoader, without noGrad', inference(false)],
  ['3. evaluation every 500 steps inside training', trainingWithEvaluation],
  ['4. by hand with ops, noGrad update', byHand],
  ['4. by hand with autograd, noGrad update', byHandWithAutograd],
  ['5. full-batch descent on tensors made once', fullBatch],
  ['6. service on the event loop', service],
  ['7. Tensor.from in a loop, dropped', fromInALoop],
];
