import { typeNameOf } from '../type-name';
import { noGrad } from '../autograd/graph';
import { scope } from '../lifetime';
import { Tensor, type DType, type Shape } from '../tensor';
import {
  moduleToBytes,
  saveModule,
  type ModuleConfig,
  type SaveOptions,
  type StoredValues,
} from './serialize';

/**
 * The base of every layer and model (PyTorch's nn.Module): it owns named parameters,
 * buffers (running statistics) and child modules, switches train/eval mode and reads and
 * writes state dicts with PyTorch's key names ("0.weight", "3.running_mean", …).
 */
export abstract class Module {
  /** Training mode (dropout active, batch statistics); see train() and eval(). */
  training = true;
  readonly #parameters = new Map<string, Tensor>();
  readonly #buffers = new Map<string, Tensor>();
  readonly #children = new Map<string, Module>();

  /** Computes the module's output. */
  abstract forward(x: Tensor): Tensor;

  /** A short description for summaries and errors, e.g. "Linear(784 → 300)". */
  toString(): string {
    return typeNameOf(this);
  }

  /** Registers a trainable tensor: it requires a gradient and persists. */
  protected addParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    this.#parameters.set(name, t.keep());
    return t;
  }

  /** Registers a persistent tensor that is state but not trained (running statistics). */
  protected addBuffer(name: string, t: Tensor): Tensor {
    this.#buffers.set(name, t.keep());
    return t;
  }

  /** Registers a child module under `name`. */
  protected addModule<M extends Module>(name: string, m: M): M {
    if (!(m instanceof Module)) throw new Error(`simdnet: ${this}: '${name}' is not a Module`);
    this.#children.set(name, m);
    return m;
  }

  /** The child modules with their names, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.#children];
  }

  /** Every trainable tensor of this module and its descendants, each once. */
  parameters(): Tensor[] {
    return [...new Set(this.namedParameters().map(([, t]) => t))];
  }

  /** The number of trainable values (PyTorch: sum(p.numel() for p in model.parameters())). */
  parameterCount(): number {
    return countOf(this.parameters());
  }

  /** Every trainable tensor with its dotted name ("0.weight"). */
  namedParameters(): [string, Tensor][] {
    return this.#named((m) => m.#parameters);
  }

  /** Parameters and buffers with their dotted names, as PyTorch's state_dict(). */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.#named((m) => new Map([...m.#parameters, ...m.#buffers])));
  }

  /**
   * Copies values from a state dict into this module's parameters and buffers. With strict
   * (the default) every key must match; shapes must always match.
   */
  loadStateDict(
    dict: Record<string, Tensor | StoredValues | ArrayLike<number>>,
    { strict = true }: { strict?: boolean } = {},
  ): void {
    const own = this.stateDict();
    if (strict) {
      const missing = Object.keys(own).filter((k) => !(k in dict));
      const unexpected = Object.keys(dict).filter((k) => !(k in own));
      if (missing.length || unexpected.length) {
        throw new Error(
          `simdnet: loadStateDict: keys differ from ${this}'s` +
            (missing.length ? `; missing: ${missing.join(', ')}` : '') +
            (unexpected.length ? `; unexpected: ${unexpected.join(', ')}` : ''),
        );
      }
    }
    for (const [key, target] of Object.entries(own)) {
      const source = dict[key];
      if (source === undefined) continue;
      const values =
        source instanceof Tensor ? source.toArray() : 'data' in source ? source.data : source;
      const shape = source instanceof Tensor || 'shape' in source ? source.shape : undefined;
      if (shape && shape.join() !== target.shape.join()) {
        throw new Error(
          `simdnet: loadStateDict: '${key}' has shape [${shape}], the module needs [${target.shape}]`,
        );
      }
      if (values.length !== target.size) {
        throw new Error(
          `simdnet: loadStateDict: '${key}' has ${values.length} values, the module needs ${target.size} ([${target.shape}])`,
        );
      }
      if ((target as Tensor<DType>).dtype === 'int32') (target as Tensor<DType>).ints().set(values);
      else target.floats().set(values);
    }
  }

  /**
   * The constructor arguments that rebuild this module (saved with the weights so that
   * nn.load can recreate the model). Custom modules may override it; the default throws.
   */
  toConfig(): ModuleConfig {
    throw new Error(`simdnet: ${this} does not describe its architecture (override toConfig())`);
  }

  /** The weights (and architecture) as safetensors bytes (PyTorch reads them; see nn.load). */
  toBytes(options: SaveOptions = {}): Uint8Array {
    return moduleToBytes(this, options);
  }

  /** Writes toBytes() to a file (Node); options.metadata adds string entries (see nn.loadMetadata). */
  save(path: string, options: SaveOptions = {}): Promise<void> {
    return saveModule(this, path, options);
  }

  /** Sets training mode (true) or evaluation mode (false) here and in every descendant. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.#children.values()) child.train(mode);
    return this;
  }

  /** Evaluation mode: dropout off, batch norm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /**
   * A table of the layers with their output shapes for one input of `inputShape` (without
   * the batch dimension) and their parameter counts; printed to the console and returned.
   */
  summary(inputShape: Shape): string {
    const rows: [string, string, number][] = [];
    const wasTraining = this.training;
    this.eval();
    try {
      scope(() =>
        noGrad(() => {
          let x = Tensor.zeros([1, ...inputShape]);
          const layers = this.#children.size
            ? [...this.#children]
            : [['', this as Module] as const];
          for (const [name, layer] of layers) {
            x = layer.forward(x);
            rows.push([`${name} ${layer}`.trim(), `[${x.shape}]`, countOf(layer.parameters())]);
          }
        }),
      );
    } finally {
      this.train(wasTraining);
    }
    const total = countOf(this.parameters());
    const width = Math.max(20, ...rows.map((r) => r[0].length)) + 2;
    const lines = [
      `${'Layer'.padEnd(width)}${'Output shape'.padEnd(20)}Params`,
      ...rows.map(([l, s, p]) => `${l.padEnd(width)}${s.padEnd(20)}${p.toLocaleString('en-US')}`),
      `Total parameters: ${total.toLocaleString('en-US')}`,
    ];
    const text = lines.join('\n');
    console.log(text);
    return text;
  }

  #named(of: (m: Module) => Map<string, Tensor>, prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [...of(this)].map(([k, t]) => [prefix + k, t]);
    for (const [name, child] of this.#children) out.push(...child.#named(of, `${prefix}${name}.`));
    return out;
  }
}

const libraryForwards = new WeakSet<object>();

/**
 * Marks layer classes whose forward is the library's own: a Sequential runs them inside its
 * region, so the tensors between layers are internal (src/lifetime/regions.ts). A subclass
 * that overrides forward is user code again.
 */
export function libraryLayers(...classes: { prototype: Module }[]): void {
  for (const c of classes) libraryForwards.add(c.prototype.forward);
}

/** Whether m's forward is the library's own (see libraryLayers). */
export function isLibraryLayer(m: Module): boolean {
  return libraryForwards.has(m.forward);
}

/** The number of values in a list of tensors. */
export function countOf(tensors: readonly Tensor[]): number {
  return tensors.reduce((n, t) => n + t.size, 0);
}
