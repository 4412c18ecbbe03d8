// The three reference models, described once for every library, and their synthetic batches.
import { benchData } from '../harness';
import type { Layer, ModelSpec } from './contender';

const CLASSES = 10;

/** MLP 784-300-10 with ReLU (the MNIST MLP of the coursework). */
export const MLP: ModelSpec = {
  name: 'MLP 784-300-10',
  input: [784],
  layers: [{ type: 'linear', out: 300 }, { type: 'relu' }, { type: 'linear', out: CLASSES }],
};

/** The MNIST CNN of E8 (src/experiments/e8.ts: mnistCnn), layer for layer. */
export const MNIST_CNN: ModelSpec = {
  name: 'MNIST CNN (E8)',
  input: [1, 28, 28],
  layers: [
    { type: 'conv', out: 32, kernel: 3, padding: 0 },
    { type: 'relu' },
    { type: 'conv', out: 64, kernel: 3, padding: 0 },
    { type: 'relu' },
    { type: 'maxpool', size: 2 },
    { type: 'dropout', p: 0.25 },
    { type: 'flatten' },
    { type: 'linear', out: 128 },
    { type: 'relu' },
    { type: 'dropout', p: 0.5 },
    { type: 'linear', out: CLASSES },
  ],
};

const convBlock = (out: number): Layer[] => [
  { type: 'conv', out, kernel: 5, padding: 2 },
  { type: 'relu' },
  { type: 'maxpool', size: 2 },
];

/** The CIFAR-10 CNN of E5: three 5×5 conv blocks (32, 64, 64), fc 1024→1000→10. */
export const CIFAR_CNN: ModelSpec = {
  name: 'CIFAR CNN (E5)',
  input: [3, 32, 32],
  layers: [
    ...convBlock(32),
    ...convBlock(64),
    ...convBlock(64),
    { type: 'flatten' },
    { type: 'linear', out: 1000 },
    { type: 'relu' },
    { type: 'linear', out: CLASSES },
  ],
};

export const MODELS = [MLP, MNIST_CNN, CIFAR_CNN];

/** Each layer with the shape of one example entering it ([features] or [C, H, W]). */
export function walk(spec: ModelSpec): { layer: Layer; input: number[] }[] {
  let shape = spec.input;
  return spec.layers.map((layer) => {
    const input = shape;
    if (layer.type === 'conv') {
      const [, h, w] = input;
      const side = (s: number) => s + 2 * layer.padding - layer.kernel + 1;
      shape = [layer.out, side(h), side(w)];
    } else if (layer.type === 'maxpool') {
      shape = [input[0], input[1] / layer.size, input[2] / layer.size];
    } else if (layer.type === 'flatten') {
      shape = [input.reduce((a, b) => a * b, 1)];
    } else if (layer.type === 'linear') {
      shape = [layer.out];
    }
    return { layer, input };
  });
}

/** A seeded synthetic batch: inputs in [-1, 1) (row-major, [batch, ...input]) and labels. */
export function syntheticBatch(spec: ModelSpec, batch: number) {
  const size = spec.input.reduce((a, b) => a * b, 1);
  const x = benchData(batch * size, 7);
  const labels = Int32Array.from(benchData(batch, 8), (v) => Math.floor((v + 1) * 5) % CLASSES);
  return { x, labels, classes: CLASSES };
}

/** Learning rate of the plain SGD every contender trains with. */
export const LEARNING_RATE = 0.01;
