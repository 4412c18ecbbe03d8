import type { Backend } from './backend/backend';
import { currentBackend } from './backend/current';
import { Random } from './random';

export type DType = 'float32' | 'int32';
export type Shape = readonly number[];
/** The typed array a tensor of dtype D reads back into. */
export type ArrayOf<D extends DType> = D extends 'int32' ? Int32Array : Float32Array;

export interface TensorOptions {
  /** The backend to create the tensor on; defaults to the one `init()` chose. */
  backend?: Backend;
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
 * An n-dimensional array stored in a backend's linear memory (f32, or i32 for indices).
 *
 * A tensor owns its block until `release()`; touching it afterwards throws. Typed-array
 * views are made on demand, so reads stay valid when the memory grows.
 */
export class Tensor<D extends DType = 'float32'> {
  readonly shape: Shape;
  readonly size: number;
  #ptr: number;

  /** Wraps a block the caller allocated; ops and factories use it, users call the factories. */
  constructor(
    readonly backend: Backend,
    shape: Shape,
    readonly dtype: D,
    ptr?: number,
  ) {
    this.shape = Object.freeze([...shape]);
    this.size = shapeSize(shape);
    const bytes = this.size * (dtype === 'int32' ? 4 : backend.heap.floatBytes);
    this.#ptr = ptr ?? backend.heap.allocator.alloc(bytes);
    backend.liveTensors++;
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
    return t;
  }

  /** A float tensor of zeros. */
  static zeros(shape: Shape, options: TensorOptions = {}): Tensor {
    return Tensor.full(shape, 0, options);
  }

  /** A float tensor with every element `value`. */
  static full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
    const t = new Tensor(options.backend ?? currentBackend(), shape, 'float32');
    t.floats().fill(value);
    return t;
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
    return t;
  }

  /** Byte offset of the data in the backend's memory (for kernel calls). Throws once released. */
  get ptr(): number {
    if (this.#ptr < 0) {
      throw new Error(
        `simdnet: a released tensor of shape [${this.shape}] was used; it was freed by release()`,
      );
    }
    return this.#ptr;
  }

  /** Whether release() has been called. */
  get released(): boolean {
    return this.#ptr < 0;
  }

  /** A copy of the data (Float32Array, or Int32Array for int32 tensors). */
  toArray(): ArrayOf<D> {
    if (this.dtype === 'int32') return this.ints().slice() as ArrayOf<D>;
    return Float32Array.from(this.floats()) as ArrayOf<D>;
  }

  /** A float64 copy: exact in a float64 reference backend (gradient checks). */
  toFloat64Array(): Float64Array {
    return Float64Array.from(this.dtype === 'int32' ? this.ints() : this.floats());
  }

  /** Frees the data; the tensor can no longer be used. Releasing twice is harmless. */
  release(): void {
    if (this.#ptr < 0) return;
    this.backend.heap.allocator.free(this.#ptr);
    this.backend.liveTensors--;
    this.#ptr = -1;
  }

  /** A live view of the float data (invalid after the memory grows: do not keep it). */
  floats(): Float32Array | Float64Array {
    if (this.dtype !== 'float32') throw new Error('simdnet: floats() of an int32 tensor');
    const start = this.ptr / this.backend.heap.floatBytes;
    return this.backend.heap.f.subarray(start, start + this.size);
  }

  /** A live view of the int32 data (invalid after the memory grows: do not keep it). */
  ints(): Int32Array {
    if (this.dtype !== 'int32') throw new Error('simdnet: ints() of a float32 tensor');
    const start = this.ptr >> 2;
    return this.backend.heap.i32.subarray(start, start + this.size);
  }

  toString(): string {
    return `Tensor(${this.dtype}, [${this.shape}])`;
  }
}
