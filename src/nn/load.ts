import { ReLU, Tanh, Sigmoid, Softmax, Flatten, Dropout } from './activation';
import { BatchNorm1d, BatchNorm2d } from './batchnorm';
import { Conv2d } from './conv';
import { Linear } from './linear';
import type { Module } from './module';
import { AvgPool2d, MaxPool2d } from './pool';
import { Sequential } from './sequential';
import {
  ARCHITECTURE_KEY,
  architectureOf,
  bytesOf,
  CUSTOM_MODULE_KEY,
  inFile,
  sourceName,
  stateFromBytes,
  type ModuleConfig,
  type StoredValues,
} from './serialize';

// An architecture comes from a file, which is untrusted input: every config is checked
// (types, counts, sizes) before a constructor sees it, so that an edited file ends in a
// simdnet error rather than a bare TypeError, and nn.load compares the parameter shapes it
// implies with the file's tensors before building anything, so that Linear(1e9, 1e9) in an
// edited config is refused instead of allocated.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModuleClass = new (...args: any[]) => Module;

/** How one layer type's config is checked, and the state-dict shapes it implies. */
interface LayerSpec {
  build: AnyModuleClass;
  /** Throws (via bad()) on arguments the constructor would reject or misread. */
  check(args: unknown[], bad: (message: string) => never): void;
  /** The shapes of its parameters and buffers, by state-dict name. */
  state(args: unknown[]): Record<string, number[]>;
}

const stateless = (build: AnyModuleClass): LayerSpec => ({
  build,
  check: (args, bad) => {
    if (args.length > 0) bad(`takes no arguments, got ${args.length}`);
  },
  state: () => ({}),
});

const batchNorm = (build: AnyModuleClass): LayerSpec => ({
  build,
  check: (args, bad) => {
    argCount(args, 1, 2, bad);
    size(args[0], 'numFeatures', bad);
    const { momentum, eps } = options(args[1], ['momentum', 'eps'], bad);
    if (momentum !== undefined && !(typeof momentum === 'number' && Number.isFinite(momentum))) {
      bad(`'momentum' must be a finite number, got ${show(momentum)}`);
    }
    if (eps !== undefined && !(typeof eps === 'number' && Number.isFinite(eps) && eps >= 0)) {
      bad(`'eps' must be a finite number ≥ 0, got ${show(eps)}`);
    }
  },
  state: ([n]) => {
    const v = [n as number];
    return { weight: v, bias: v, running_mean: v, running_var: v, num_batches_tracked: [] };
  },
});

const pool = (build: AnyModuleClass): LayerSpec => ({
  build,
  check: (args, bad) => {
    argCount(args, 1, 2, bad);
    pair(args[0], 'kernel', 1, bad);
    const { stride, padding } = options(args[1], ['stride', 'padding'], bad);
    if (stride !== undefined) pair(stride, 'stride', 1, bad);
    if (padding !== undefined) pair(padding, 'padding', 0, bad);
  },
  state: () => ({}),
});

