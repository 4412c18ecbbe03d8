// The networks of the experiments, on their own so that a page or a test can build one
// without the experiment's data and reports.
import * as nn from '../nn';

/** E8's MNIST CNN (PyTorch's examples/mnist): conv 3×3 1→32, conv 3×3 32→64, maxpool 2, dropout 0.25, fc 9216→128, dropout 0.5, fc 128→10. */
export const mnistCnn = (): nn.Sequential =>
  new nn.Sequential(
    new nn.Conv2d(1, 32, 3),
    new nn.ReLU(),
    new nn.Conv2d(32, 64, 3),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Dropout(0.25),
    new nn.Flatten(),
    new nn.Linear(9216, 128),
    new nn.ReLU(),
    new nn.Dropout(0.5),
    new nn.Linear(128, 10),
  );

/**
 * The E5 network: conv 5×5 3→32 (pad 2), ReLU, maxpool 2; conv 5×5 32→64 (pad 2), ReLU,
 * maxpool 2; conv 5×5 64→64 (pad 2), ReLU, maxpool 2; fc 1024→1000, ReLU; fc 1000→10
 * (1 191 170 parameters). With `batchNorm`, BatchNorm2d after each convolution; with
 * `dropout`, Dropout(0.5) on the hidden fully connected layer (before the last one): before
 * both, the network underfit (train accuracy below test, 79.7 % at 30 epochs; README).
 */
export function cifarCnn({ dropout = false, batchNorm = false } = {}): nn.Sequential {
  const block = (inC: number, outC: number) => [
    new nn.Conv2d(inC, outC, 5, { padding: 2 }),
    ...(batchNorm ? [new nn.BatchNorm2d(outC)] : []),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
  ];
  return new nn.Sequential(
    ...block(3, 32),
    ...block(32, 64),
    ...block(64, 64),
    new nn.Flatten(),
    new nn.Linear(1024, 1000),
    new nn.ReLU(),
    ...(dropout ? [new nn.Dropout(0.5)] : []),
    new nn.Linear(1000, 10),
  );
}
