import type { DType, Tensor } from '../../tensor';
import type { Module } from '../module';
import type { ModuleConfig } from '../serialize';
import { bytes, float, int, message, packedInts, string } from './protobuf';

// A model as an ONNX file for inference (opset 13, IR version 7), written by the small
// protobuf encoder beside this file: the format needs five message types, and a library
// (protobufjs and the ONNX schema) would weigh more than the rest of simdnet's core. Every
// layer maps to standard operators on NCHW tensors: Linear → Gemm (transB), Conv2d → Conv,
// MaxPool2d → MaxPool, AvgPool2d → AveragePool (padding counted, as simdnet and PyTorch
// do), ReLU/Tanh/Sigmoid → Relu/Tanh/Sigmoid, Softmax → Softmax (last axis), Flatten →
// Flatten (axis 1), BatchNorm1d/2d → BatchNormalization (running statistics), Dropout →
// Identity. The weights are initializers named by the state-dict keys ("0.weight", …).
// The graph's input is "input" [N, ...inputShape], its output "output".

const OPSET = 13;
const IR_VERSION = 7;

// ONNX's enums (onnx.proto).
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** What toOnnx needs besides the model. */
export interface OnnxOptions {
  /**
   * The shape of one sample, e.g. [1, 28, 28] (the batch axis is left free). Needed when
   * the first layer does not fix it (a Conv2d); a first Linear gives [inFeatures].
   */
  inputShape?: number[];
}

type Attribute = Uint8Array;

const attrInt = (name: string, v: number) => message(string(1, name), int(20, ATTR_INT), int(3, v));
const attrInts = (name: string, v: number[]) =>
  message(string(1, name), int(20, ATTR_INTS), packedInts(8, v));
const attrFloat = (name: string, v: number) =>
  message(string(1, name), int(20, ATTR_FLOAT), float(2, v));

/** One graph node. */
function node(op: string, inputs: string[], output: string, attributes: Attribute[] = []) {
  return message(
    inputs.map((i) => string(1, i)),
    string(2, output),
    string(3, output), // the node's name: its output's
    string(4, op),
    attributes.map((a) => bytes(5, a)),
  );
}

/** A float32 tensor as an initializer. */
function initializer(name: string, t: Tensor<DType>): Uint8Array {
  const values = Float32Array.from(t.toArray() as ArrayLike<number>);
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return message(packedInts(1, [...t.shape]), int(2, FLOAT), string(8, name), bytes(9, raw));
}

/** A graph input or output: float32, with a free batch axis and the given sample shape. */
function valueInfo(name: string, sampleShape?: number[]): Uint8Array {
  const dims = sampleShape && [
    bytes(1, string(2, 'N')),
    ...sampleShape.map((d) => bytes(1, int(1, d))),
  ];
  const tensorType = message(int(1, FLOAT), dims ? bytes(2, message(...dims)) : []);
  return message(string(1, name), bytes(2, bytes(1, tensorType)));
}

const pair = (v: unknown): [number, number] =>
  typeof v === 'number' ? [v, v] : (v as [number, number]);

/** The graph's nodes, built layer by layer: each returns the name of its output. */
class GraphBuilder {
  readonly nodes: Uint8Array[] = [];
  readonly initializers: Uint8Array[] = [];
  #count = 0;

  constructor(private readonly state: Record<string, Tensor<DType>>) {}

