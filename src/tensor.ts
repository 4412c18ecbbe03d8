import type { Backend } from './backend/backend';
import type { FloatArray } from './backend/memory';
import { currentBackend } from './backend/current';
import { Random } from './random';
import {
  Storage,
  allocating,
  clock,
  expose,
  forget,
  freeAttached,
  inRegion,
  joinRegion,
  leaveScope,
  used,
  watch,
  WATCHED_BYTES,
  type Managed,
  type Region,
  type Scope,
} from './lifetime';
import type { GradFn } from './autograd/graph';
import type { BackwardOptions } from './autograd/backward';
import type { Operand } from './autograd/functions';

export type DType = 'float32' | 'int32';
export type Shape = readonly number[];
/** The typed array a tensor of dtype D reads back into. */
export type ArrayOf<D extends DType> = D extends 'int32' ? Int32Array : Float32Array;

export interface TensorOptions {
  /** The backend to create the tensor on; defaults to the one `init()` chose. */
  backend?: Backend;
  /** Track operations on this tensor so that backward() computes its gradient. */
  requiresGrad?: boolean;
  /** Long-lived: not freed by scope() (see keep()). */
  keep?: boolean;
}

/** Checks a shape and returns its element count; `[]` is a scalar (one element). */
export function shapeSize(shape: Shape, what = 'shape'): number {
  if (!Array.isArray(shape)) {
    throw new Error(`simdnet: ${what} must be an array of sizes, got ${String(shape)}`);
  }
  let size = 1;
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1) {
      throw new Error(`simdnet: ${what}[${i}] must be a positive integer, got ${d}`);
    }
    size *= d;
  });
  return size;
}

/**
 * The differentiable methods of a tensor. Autograd sits above this file: it installs them on
 * Tensor.prototype when it loads (src/autograd/methods.ts), and this declaration, merged with
 * the class, gives them their types. Each one is the autograd function of the same name.
 */
// Merged with the class: D must be declared, though the methods do not use it.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export interface Tensor<D extends DType = 'float32'> {
  /**
   * Computes the gradient of this tensor with respect to every leaf that requires one and
   * adds it into their `grad`. A scalar needs no argument; otherwise pass dL/dthis. Then
   * frees what the graph saved for it, unless `{ retainGraph: true }` (as the only argument
   * of a scalar's backward, or after the gradient).
   */
  backward(gradient?: Tensor | BackwardOptions, options?: BackwardOptions): void;
  /** A copy of the data that is not connected to the graph (a new leaf). */
  detach(): Tensor;
  /** Matrix product (2-D): this [m, k] · other [k, n]. */
  matmul(other: Tensor): Tensor;
  /** this + other, with broadcasting. */
  add(other: Operand): Tensor;
  /** this − other, with broadcasting. */
  sub(other: Operand): Tensor;
  /** this ⊙ other (elementwise), with broadcasting. */
  mul(other: Operand): Tensor;
  /** this / other (elementwise), with broadcasting. */
  div(other: Operand): Tensor;
  /** −this */
  neg(): Tensor;
  /** Sum of all elements, or along an axis. */
  sum(axis?: number, keepDims?: boolean): Tensor;
  /** Mean of all elements, or along an axis. */
  mean(axis?: number, keepDims?: boolean): Tensor;
  /** The data under another shape (one dimension may be −1). */
  reshape(shape: Shape): Tensor;
  /** Merges the dimensions from startDim (default 1) on into one. */
  flatten(startDim?: number): Tensor;
  /** Swaps the last two dimensions. */
  transpose(): Tensor;
  /** max(this, 0) */
  relu(): Tensor;
  /** tanh(this) */
  tanh(): Tensor;
  /** 1/(1 + e^−this) */
  sigmoid(): Tensor;
  /** Softmax over the last axis. */
  softmax(): Tensor;
  /** log softmax over the last axis. */
  logSoftmax(): Tensor;
}

/**
 * An n-dimensional array stored in a backend's linear memory (f32, or i32 for indices),
 * with the autograd links that backward() follows.
 *
 * Its data stay valid as long as the tensor can be reached: the library frees what it made
 * for itself, moves tensors that went unused for a generation (a training step, a noGrad()
 * block, a DataLoader batch) out to the JavaScript heap and back on their next use, and
 * gives a block back when the garbage collector frees its tensor (see src/lifetime/).
 * `release()` frees it now; using it afterwards throws an error that says why.
 */
