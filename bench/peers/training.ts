// Model workloads: a training step (forward, loss read back, backward, SGD) and inference
// (forward only) at batch 64, and training at batch 16 and 256 (how cost grows with batch).
import type { Contender, ModelSpec, ModelTask, Workload } from './contender';
import { CIFAR_CNN, MLP, MNIST_CNN } from './models';

function modelWorkload(family: string, task: ModelTask, short: string): Workload {
  const cnn = task.model.input.length === 3;
  const what = task.mode === 'train' ? 'training step' : 'inference';
  return {
    family,
    name: `${task.model.name} ${what}, batch ${task.batch}`,
    short,
    unit: 'img/s',
    work: task.batch,
    // jax-js and ConvNetJS take seconds per CNN step (one window is enough); tfjs-cpu minutes.
    maxRunSeconds: cnn ? 20 : 5,
    prepare: (c) => c.model?.(task),
    probe: cnn
      ? { scale: task.batch, prepare: (c) => c.model?.({ ...task, batch: 1 }) }
      : undefined,
  };
}

const SHORT = new Map<ModelSpec, string>([
  [MLP, 'MLP'],
  [MNIST_CNN, 'MNIST'],
  [CIFAR_CNN, 'CIFAR'],
]);

/** Training and inference at batch 64; `quick` keeps the MLP and the MNIST CNN. */
export function modelWorkloads(quick: boolean): Workload[] {
  const models = quick ? [MLP, MNIST_CNN] : [MLP, MNIST_CNN, CIFAR_CNN];
  const train = models.map((model) =>
    modelWorkload('train', { model, batch: 64, mode: 'train' }, `train ${SHORT.get(model)}`),
  );
  const infer = models
    .filter((model) => model !== MLP)
    .map((model) =>
      modelWorkload('infer', { model, batch: 64, mode: 'infer' }, `infer ${SHORT.get(model)}`),
    );
  return [...train, ...infer];
}

/** Training at batch 16 and 256 (batch 64 is in modelWorkloads); none when `quick`. */
export function growthWorkloads(quick: boolean): Workload[] {
  if (quick) return [];
  return [MLP, MNIST_CNN, CIFAR_CNN].flatMap((model) =>
    [16, 256].map((batch) =>
      modelWorkload('growth', { model, batch, mode: 'train' }, `${SHORT.get(model)} b${batch}`),
    ),
  );
}

/** The name of the column with simdnet's batch-64 rate measured in a growth row's rounds. */
export const BATCH_64 = 'simdnet b64';

/**
 * simdnet training the same model at batch 64, as a pseudo-contender of the growth rows: it
 * takes its turns in the row's rounds, so the batch-16 and batch-256 rates compare with a
 * batch-64 rate from the same minutes (the machine's slow spells last minutes).
 */
export function batch64Gauge(simdnet: Contender): Contender {
  return {
    name: BATCH_64,
    threads: simdnet.threads,
    // The runner's probe (a batch of 1, to skip hopeless contenders) stays a batch of 1.
    model: async (task) => {
      const batch = task.batch === 1 ? 1 : 64;
      return { ...(await simdnet.model!({ ...task, batch })), work: batch };
    },
  };
}
