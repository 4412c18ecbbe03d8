import { add, bceWithLogits, crossEntropy, l2Penalty, linear } from '../autograd/functions';
import { noGrad } from '../autograd/graph';
import type { Backend } from '../backend/backend';
import { currentBackend, withBackend } from '../backend/current';
import { createReferenceBackend } from '../backend/reference';
import * as data from '../data';
import { scope } from '../lifetime';
import * as nn from '../nn';
import { argmaxRows, sigmoid, softmax, sumSquares } from '../ops';
import * as optim from '../optim';
import { Random } from '../random';
import { Tensor } from '../tensor';
import { evaluate, fit, gradcheck, type Batches } from '../train';

// The linear classifier of E6 (KTH DD2424 assignment 1, Stanford CS231n's softmax
// classifier): scores s = W x + b for W [K, d] and b [K], a loss on the scores, and the cost
// J = loss + λ‖W‖² (the penalty on W only, not b), minimised by mini-batch gradient descent.

/**
 * 'softmax': softmax cross-entropy, −log p_y with p = softmax(s). 'sigmoid': K independent
 * sigmoid outputs, each with a binary cross-entropy against the one-hot label, the K of
 * them averaged (DD2424's bonus: the sum divided by K, so the gradient is K times smaller).
 */
export type LossKind = 'softmax' | 'sigmoid';

/** The standard deviation of the initial W and b: N(0, 0.01²), as in DD2424. */
export const INIT_STD = 0.01;

/** K: CIFAR-10's classes. */
const CLASSES = 10;

/** The mean loss over a batch of scores [N, K] against class labels. */
export function lossOf(kind: LossKind, scores: Tensor, labels: Int32Array): Tensor {
  if (kind === 'softmax') return crossEntropy(scores, labels);
  const [n, k] = scores.shape;
  const targets = new Float32Array(n * k);
  labels.forEach((label, i) => (targets[i * k + label] = 1));
  return bceWithLogits(scores, Tensor.from(targets, [n, k], { backend: scores.backend }));
}

/** J = loss(scores, labels) + λ‖W‖². */
export function costOf(
  kind: LossKind,
  scores: Tensor,
  labels: Int32Array,
  weight: Tensor,
  lambda: number,
): Tensor {
  const loss = lossOf(kind, scores, labels);
  return lambda === 0 ? loss : add(loss, l2Penalty([weight], lambda));
}

/**
 * Standardises every feature (each of the d = 3072 pixel values) by its mean and
 * (population) standard deviation over `train`, as the DD2424 / CS231n NumPy code does
 * (mean and std over the columns of X), and applies the same shift and scale to the
 * other sets. The samples become flat vectors [d]. Accumulates in float64.
 */
export function standardizeFeatures(
  train: data.Dataset<Int32Array>,
  ...others: data.Dataset<Int32Array>[]
): data.Dataset<Int32Array>[] {
  const d = train.x.length / train.length;
  const rows = (set: data.Dataset<Int32Array>) =>
    Array.from({ length: set.length }, (_, i) => set.x.subarray(i * d, (i + 1) * d));
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (const row of rows(train)) for (let j = 0; j < d; j++) mean[j] += row[j];
  for (let j = 0; j < d; j++) mean[j] /= train.length;
  for (const row of rows(train)) for (let j = 0; j < d; j++) variance[j] += (row[j] - mean[j]) ** 2;
  const scale = variance.map((v) => 1 / (Math.sqrt(v / train.length) || 1));
  return [train, ...others].map((set) => {
    const x = new Float32Array(set.x.length);
    rows(set).forEach((row, i) => {
      for (let j = 0; j < d; j++) x[i * d + j] = (row[j] - mean[j]) * scale[j];
    });
    return new data.Dataset(x, set.y, [d]);
  });
}

/** n draws of N(0, std²). */
export function gaussian(n: number, std: number, rng: Random): Float32Array {
  return Float32Array.from({ length: n }, () => std * rng.normal());
}

/**
 * nn.Linear(d, K) with W and b drawn from N(0, 0.01²) by a generator of its own seed (they
 * replace nn.Linear's default draw from the shared generator).
 */
export function linearClassifier(features: number, classes: number, seed: number): nn.Linear {
  const model = new nn.Linear(features, classes);
  const rng = new Random(seed);
  model.loadStateDict({
    weight: gaussian(classes * features, INIT_STD, rng),
    bias: gaussian(CLASSES, INIT_STD, rng),
  });
  return model;
}