  /** Adds `config` (a layer or a Sequential) reading `input`; returns its output's name. */
  add(config: ModuleConfig, input: string, prefix: string): string {
    const { type, args } = config;
    if (type === 'Sequential') {
      return (args as ModuleConfig[]).reduce(
        (x, layer, i) => this.add(layer, x, `${prefix}${i}.`),
        input,
      );
    }
    const out = `${prefix}${type.toLowerCase()}.${this.#count++}`;
    const emit = (op: string, inputs: string[], attributes: Attribute[] = []) => {
      this.nodes.push(node(op, inputs, out, attributes));
      return out;
    };
    switch (type) {
      case 'Linear':
        return emit(
          'Gemm',
          [input, ...this.#weights(prefix, ['weight', 'bias'])],
          [attrInt('transB', 1)],
        );
      case 'Conv2d': {
        const { stride = 1, padding = 0 } = args[3] as { stride?: unknown; padding?: unknown };
        const [ph, pw] = pair(padding);
        return emit(
          'Conv',
          [input, ...this.#weights(prefix, ['weight', 'bias'])],
          [
            attrInts('kernel_shape', pair(args[2])),
            attrInts('strides', pair(stride)),
            attrInts('pads', [ph, pw, ph, pw]),
          ],
        );
      }
      case 'MaxPool2d':
      case 'AvgPool2d': {
        const kernel = pair(args[0]);
        const { stride, padding = 0 } = (args[1] ?? {}) as { stride?: unknown; padding?: unknown };
        const [ph, pw] = pair(padding);
        const attributes = [
          attrInts('kernel_shape', kernel),
          attrInts('strides', stride === undefined ? kernel : pair(stride)),
          attrInts('pads', [ph, pw, ph, pw]),
        ];
        if (type === 'MaxPool2d') return emit('MaxPool', [input], attributes);
        return emit('AveragePool', [input], [...attributes, attrInt('count_include_pad', 1)]);
      }
      case 'BatchNorm1d':
      case 'BatchNorm2d': {
        const { eps = 1e-5, momentum = 0.1 } = (args[1] ?? {}) as {
          eps?: number;
          momentum?: number;
        };
        const names = ['weight', 'bias', 'running_mean', 'running_var'];
        // ONNX's momentum weighs the running value, PyTorch's the new one.
        return emit(
          'BatchNormalization',
          [input, ...this.#weights(prefix, names)],
          [attrFloat('epsilon', eps), attrFloat('momentum', 1 - momentum)],
        );
      }
      case 'ReLU':
        return emit('Relu', [input]);
      case 'Tanh':
      case 'Sigmoid':
        return emit(type, [input]);
      case 'Softmax':
        return emit('Softmax', [input], [attrInt('axis', -1)]);
      case 'Flatten':
        return emit('Flatten', [input], [attrInt('axis', 1)]);
      case 'Dropout':
        return emit('Identity', [input]); // inference
      default:
        throw new Error(`simdnet: nn.toOnnx: no ONNX operator for a ${type} layer`);
    }
  }

  /** The initializers of a layer's tensors that exist (a layer without bias has none). */
  #weights(prefix: string, names: string[]): string[] {
    const present = names.map((n) => `${prefix}${n}`).filter((key) => key in this.state);
    for (const key of present) this.initializers.push(initializer(key, this.state[key]));
    return present;
  }
}

/** The sample shape that the first layer fixes, if it does. */
function firstInputShape(config: ModuleConfig): number[] | undefined {
  if (config.type === 'Sequential') {
    const first = (config.args as ModuleConfig[])[0];
    return first && firstInputShape(first);
  }
  if (config.type === 'Linear' || config.type === 'BatchNorm1d') return [config.args[0] as number];
  return undefined;
}

/**
 * The model as ONNX bytes (opset 13) for inference: see the file's comment for the
 * operators. `inputShape` is one sample's shape; it may be left out when the first layer is
 * a Linear.
 */
export function toOnnx(model: Module, { inputShape }: OnnxOptions = {}): Uint8Array {
  const config = model.toConfig();
  const shape = inputShape ?? firstInputShape(config);
  if (!shape) {
    throw new Error(
      `simdnet: nn.toOnnx: pass { inputShape }, the shape of one sample (e.g. [1, 28, 28]): ` +
        `the model's first layer does not fix it`,
    );
  }
  if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`simdnet: nn.toOnnx: 'inputShape' must hold positive integers, got [${shape}]`);
  }
  const graph = new GraphBuilder(model.stateDict() as Record<string, Tensor<DType>>);
  const last = graph.add(config, 'input', '');
  // The last node writes "output".
  graph.nodes.push(node('Identity', [last], 'output'));
  const graphProto = message(
    graph.nodes.map((n) => bytes(1, n)),
    string(2, 'simdnet'),
    graph.initializers.map((t) => bytes(5, t)),
    bytes(11, valueInfo('input', shape)),
    bytes(12, valueInfo('output')),
  );
  return message(
    int(1, IR_VERSION),
    string(2, 'simdnet'),
    bytes(7, graphProto),
    bytes(8, message(string(1, ''), int(2, OPSET))),
  );
}
