import { Allocator } from './allocator';

/** Typed views over a backend's linear memory; floats are f32, or f64 in a float64 reference backend. */
export type FloatArray = Float32Array | Float64Array;
export type Precision = 'f32' | 'f64';

/** Where the bytes live and how they grow: a WebAssembly.Memory, or a plain ArrayBuffer. */
export interface LinearMemory {
  readonly buffer: ArrayBuffer;
  /** The most bytes it can ever hold. */
  readonly maxBytes: number;
  /** Makes the buffer at least `bytes` long (replacing `buffer`); a RangeError when it cannot. */
  growTo(bytes: number): void;
}

/**
 * A backend's heap: an allocator plus views that are rebuilt whenever the memory grows
 * (growing detaches the old ArrayBuffer, so a cached view would read nothing).
 */
export class Heap {
  readonly allocator: Allocator;
  readonly floatBytes: 4 | 8;
  private viewBuffer: ArrayBuffer | undefined;
  private floatView!: FloatArray;
  private intView!: Int32Array;
  private f64View!: Float64Array;

  constructor(
    private readonly memory: LinearMemory,
    base: number,
    readonly precision: Precision,
  ) {
    this.floatBytes = precision === 'f32' ? 4 : 8;
    this.allocator = new Allocator(base, (end) => {
      // Past the maximum a RangeError as growTo's, whatever the engine would throw (wasm's
      // grow() takes a TypeError for a page count beyond 2³²), so callers see one kind.
      if (end > this.memory.maxBytes) {
        throw new RangeError(`cannot grow to ${end} bytes, past ${this.memory.maxBytes}`);
      }
      if (end > this.memory.buffer.byteLength) this.memory.growTo(end);
    });
  }

  /** Float view of the whole memory (index = byte offset / floatBytes). */
  get f(): FloatArray {
    this.refresh();
    return this.floatView;
  }

  /** Int32 view of the whole memory (index = byte offset / 4). */
  get i32(): Int32Array {
    this.refresh();
    return this.intView;
  }

  /** Float64 view of the whole memory (index = byte offset / 8), whatever the precision. */
  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  /** The most bytes the linear memory can ever hold. */
  get maxBytes(): number {
    return this.memory.maxBytes;
  }

  /** Total bytes of the linear memory. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer === this.viewBuffer) return;
    this.viewBuffer = buffer;
    this.floatView = this.precision === 'f32' ? new Float32Array(buffer) : new Float64Array(buffer);
    this.intView = new Int32Array(buffer);
    this.f64View = new Float64Array(buffer);
  }
}