/** What one training run uses. */
export interface LinearConfig {
  loss: LossKind;
  /** The L2 penalty factor λ of λ‖W‖². */
  lambda: number;
  /** The learning rate η (the first one when stepEvery is set). */
  eta: number;
  epochs: number;
  batchSize: number;
  /** Divide η by 10 every this many epochs (optim.StepLR); default: a constant η. */
  stepEvery?: number;
  /** Seeds the initial W and b (default 1). */
  seed?: number;
}

/** Loss, cost and accuracy over a whole data set. */
export interface Measurement {
  loss: number;
  cost: number;
  accuracy: number;
}

/** The figures after one epoch, measured on the whole training and validation sets. */
export interface EpochFigures {
  epoch: number;
  eta: number;
  train: Measurement;
  validation: Measurement;
}

export interface LinearRun {
  model: nn.Linear;
  epochs: EpochFigures[];
  /** Wall time of the training, the per-epoch measurements included. */
  seconds: number;
  /** Set when the cost stopped being finite (training stopped there). */
  diverged?: boolean;
}

/**
 * Trains a linear classifier by mini-batch gradient descent (optim.SGD, no momentum, the
 * cost's gradient: the penalty is part of the cost, not SGD's weight decay), taking the
 * batches in the stored order every epoch as the report's NumPy code does (reshuffling
 * moves the η = 0.1 case's last iterate from 26 % to 29 %; the others by < 0.5), and measures loss, cost and accuracy on the whole training
 * and validation sets after each epoch (only after the last one with `curves: false`).
 * `onEpoch` sees each epoch's figures (for progress lines).
 */
