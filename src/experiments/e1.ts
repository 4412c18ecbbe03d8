import * as data from '../data';
import * as nn from '../nn';
import * as optim from '../optim';
import { fit, type History } from '../train';
import {
  bestAccuracy,
  count,
  curves,
  runTable,
  type ExperimentOptions,
  type ExperimentResult,
  type Run,
  mnistData,
  partOf,
  plural,
} from './experiment';

// E1 — MNIST MLPs: parameter counts, mini-batch SGD vs full-batch gradient descent, and a
// learning-rate sweep. ReLU hidden units (the report leaves the activation open).

const ARCHITECTURES = [
  [784, 300, 10],
  [784, 10, 10, 10],
  [784, 20, 20, 10],
];

/** An MLP on flattened images with ReLU between its Linear layers. */
export function mlp(sizes: number[]): nn.Module {
  const layers = sizes.slice(1).flatMap((out, i) => {
    const linear = new nn.Linear(sizes[i], out);
    return i < sizes.length - 2 ? [linear, new nn.ReLU()] : [linear];
  });
  return new nn.Sequential(new nn.Flatten(), ...layers);
}

export async function e1(options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const log = options.log ?? console.log;
  const epochs = options.epochs ?? 5;
  const progress = options.progress ?? true;
  const { train, test, sizes } = await mnistData(options);
  const testBatches = new data.DataLoader(test, { batchSize: 1000 });
  const sgdRun = (sizes: number[], lr: number, runEpochs: number): History => {
    const model = mlp(sizes);
    return fit(model, {
      train: new data.DataLoader(train, { batchSize: 64, shuffle: true, seed: 1 }),
      test: testBatches,
      optimizer: new optim.SGD(model.parameters(), { lr }),
      epochs: runEpochs,
      progress,
    });
  };

  const counts = ARCHITECTURES.map((sizes) => mlp(sizes).parameterCount());
  ARCHITECTURES.forEach((sizes, i) =>
    log(`${sizes.join('-')}: ${counts[i].toLocaleString('en-US')} parameters`),
  );

  log(`mini-batch SGD (batch 64, lr 0.1), ${plural(epochs, 'epoch')} per architecture`);
  // A header per run: otherwise the runs' epoch lines read alike.
  const sgd: Run[] = ARCHITECTURES.map((layers) => {
    if (progress) log(`${layers.join('-')}:`);
    return { name: layers.join('-'), history: sgdRun(layers, 0.1, epochs) };
  });

  const steps = Math.max(epochs * 3, 10);
  const trainImages = partOf(train.length, sizes.train, 'training images');
  const testImages = partOf(test.length, sizes.test, 'test images');
  log(`full-batch gradient descent, 784-300-10, lr 0.1, ${steps} steps over ${trainImages}`);
  const gd = fullBatch(train, test, steps, 0.1, progress);

  const sweepEpochs = Math.max(1, Math.round(epochs / 3));
  const rates = [0.001, 0.01, 0.1, 1];
  log(`learning-rate sweep, 784-300-10, SGD batch 64, ${plural(sweepEpochs, 'epoch')} each`);
  const sweep: Run[] = rates.map((lr) => {
    if (progress) log(`lr ${lr}:`);
    return { name: `lr ${lr}`, history: sgdRun([784, 300, 10], lr, sweepEpochs) };
  });

  const main = sgd[0].history;
  return {
    figures: {
      'params 784-300-10': counts[0],
      'params 784-10-10-10': counts[1],
      'params 784-20-20-10': counts[2],
      'SGD 784-300-10 test accuracy': bestAccuracy(main),
      'full-batch GD test accuracy': bestAccuracy(gd.history),
      'SGD 784-300-10 seconds': main.seconds,
    },
    samples: { 'training images': train.length, 'test images': test.length },
    report: {
      title: 'E1 — MNIST MLPs: full-batch gradient descent vs mini-batch SGD',
      sections: [
        {
          heading: 'Architectures',
          text:
            'Fully connected networks with ReLU hidden layers (the report leaves the activation open; ' +
            'ReLU is the usual PyTorch choice), PyTorch default initialisation, inputs normalised ' +
            'with mean 0.1307 and std 0.3081.',
          table: {
            columns: ['architecture', 'parameters'],
            rows: ARCHITECTURES.map((s, i) => [s.join('-'), counts[i]]),
          },
        },
        {
          heading: 'Mini-batch SGD',
          text:
            `Plain SGD, lr 0.1, batch 64, ${plural(epochs, 'epoch')} over ${trainImages}, ` +
            'reshuffled every epoch. Train loss is the running mean over each epoch; test loss ' +
            `is measured on ${testImages} after it.`,
          table: runTable(sgd),
          figures: await curves('Mini-batch SGD', sgd),
        },
        {
          heading: 'Full-batch gradient descent vs mini-batch SGD',
          text:
            `Full-batch gradient descent feeds ${trainImages} to every step (${steps} ` +
            'steps, lr 0.1): each step is exact but costs a whole epoch, so in the same time SGD takes ' +
            `${count(Math.ceil(train.length / 64))} noisy steps. Plotted per step for GD.`,
          table: runTable([gd, sgd[0]]),
          figures: await curves('Full-batch GD (784-300-10)', [gd], 'step'),
        },
        {
          heading: 'Learning-rate sweep (784-300-10)',
          table: runTable(sweep),
          figures: await curves('Learning-rate sweep', sweep),
        },
      ],
    },
  };
}

/** Full-batch gradient descent: one step per pass over the whole training set. */
function fullBatch(
  train: data.Dataset,
  test: data.Dataset,
  steps: number,
  lr: number,
  progress: boolean,
): Run {
  const x = train.tensor(); // used every step: it stays in linear memory
  const labels = train.y as Int32Array;
  const model = mlp([784, 300, 10]);
  const optimizer = new optim.SGD(model.parameters(), { lr });
  const whole = { length: 1, [Symbol.iterator]: () => [{ x, y: labels }][Symbol.iterator]() };
  const testBatches = new data.DataLoader(test, { batchSize: 1000 });
  const history = fit(model, {
    train: whole,
    test: testBatches,
    optimizer,
    epochs: steps,
    progress,
  });
  x.release();
  return { name: 'full-batch GD', history };
}