const LAYERS: Record<string, LayerSpec> = {
  Linear: {
    build: Linear,
    check: (args, bad) => {
      argCount(args, 2, 3, bad);
      size(args[0], 'inFeatures', bad);
      size(args[1], 'outFeatures', bad);
      const { bias } = options(args[2], ['bias'], bad);
      flag(bias, 'bias', bad);
    },
    state: ([inF, outF, opts]) => ({
      weight: [outF as number, inF as number],
      ...((opts as { bias?: boolean } | undefined)?.bias === false
        ? {}
        : { bias: [outF as number] }),
    }),
  },
  Conv2d: {
    build: Conv2d,
    check: (args, bad) => {
      argCount(args, 3, 4, bad);
      size(args[0], 'inChannels', bad);
      size(args[1], 'outChannels', bad);
      pair(args[2], 'kernel', 1, bad);
      const { stride, padding, bias } = options(args[3], ['stride', 'padding', 'bias'], bad);
      if (stride !== undefined) pair(stride, 'stride', 1, bad);
      if (padding !== undefined) pair(padding, 'padding', 0, bad);
      flag(bias, 'bias', bad);
    },
    state: ([inC, outC, kernel, opts]) => {
      const k = typeof kernel === 'number' ? [kernel, kernel] : (kernel as number[]);
      return {
        weight: [outC as number, inC as number, k[0], k[1]],
        ...((opts as { bias?: boolean } | undefined)?.bias === false
          ? {}
          : { bias: [outC as number] }),
      };
    },
  },
  MaxPool2d: pool(MaxPool2d),
  AvgPool2d: pool(AvgPool2d),
  ReLU: stateless(ReLU),
  Tanh: stateless(Tanh),
  Sigmoid: stateless(Sigmoid),
  Softmax: stateless(Softmax),
  Flatten: stateless(Flatten),
  Dropout: {
    build: Dropout,
    check: (args, bad) => {
      argCount(args, 0, 1, bad);
      const p = args[0];
      if (p !== undefined && !(typeof p === 'number' && p >= 0 && p < 1)) {
        bad(`'p' must be a number in [0, 1), got ${show(p)}`);
      }
    },
    state: () => ({}),
  },
  BatchNorm1d: batchNorm(BatchNorm1d),
  BatchNorm2d: batchNorm(BatchNorm2d),
};

/** Deeper nesting than any real model; it keeps the recursion below the stack's limit. */
const MAX_DEPTH = 100;

/**
 * Builds a module (with fresh weights) from its toConfig() description, after checking it:
 * an unknown type or bad arguments throw a simdnet error that says where.
 */
export function fromConfig(config: ModuleConfig): Module {
  checkConfig(config, 'nn.fromConfig', 'the config', 0);
  return build(config);
}

function build(config: ModuleConfig): Module {
  if (config.type === 'Sequential') {
    return new Sequential(...config.args.map((c) => build(c as ModuleConfig)));
  }
  return new LAYERS[config.type].build(...config.args);
}

/** Checks `config` (any JSON) as a ModuleConfig: known types, arguments each constructor takes. */
function checkConfig(
  config: unknown,
  op: string,
  at: string,
  depth: number,
): asserts config is ModuleConfig {
  const bad: (message: string) => never = (message) => {
    throw new Error(`simdnet: ${op}: ${at}: ${message}`);
  };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    bad(`must be a { type, args } object, got ${show(config)}`);
  }
  const { type, args } = config as Record<string, unknown>;
  if (typeof type !== 'string') bad(`'type' must be a string, got ${show(type)}`);
  if (!Array.isArray(args)) bad(`'args' of ${type} must be an array, got ${show(args)}`);
  if (type === 'Sequential') {
    if (depth >= MAX_DEPTH) bad(`Sequential nested more than ${MAX_DEPTH} deep`);
    args.forEach((c, i) => checkConfig(c, op, `${at} > layer ${i}`, depth + 1));
    return;
  }
  const spec = Object.hasOwn(LAYERS, type) ? LAYERS[type] : undefined;
  if (!spec) {
    bad(
      `names a module type '${type}' that simdnet does not know (a custom module?): create ` +
        'the model yourself and call model.loadStateDict(await nn.loadStateDict(file))',
    );
  }
  spec.check(args, (message) => bad(`${type}: ${message}`));
}

/** The state-dict shapes a checked config implies, by dotted key (as Module.stateDict). */
function stateShapes(config: ModuleConfig, prefix = '', out = new Map<string, number[]>()) {
  if (config.type === 'Sequential') {
    config.args.forEach((c, i) => stateShapes(c as ModuleConfig, `${prefix}${i}.`, out));
  } else {
    const shapes = LAYERS[config.type].state(config.args);
    for (const [key, shape] of Object.entries(shapes)) out.set(prefix + key, shape);
  }
  return out;
}

