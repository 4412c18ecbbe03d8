// The training worker: holds MNIST, the model and its optimizer, and trains in slices of
// about 100 ms, so that pause, predict and save messages are answered between slices.
import { backendInfo, data, init, nn, noGrad, scope, type Tensor } from '../../../src';
import { loadMnist } from './mnist-data';
import { firstWeights, kindOf, MODELS, optimizerFor } from './models';
import type { FromWorker, ModelKind, ToWorker } from './protocol';
import type { optim } from '../../../src';

const BATCH = 64;
const SLICE_MS = 100;
const REPORT_MS = 250;

let sets: { train: data.Dataset<Int32Array>; test: data.Dataset<Int32Array> } | undefined;
let kind: ModelKind = 'mlp';
let model: nn.Sequential | undefined;
let optimizer: optim.Optimizer | undefined;
let paused = false;
/** Bumped by every new training run, so that an older run's loop stops. */
let run = 0;

const send = (message: FromWorker, transfer: Transferable[] = []) =>
  postMessage(message, { transfer });

/** Rows of `logits` [B, 10] whose largest value is at the label. */
function correctOf(logits: Tensor, labels: Int32Array): number {
  const values = logits.toArray();
  const classes = values.length / labels.length;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (values[i * classes + c] > values[i * classes + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct;
}

function sendFilters(): void {
  if (!model) return;
  const filters = firstWeights(model);
  send({ type: 'filters', filters }, [filters.values.buffer]);
}

/** Lets queued messages (pause, predict, save) run before the next slice. */
const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));

async function train(): Promise<void> {
  const mine = ++run;
  const { train: trainSet, test } = sets!;
  const loader = new data.DataLoader(trainSet, { batchSize: BATCH, shuffle: true, seed: 1 });
  let batches = loader[Symbol.iterator]();
  let epoch = 1;
  let seen = 0;
  let inEpoch = 0;
  let window = { loss: 0, correct: 0, images: 0, start: performance.now() };
  let lastFilters = 0;
  sendFilters();
  while (mine === run) {
    if (paused) {
      await yieldToMessages();
      window = { loss: 0, correct: 0, images: 0, start: performance.now() };
      continue;
    }
    const sliceEnd = performance.now() + SLICE_MS;
    while (performance.now() < sliceEnd) {
      let next = batches.next();
      if (next.done) {
        const tested = scope(() => noGrad(() => evaluateOn(test)));
        send({ type: 'tested', epoch, ...tested });
        epoch++;
        inEpoch = 0;
        batches = loader[Symbol.iterator]();
        next = batches.next();
      }
      const { x, y } = next.value;
      model!.train();
      const logits = model!.forward(x);
      const loss = nn.functional.crossEntropy(logits, y);
      optimizer!.zeroGrad();
      loss.backward();
      window.loss += loss.item() * y.length;
      window.correct += correctOf(logits, y);
      optimizer!.step();
      window.images += y.length;
      seen += y.length;
      inEpoch += y.length;
    }
    const now = performance.now();
    if (now - window.start >= REPORT_MS) {
      const imagesPerSecond = (1000 * window.images) / (now - window.start);
      send({
        type: 'progress',
        progress: {
          epoch,
          seen,
          loss: window.loss / window.images,
          accuracy: window.correct / window.images,
          imagesPerSecond,
          eta: (trainSet.length - inEpoch) / imagesPerSecond,
        },
      });
      window = { loss: 0, correct: 0, images: 0, start: now };
    }
    if (now - lastFilters >= 1000) {
      sendFilters();
      lastFilters = now;
    }
    await yieldToMessages();
  }
}

/** Loss and accuracy on the test set, in batches of 1000. */
function evaluateOn(set: data.Dataset<Int32Array>): { loss: number; accuracy: number } {
  model!.eval();
  let loss = 0;
  let correct = 0;
  for (const { x, y } of new data.DataLoader(set, { batchSize: 1000 })) {
    const logits = model!.forward(x);
    loss += nn.functional.crossEntropy(logits, y).item() * y.length;
    correct += correctOf(logits, y);
  }
  return { loss: loss / set.length, accuracy: correct / set.length };
}

/** The ten probabilities of one standardised 28×28 image, or null before any model. */
function predict(pixels: Float32Array): Float32Array | null {
  if (!model) return null;
  const m = model;
  return scope(() =>
    noGrad(() => {
      m.eval();
      const x = new data.Dataset(pixels, new Int32Array(1), [1, 28, 28]).batch([0]).x;
      return m.forward(x).softmax().toArray();
    }),
  );
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      await init({ threads: message.threads });
      const info = backendInfo();
      send({ type: 'status', text: 'loading MNIST…' });
      sets = await loadMnist(new URL(message.mnist));
      send({
        type: 'ready',
        threads: info.threads,
        ...(info.threadsNote ? { threadsNote: info.threadsNote } : {}),
        simd: info.simd,
        trainImages: sets.train.length,
        testImages: sets.test.length,
      });
      return;
    }
    case 'train':
      // keep: go on training the model there is (a loaded one), with a fresh optimizer.
      if (!(message.keep && model)) {
        kind = message.model;
        model = MODELS[kind]();
        optimizer = optimizerFor(kind, model);
      }
      paused = false;
      return train();
    case 'pause':
      paused = true;
      return;
    case 'resume':
      paused = false;
      return;
    case 'predict': {
      const probabilities = predict(message.pixels);
      send({ type: 'prediction', id: message.id, probabilities });
      return;
    }
    case 'save':
      if (model) send({ type: 'saved', bytes: model.toBytes(), model: kind });
      return;
    case 'load': {
      const loaded = await nn.load(message.bytes);
      if (!(loaded instanceof nn.Sequential)) throw new Error('expected an nn.Sequential model');
      run++; // stops the current run; "train" starts a fresh model
      model = loaded;
      kind = kindOf(model);
      optimizer = optimizerFor(kind, model);
      sendFilters();
      send({ type: 'loaded', model: kind });
      return;
    }
  }
}

onmessage = (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch((error: Error) => send({ type: 'error', message: error.message }));
};