export function trainLinear(
  config: LinearConfig,
  sets: { train: data.Dataset<Int32Array>; validation: data.Dataset<Int32Array> },
  { onEpoch, curves = true }: { onEpoch?: (figures: EpochFigures) => void; curves?: boolean } = {},
): LinearRun {
  const { loss, lambda, eta, epochs, batchSize, stepEvery, seed = 1 } = config;
  const { train, validation } = sets;
  const model = linearClassifier(train.x.length / train.length, CLASSES, seed);
  const optimizer = new optim.SGD(model.parameters(), { lr: eta });
  const measure = (set: data.Dataset<Int32Array>): Measurement => {
    const e = evaluate(model, inOrder(set, 1000), {
      loss: (scores, labels) => lossOf(loss, scores, labels as Int32Array),
    });
    const cost = e.loss + lambda * sumSquares(model.weight);
    return { loss: e.loss, cost, accuracy: e.accuracy! };
  };
  const figures: EpochFigures[] = [];
  const start = performance.now();
  const history = fit(model, {
    train: new data.DataLoader(train, { batchSize }),
    loss: (scores, labels) => costOf(loss, scores, labels as Int32Array, model.weight, lambda),
    optimizer,
    scheduler: stepEvery ? new optim.StepLR(optimizer, { stepSize: stepEvery }) : undefined,
    epochs,
    progress: false,
    onEpoch: ({ epoch, lr }) => {
      if (!curves && epoch < epochs) return;
      figures.push({ epoch, eta: lr, train: measure(train), validation: measure(validation) });
      onEpoch?.(figures.at(-1)!);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  return { model, epochs: figures, seconds, diverged: history.diverged !== undefined };
}

/**
 * The samples of `set` in order, `size` at a time: each batch is one copy of a run of
 * set.x into a tensor (a DataLoader gathers sample by sample, for any order).
 */
function inOrder(set: data.Dataset<Int32Array>, size: number): Batches {
  const d = set.x.length / set.length;
  const starts = Array.from({ length: Math.ceil(set.length / size) }, (_, i) => i * size);
  return {
    length: starts.length,
    *[Symbol.iterator]() {
      for (const a of starts) {
        const b = Math.min(a + size, set.length);
        yield { x: Tensor.from(set.x.subarray(a * d, b * d), [b - a, d]), y: set.y.subarray(a, b) };
      }
    },
  };
}

/** Per test sample: the probability given to the true class and whether the class was right. */
export interface Scored {
  accuracy: number;
  /** softmax(s)_y, or σ(s_y) for the sigmoid outputs. */
  trueClassProbability: Float32Array;
  correct: Uint8Array;
}

/** The model's predictions on every sample of `set` (in batches of 1000, without gradients). */
export function scoreSet(kind: LossKind, model: nn.Linear, set: data.Dataset<Int32Array>): Scored {
  const probability = new Float32Array(set.length);
  const correct = new Uint8Array(set.length);
  let k = 0;
  for (const { x, y } of inOrder(set, 1000)) {
    const labels = y as Int32Array;
    scope(() =>
      noGrad(() => {
        const scores = model.forward(x);
        const p = (kind === 'softmax' ? softmax(scores) : sigmoid(scores)).toArray();
        const predicted = argmaxRows(scores);
        const classes = scores.shape[1];
        labels.forEach((label, i) => {
          probability[k + i] = p[i * classes + label];
          correct[k + i] = predicted[i] === label ? 1 : 0;
        });
      }),
    );
    x.release();
    k += labels.length;
  }
  const right = correct.reduce((a, b) => a + b, 0);
  return { accuracy: right / set.length, trueClassProbability: probability, correct };
}

/** What checkGradients found: max relative differences |ga − gn| / max(ε, |ga| + |gn|). */
export interface GradientCheck {
  loss: LossKind;
  samples: number;
  features: number;
  lambda: number;
  /** Coordinates of W and b compared with finite differences. */
  checked: number;
  /** float64 autograd against float64 centred differences (ε = 1e-12), for W and for b. */
  weight: number;
  bias: number;
  /** The float32 gradient of the current backend against the float64 one, max|Δ| / max|g|. */
  float32: number;
}

let float64: Backend | undefined;

/**
 * The finite-difference step. At DD2424's 1e-6 the rounding of J (about 1e-16·J/h) already
 * reaches 1e-6 of the smallest entries of ∂J/∂W; 1e-5 keeps both it and the h² truncation
 * error near 1e-7.
 */
const STEP = 1e-5;

/**
 * The gradient check of DD2424: the analytic gradient of J(W, b) (the library's autograd,
 * run in float64 on the reference backend) against centred differences in float64, on the
 * first `samples` samples of `set` cut to their first `features` features, with W and b
 * drawn from N(0, 0.01²). Also compares the float32 gradient that training uses (the
 * current backend) with the float64 one. `maxPerInput` samples that many coordinates of W
 * and of b (default: all).
 */
export function checkGradients(
  set: data.Dataset<Int32Array>,
  options: {
    loss: LossKind;
    samples: number;
    features: number;
    lambda: number;
    maxPerInput?: number;
    seed?: number;
  },
): GradientCheck {
  const { loss, samples: n, features: d, lambda, maxPerInput = Infinity, seed = 0 } = options;
  const all = set.x.length / set.length;
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) x.set(set.x.subarray(i * all, i * all + d), i * d);
  const labels = set.y.slice(0, n);
  const rng = new Random(seed);
  const w0 = gaussian(CLASSES * d, INIT_STD, rng);
  const b0 = gaussian(CLASSES, INIT_STD, rng);
  const cost = (w: Tensor, b: Tensor): Tensor =>
    costOf(loss, linear(Tensor.from(x, [n, d], { backend: w.backend }), w, b), labels, w, lambda);
  const numeric = gradcheck(
    cost,
    [
      { data: w0, shape: [CLASSES, d] },
      { data: b0, shape: [CLASSES] },
    ],
    { eps: STEP, maxPerInput, seed },
  );
  const gradients = (backend: Backend): Float64Array[] =>
    withBackend(backend, () =>
      scope(() => {
        const w = Tensor.from(w0, [CLASSES, d], { requiresGrad: true });
        const b = Tensor.from(b0, [CLASSES], { requiresGrad: true });
        cost(w, b).backward();
        return [w.grad!.toFloat64Array(), b.grad!.toFloat64Array()];
      }),
    );
  float64 ??= createReferenceBackend('f64');
  const exact = gradients(float64);
  const single = gradients(currentBackend());
  return {
    loss,
    samples: n,
    features: d,
    lambda,
    checked: numeric.checked,
    weight: numeric.perInput[0],
    bias: numeric.perInput[1],
    float32: Math.max(...exact.map((g, i) => maxScaledDifference(single[i], g))),
  };
}

/**
 * max_i |a_i − b_i| / max_i |b_i|: float32 rounding is relative to the size of the terms
 * summed, not to each entry, so entries that cancel to nearly 0 are judged against the
 * gradient's scale rather than their own.
 */
function maxScaledDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}