/** Throws unless the file's tensors are exactly the ones the architecture implies. */
function checkStateFits(config: ModuleConfig, state: Record<string, StoredValues>): void {
  const want = stateShapes(config);
  const missing = [...want.keys()].filter((k) => !Object.hasOwn(state, k));
  const unexpected = Object.keys(state).filter((k) => !want.has(k));
  if (missing.length || unexpected.length) {
    throw new Error(
      "simdnet: nn.load: the tensors do not match the file's architecture" +
        (missing.length ? `; missing: ${list(missing)}` : '') +
        (unexpected.length ? `; unexpected: ${list(unexpected)}` : ''),
    );
  }
  for (const [key, shape] of want) {
    const have = state[key].shape;
    if (have.join() !== shape.join()) {
      throw new Error(
        `simdnet: nn.load: tensor '${key}' has shape [${have}], the file's architecture needs [${shape}]`,
      );
    }
  }
}

/**
 * Loads a model saved by model.save() / model.toBytes(): a path (Node) or the bytes. The
 * architecture comes from the file's metadata; for a file without it (a custom module, or
 * one written by PyTorch) build the model yourself and use nn.loadStateDict.
 */
export async function load(source: string | URL | Uint8Array): Promise<Module> {
  const op = 'nn.load';
  const bytes = await bytesOf(source, op);
  const file = sourceName(source);
  return inFile(op, file, () => {
    const { state, metadata } = stateFromBytes(bytes);
    const architecture = architectureOf(metadata);
    const loadWeights = `model.loadStateDict(await nn.loadStateDict(${file === undefined ? 'bytes' : JSON.stringify(file)}))`;
    if (architecture === undefined) {
      const custom = metadata[CUSTOM_MODULE_KEY];
      throw new Error(
        custom !== undefined
          ? `simdnet: nn.load: the file was saved from ${custom}, a custom module without ` +
              `toConfig(), so it holds no architecture to rebuild: create a ${custom} and call ` +
              loadWeights
          : `simdnet: nn.load: the file has weights but no '${ARCHITECTURE_KEY}' metadata ` +
              '(written by PyTorch or another library?): build the model yourself and call ' +
              loadWeights,
      );
    }
    checkConfig(architecture, op, `the architecture ('${ARCHITECTURE_KEY}')`, 0);
    // Every parameter then has the shape of a tensor in the file: nothing is larger than it.
    checkStateFits(architecture, state);
    const model = build(architecture);
    model.loadStateDict(state);
    return model;
  });
}

/** The state dict stored in a safetensors file (path in Node, or bytes), for loadStateDict. */
export async function loadStateDict(
  source: string | URL | Uint8Array,
): Promise<Record<string, StoredValues>> {
  const op = 'nn.loadStateDict';
  const bytes = await bytesOf(source, op);
  return inFile(op, sourceName(source), () => stateFromBytes(bytes).state);
}

function argCount(args: unknown[], min: number, max: number, bad: (m: string) => never): void {
  if (args.length < min || args.length > max) {
    bad(`takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
  }
}

function size(v: unknown, name: string, bad: (m: string) => never): void {
  if (!Number.isSafeInteger(v) || (v as number) < 1) {
    bad(`'${name}' must be a positive integer, got ${show(v)}`);
  }
}

/** A size or [h, w] of integers ≥ min (kernels and strides 1, padding 0). */
function pair(v: unknown, name: string, min: number, bad: (m: string) => never): void {
  const ok = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= min;
  if (!(ok(v) || (Array.isArray(v) && v.length === 2 && v.every(ok)))) {
    bad(`'${name}' must be an integer ≥ ${min} or two of them, got ${show(v)}`);
  }
}

function flag(v: unknown, name: string, bad: (m: string) => never): void {
  if (v !== undefined && typeof v !== 'boolean') bad(`'${name}' must be a boolean, got ${show(v)}`);
}

/** The options object (last argument), undefined or with only `known` keys. */
function options(v: unknown, known: string[], bad: (m: string) => never): Record<string, unknown> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    bad(`the options must be an object, got ${show(v)}`);
  }
  const unknown = Object.keys(v).filter((k) => !known.includes(k));
  if (unknown.length) bad(`unknown option '${unknown[0]}' (it takes ${known.join(', ')})`);
  return v as Record<string, unknown>;
}

/** A short rendering of a JSON value for messages. */
function show(v: unknown): string {
  const text = v === undefined ? 'nothing' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function list(keys: string[]): string {
  return keys.length > 5
    ? `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more`
    : keys.join(', ');
}