// The methods declared above are installed by src/autograd/methods.ts, not defined here.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tensor<D extends DType = 'float32'> implements Managed {
  readonly shape: Shape;
  readonly size: number;
  /** Whether backward() computes a gradient for this tensor (set it on leaves you train). */
  requiresGrad = false;
  /** The gradient accumulated by backward() (leaves only), or null. */
  grad: Tensor | null = null;
  /** The operation that made this tensor, when it was recorded for backward(); null for leaves. */
  gradFn: GradFn | null = null;
  /** @internal The library region that made it and still owns it, if any. */
  region: Region | undefined;
  /** @internal The scope() that frees it, if any. */
  scope: Scope | undefined;
  /** @internal Tensors the library made for this tensor's backward. */
  attached: Managed[] | undefined;
  readonly #storage: Storage;
  #releasedBecause = '';
  #watched = false;

  /** A tensor with uninitialised data; ops and factories use it, users call the factories. */
  constructor(
    readonly backend: Backend,
    shape: Shape,
    readonly dtype: D,
  ) {
    this.size = shapeSize(shape);
    this.shape = Object.freeze([...shape]);
    this.#storage = new Storage(backend, this.size, dtype);
    allocating(this.#storage.bytes, backend.heap.allocator.peakLiveBytes, !inRegion());
    this.#storage.claim(this.shape);
    if (!joinRegion(this)) expose(this);
  }

  /** Applies the requiresGrad and keep options of a factory. */
  #configure(options: TensorOptions): this {
    if (options.keep) this.keep();
    if (options.requiresGrad) this.requiresGrad = true;
    return this;
  }

  /** A float tensor holding a copy of `data` (row-major), shaped `shape` (default: 1-D). */
  static from(
    data: ArrayLike<number>,
    shape: Shape = [data.length],
    options: TensorOptions = {},
  ): Tensor {
    const t = new Tensor(options.backend ?? currentBackend(), shape, 'float32');
    if (data.length !== t.size) {
      t.release();
      throw new Error(
        `simdnet: Tensor.from got ${data.length} values for shape [${shape}] (${t.size} needed)`,
      );
    }
    t.floats().set(data);
    return t.#configure(options);
  }

  /**
   * @internal Tensor.from for an array the caller made for this tensor and will not touch
   * again (a DataLoader batch): the tensor keeps it, and moves its data out into it when it
   * goes cold, without allocating.
   */
  static fromOwned(data: Float32Array, shape: Shape, options: TensorOptions = {}): Tensor {
    const t = Tensor.from(data, shape, options);
    t.#storage.shadow = data;
    return t;
  }

  /** An int32 tensor (labels, indices) holding a copy of `data`. */
  static fromInts(
    data: ArrayLike<number>,
    shape: Shape = [data.length],
    options: TensorOptions = {},
  ): Tensor<'int32'> {
    const t = new Tensor(options.backend ?? currentBackend(), shape, 'int32');
    if (data.length !== t.size) {
      t.release();
      throw new Error(
        `simdnet: Tensor.fromInts got ${data.length} values for shape [${shape}] (${t.size} needed)`,
      );
    }
    t.ints().set(data);
    return t.#configure(options);
  }

  /** A float tensor of zeros. */
  static zeros(shape: Shape, options: TensorOptions = {}): Tensor {
    return Tensor.full(shape, 0, options);
  }

  /** A float tensor with every element `value`. */
  static full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
    const t = new Tensor(options.backend ?? currentBackend(), shape, 'float32');
    t.floats().fill(value);
    return t.#configure(options);
  }

  /** Normal deviates N(mean, std²) from the library's seeded generator. */
  static randn(
    shape: Shape,
    options: TensorOptions & { seed: number; mean?: number; std?: number },
  ): Tensor {
    const { seed, mean = 0, std = 1 } = options;
    const rng = new Random(seed);
    const t = new Tensor(options.backend ?? currentBackend(), shape, 'float32');
    const f = t.floats();
    for (let i = 0; i < t.size; i++) f[i] = mean + std * rng.normal();
    return t.#configure(options);
  }

  /**
   * Byte offset of the data in the backend's memory (for kernel calls: read it in the call's
   * arguments, after making the outputs). Brings moved-out data back; throws once released.
   */
  get ptr(): number {
    const storage = this.#storage;
    const ptr = storage.ptr;
    if (ptr < 0) return this.#reload();
    if (storage.lastUse !== clock.generation) used(storage);
    return ptr;
  }

  /** Whether release() has been called (or the library freed it). */
  get released(): boolean {
    return this.#releasedBecause !== '';
  }

  /** How it was freed ('by release()', 'at the end of the scope() …'); '' while it lives. */
  get releaseReason(): string {
    return this.#releasedBecause;
  }

  /** @internal Whether keep() marked it long-lived. */
  get longLived(): boolean {
    return this.#storage.longLived;
  }

  /** @internal Whether the data are in linear memory now. */
  get resident(): boolean {
    return this.#storage.resident;
  }

  /** A copy of the data (Float32Array, or Int32Array for int32 tensors). */
  toArray(): ArrayOf<D> {
    const data = this.#data();
    return (this.dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data)) as ArrayOf<D>;
  }

  /** A float64 copy: exact in a float64 reference backend (gradient checks). */
  toFloat64Array(): Float64Array {
    return Float64Array.from(this.#data());
  }

  /**
   * Frees the data, and what the library kept for this tensor's backward; the tensor can no
   * longer be used. Releasing twice is harmless.
   */
  release(reason = 'by release()'): void {
    if (this.released) return;
    freeAttached(this, `with the tensor of shape [${this.shape}] it was kept for (${reason})`);
    this.#storage.free();
    this.#storage.away = this.#storage.shadow = undefined;
    this.#releasedBecause = reason;
    leaveScope(this);
    if (this.#watched) forget(this.#storage);
  }

  /**
   * Marks the tensor long-lived (a parameter, optimizer state): the scope() it was made in
   * does not free it (release() still does), and its data stay in linear memory through
   * longer pauses in its use. Returns it.
   */
  keep(): this {
    this.#storage.longLived = true;
    leaveScope(this);
    if (this.region) {
      this.region = undefined;
      this.watch();
    }
    return this;
  }

  /** @internal Keeps `kept` for this tensor's backward: they live and die with it. */
  attach(kept: Managed[]): void {
    this.attached = kept.length ? kept : undefined;
    this.#storage.companions = kept.length
      ? kept.map((k) => (k as unknown as Tensor<DType>).#storage)
      : undefined;
  }

  /** @internal Lets the garbage collector free the block once this object is unreachable. */
  watch(): void {
    if (this.#watched || this.released || this.#storage.bytes < WATCHED_BYTES) return;
    this.#watched = true;
    watch(this, this.#storage);
  }

  /**
   * A live view of the float data; valid until the next tensor is made (which may grow the
   * memory or move this tensor's data): do not keep it.
   */
  floats(): FloatArray {
    if (this.dtype !== 'float32') throw new Error('simdnet: floats() of an int32 tensor');
    return this.#storage.viewAt(this.ptr) as FloatArray;
  }

  /** A live view of the int32 data; valid until the next tensor is made: do not keep it. */
  ints(): Int32Array {
    if (this.dtype !== 'int32') throw new Error('simdnet: ints() of a float32 tensor');
    return this.#storage.viewAt(this.ptr) as Int32Array;
  }

  /** The value of a one-element tensor (a loss, say) as a number. */
  item(): number {
    if (this.size !== 1) {
      throw new Error(`simdnet: item() needs a one-element tensor, got shape [${this.shape}]`);
    }
    return this.#data()[0];
  }

  /** The data where they are now, without bringing moved-out data back. */
  #data(): ArrayLike<number> {
    const storage = this.#storage;
    if (storage.resident || !storage.away) return storage.viewAt(this.ptr); // released: throws
    return storage.away;
  }

  #reload(): number {
    if (!this.#storage.away) {
      throw new Error(
        `simdnet: a tensor of shape [${this.shape}] was used after it was freed ${this.#releasedBecause}`,
      );
    }
    return this.#storage.reload(this.shape);
  }

  toString(): string {
    return `Tensor(${this.dtype}, [${this.shape}])`;
  }
}
