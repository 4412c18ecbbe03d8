import { noGrad } from '../autograd/graph';
import * as data from '../data';
import { scope } from '../lifetime';
import * as nn from '../nn';
import * as optim from '../optim';
import { histogramChart, imageGrid } from '../report';
import { fit } from '../train';
import {
  bestAccuracy,
  curves,
  runTable,
  type ExperimentOptions,
  type ExperimentResult,
  count,
  mnistData,
  partOf,
  plural,
} from './experiment';
import { mnistCnn } from './models';

// E8 — the MNIST CNN with dropout, trained by Adadelta (lr 1.0) with the learning rate
// multiplied by gamma 0.7 after each epoch: PyTorch's examples/mnist recipe.

export async function e8(options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const log = options.log ?? console.log;
  const epochs = options.epochs ?? 4;
  const { train, test, sizes } = await mnistData(options);
  const model = mnistCnn();
  const conv1 = model.layers[0] as nn.Conv2d;
  log(
    `MNIST CNN: ${model.parameterCount().toLocaleString('en-US')} parameters, Adadelta lr 1.0, gamma 0.7, ${plural(epochs, 'epoch')}`,
  );
  const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0 });
  const weights: { name: string; values: Float32Array }[] = [
    { name: 'initial', values: conv1.weight.toArray() },
  ];
  const history = fit(model, {
    train: new data.DataLoader(train, { batchSize: 64, shuffle: true, seed: 1 }),
    test: new data.DataLoader(test, { batchSize: 1000 }),
    optimizer,
    scheduler: new optim.StepLR(optimizer, { stepSize: 1, gamma: 0.7 }),
    epochs,
    progress: options.progress ?? true,
    onEpoch: (r) => void weights.push({ name: `epoch ${r.epoch}`, values: conv1.weight.toArray() }),
  });
  const last = history.epochs.at(-1)!;
  const correct = Math.round(last.testAccuracy! * test.length);
  log(
    `test accuracy ${(100 * last.testAccuracy!).toFixed(2)} % (${correct}/${test.length}), test loss ${last.testLoss!.toFixed(4)}, ${history.seconds.toFixed(0)} s`,
  );

  // conv1's 32 feature maps (after ReLU) for the first test image.
  model.eval();
  const { activations, shape } = scope(() =>
    noGrad(() => {
      const { x } = test.batch([0]);
      const maps = model.layers[1].forward(conv1.forward(x));
      return { activations: maps.toArray(), shape: maps.shape };
    }),
  );
  const [, channels, h, w] = shape;
  const tiles = Array.from({ length: channels }, (_, c) => ({
    label: `channel ${c}`,
    width: w,
    height: h,
    pixels: activations.subarray(c * h * w, (c + 1) * h * w),
  }));
  return {
    figures: {
      'test accuracy': last.testAccuracy!,
      'best test accuracy': bestAccuracy(history),
      'test loss': last.testLoss!,
      seconds: history.seconds,
      epochs: history.epochs.length,
    },
    samples: { 'training images': train.length, 'test images': test.length },
    report: {
      title: 'E8 — MNIST CNN with dropout and Adadelta',
      sections: [
        {
          heading: 'Training',
          text:
            `Adadelta (lr 1.0, rho 0.9), StepLR gamma 0.7 per epoch, batch 64, ${plural(epochs, 'epoch')} ` +
            `on ${partOf(train.length, sizes.train, 'training images')}, inputs normalised with ` +
            `mean 0.1307 and std 0.3081. Final test accuracy on ${partOf(test.length, sizes.test, 'test images')} ` +
            `${(100 * last.testAccuracy!).toFixed(2)} % (${count(correct)}/${count(test.length)}), test loss ${last.testLoss!.toFixed(4)}; ` +
            `wall time ${history.seconds.toFixed(0)} s. Reported: 99.17 % (9917/10000), test loss 0.0268.`,
          table: runTable([{ name: 'MNIST CNN', history }]),
          figures: await curves('MNIST CNN', [{ name: 'CNN', history }]),
        },
        {
          heading: 'First convolution layer',
          figures: [
            {
              caption: 'conv1 feature maps (after ReLU) for the first test image',
              svg: await imageGrid({
                title: 'conv1 activations, test image 0',
                images: tiles,
                columns: 8,
              }),
            },
            {
              caption: 'Distribution of the conv1 weights after each epoch',
              svg: await histogramChart({
                title: 'conv1 weights per epoch',
                x: 'weight',
                series: weights,
                bins: 40,
              }),
            },
          ],
        },
      ],
    },
  };
}
