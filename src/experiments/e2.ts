import { noGrad } from '../autograd/graph';
import * as data from '../data';
import { scope } from '../lifetime';
import * as nn from '../nn';
import * as optim from '../optim';
import { manualSeed } from '../random';
import { decisionChart } from '../report';
import { Tensor } from '../tensor';
import { fit, type History } from '../train';
import {
  bestAccuracy,
  curves,
  runTable,
  type ExperimentOptions,
  type ExperimentResult,
  plural,
} from './experiment';

// E2 — a 2-4-2 network (tanh hidden, softmax out) on the circles: the main recipe (lr 0.07,
// batch 10), lr 2 (trains but unstable), batch 1 vs 10 vs 50, and the decision boundary.
// The four ways of writing the same network are in examples/e2/; this runs (d), nn + SGD,
// on the same data (make_circles(800 / 400, noise 0.1, factor 0.5), seeds 0 and 1).

const INIT_SEED = 0;

/** 2 → 4 (tanh) → 2; the softmax is in the loss (crossEntropy takes the logits). */
export const circlesNet = (): nn.Sequential =>
  new nn.Sequential(new nn.Linear(2, 4), new nn.Tanh(), new nn.Linear(4, 2));

export async function e2(options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const log = options.log ?? console.log;
  const epochs = options.epochs ?? 150;
  const circles = { noise: 0.1, factor: 0.5 };
  const train = data.circlesDataset({ n: 800, seed: 0, ...circles });
  const test = data.circlesDataset({ n: 400, seed: 1, ...circles });
  const testBatches = new data.DataLoader(test, { batchSize: 400 });

  // Every run starts from the same initial weights and draws its batches with the same seed.
  const run = (name: string, lr: number, batchSize: number) => {
    manualSeed(INIT_SEED);
    const model = circlesNet();
    const history = fit(model, {
      train: new data.DataLoader(train, { batchSize, shuffle: true, seed: 1 }),
      test: testBatches,
      optimizer: new optim.SGD(model.parameters(), { lr }),
      epochs,
      progress: false,
    });
    const last = history.epochs.at(-1)!;
    log(
      `${name}: test accuracy ${percent(last.testAccuracy!)} (best ${percent(bestAccuracy(history))}), ` +
        `train loss ${last.trainLoss.toFixed(4)}, ${history.seconds.toFixed(1)} s`,
    );
    return { run: { name, history }, model };
  };

  log(`E2: 2-4-2 tanh/softmax on the circles (800 train, 400 test), ${plural(epochs, 'epoch')}`);
  const main = run('lr 0.07, batch 10', 0.07, 10);
  const lr2 = run('lr 2, batch 10', 2, 10);
  const batch1 = run('lr 0.07, batch 1', 0.07, 1);
  const batch50 = run('lr 0.07, batch 50', 0.07, 50);
  const runs = [main, lr2, batch1, batch50].map((r) => r.run);
  const seconds = runs.reduce((s, r) => s + r.history.seconds, 0);
  const final = (h: History) => h.epochs.at(-1)!.testAccuracy!;

  return {
    figures: {
      'test accuracy': final(main.run.history),
      'test accuracy lr 2': final(lr2.run.history),
      'test accuracy batch 1': final(batch1.run.history),
      'test accuracy batch 50': final(batch50.run.history),
      'train loss rises lr 0.07': rises(main.run.history),
      'train loss rises lr 2': rises(lr2.run.history),
      seconds,
      epochs,
    },
    samples: { 'training points': train.length, 'test points': test.length },
    report: {
      title: 'E2 — a 2-4-2 tanh/softmax network on the circles',
      sections: [
        {
          heading: 'Main recipe',
          text:
            `nn.Sequential(Linear(2, 4), Tanh, Linear(4, 2)), softmax cross-entropy averaged over ` +
            `the batch, plain SGD lr 0.07, batch 10, ${plural(epochs, 'epoch')}, PyTorch's default ` +
            `initialisation (seed ${INIT_SEED}); data make_circles(noise 0.1, factor 0.5), ` +
            `800 training and 400 test points. Final test accuracy ` +
            `${percent(final(main.run.history))} (reported: about 94 %). The same network ` +
            `written with ops and a hand-written backward, with autograd, with nn layers and ` +
            `with nn + optimizer (examples/e2/) ends with the same weights (test/e2.test.ts).`,
          table: runTable(runs),
          figures: [
            ...(await curves('lr 0.07, batch 10', [main.run])),
            {
              caption: 'Decision boundary of the main recipe over the test points',
              svg: await decisionBoundary(main.model, test, 'lr 0.07, batch 10: P(inner ring)'),
            },
          ],
        },
        {
          heading: 'Learning rate 0.07 vs 2',
          text:
            `lr 2 trains, but its loss jumps from epoch to epoch: the training loss rose in ` +
            `${rises(lr2.run.history)} of ${epochs} epochs (lr 0.07: ${rises(main.run.history)}).`,
          figures: [
            ...(await curves('lr 0.07 vs 2', [main.run, lr2.run])),
            {
              caption: 'Decision boundary with lr 2',
              svg: await decisionBoundary(lr2.model, test, 'lr 2, batch 10: P(inner ring)'),
            },
          ],
        },
        {
          heading: 'Batch size 1 vs 10 vs 50',
          text:
            'The same lr 0.07 and number of epochs: batch 1 takes 800 noisy steps per epoch, ' +
            'batch 50 only 16, and converges slowest.',
          figures: await curves('batch 1 vs 10 vs 50', [batch1.run, main.run, batch50.run]),
        },
      ],
    },
  };
}

const percent = (v: number) => `${(100 * v).toFixed(2)} %`;

/** In how many epochs the training loss went up: a measure of the instability. */
const rises = (h: History) =>
  h.epochs.filter((e, i) => i > 0 && e.trainLoss > h.epochs[i - 1].trainLoss).length;

/** P(inner ring) over a grid of the plane as a heat map, with the test points on top. */
function decisionBoundary(
  model: nn.Module,
  points: data.Dataset<Int32Array>,
  title: string,
): Promise<string> {
  const probability = (centres: Float32Array) => {
    const n = centres.length / 2;
    const p = scope(() =>
      noGrad(() => nn.functional.softmax(model.forward(Tensor.from(centres, [n, 2]))).toArray()),
    );
    return Float32Array.from({ length: n }, (_, k) => p[2 * k + 1]);
  };
  return decisionChart({
    title,
    grid: { range: [-1.5, 1.5], steps: 60, value: probability },
    color: { title: 'P(inner)', domain: [0, 1] },
    points: { x: points.x, labels: points.y, classes: ['outer', 'inner'], title: 'test point' },
  });
}
