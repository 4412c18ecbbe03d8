import { ReLU, Tanh, Sigmoid, Softmax, Flatten, Dropout } from './activation';
import { BatchNorm1d, BatchNorm2d } from './batchnorm';
import { Conv2d } from './conv';
import { Linear } from './linear';
import type { Module } from './module';
import { AvgPool2d, MaxPool2d } from './pool';
import { Sequential } from './sequential';
import { bytesOf, stateFromBytes, type ModuleConfig, type StoredValues } from './serialize';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModuleClass = new (...args: any[]) => Module;

const LAYERS: Record<string, AnyModuleClass> = {
  Linear,
  Conv2d,
  MaxPool2d,
  AvgPool2d,
  ReLU,
  Tanh,
  Sigmoid,
  Softmax,
  Flatten,
  Dropout,
  BatchNorm1d,
  BatchNorm2d,
};

/** Builds a module (with fresh weights) from its toConfig() description. */
export function fromConfig(config: ModuleConfig): Module {
  if (config.type === 'Sequential') {
    return new Sequential(...(config.args as ModuleConfig[]).map(fromConfig));
  }
  const Layer = LAYERS[config.type];
  if (!Layer) throw new Error(`simdnet: nn.load: unknown layer type '${config.type}'`);
  return new Layer(...config.args);
}

/**
 * Loads a model saved by model.save() / model.toBytes(): a path (Node) or the bytes. The
 * architecture comes from the file's metadata; for a file without it (one written by
 * PyTorch) build the model yourself and use nn.loadStateDict.
 */
export async function load(source: string | URL | Uint8Array): Promise<Module> {
  const { state, architecture } = stateFromBytes(await bytesOf(source));
  if (!architecture) {
    throw new Error(
      'simdnet: nn.load: the file has no simdnet architecture (written by PyTorch?); build the ' +
        'model and call model.loadStateDict(await nn.loadStateDict(file))',
    );
  }
  const model = fromConfig(architecture);
  model.loadStateDict(state);
  return model;
}

/** The state dict stored in a safetensors file (path in Node, or bytes), for loadStateDict. */
export async function loadStateDict(
  source: string | URL | Uint8Array,
): Promise<Record<string, StoredValues>> {
  return stateFromBytes(await bytesOf(source)).state;
}
