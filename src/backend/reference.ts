import { ALIGN } from './allocator';
import { Backend } from './backend';
import { KERNEL_NAMES, type Kernels } from '../kernels';
import { Heap, type LinearMemory, type Precision } from './memory';
import * as conv from '../kernels/conv/reference';
import * as elementwise from '../kernels/elementwise/reference';
import * as gemm from '../kernels/gemm/reference';
import * as norm from '../kernels/norm/reference';
import * as optim from '../kernels/optim/reference';
import * as pool from '../kernels/pool/reference';
import * as random from '../kernels/random/reference';
import * as reduce from '../kernels/reduce/reference';
import * as shape from '../kernels/shape/reference';
import * as smo from '../kernels/smo/reference';
import * as softmax from '../kernels/softmax/reference';
import * as svm from '../kernels/svm/reference';
import * as winograd from '../kernels/winograd/reference';

/** A reference kernel: the wasm kernel's signature with the heap it works on in front. */
type OnHeap<F> = F extends (...args: infer A) => infer R ? (h: Heap, ...args: A) => R : never;
export type ReferenceKernels = { [K in keyof Kernels]: OnHeap<Kernels[K]> };

const twins = {
  ...gemm,
  ...conv,
  ...pool,
  ...softmax,
  ...elementwise,
  ...reduce,
  ...random,
  ...shape,
  ...norm,
  ...optim,
  ...winograd,
  ...svm,
  ...smo,
} satisfies ReferenceKernels;

/** A plain ArrayBuffer that grows by copying (doubling, so that growth is amortised). */
class ArrayBufferMemory implements LinearMemory {
  buffer = new ArrayBuffer(1 << 16);
  /** As wasm32's, so that both backends run out at the same size. */
  readonly maxBytes = 2 ** 32;
  growTo(bytes: number): void {
    if (bytes > this.maxBytes) throw new RangeError(`cannot grow past ${this.maxBytes} bytes`);
    const next = new ArrayBuffer(
      Math.min(this.maxBytes, Math.max(bytes, 2 * this.buffer.byteLength)),
    );
    new Uint8Array(next).set(new Uint8Array(this.buffer));
    this.buffer = next;
  }
}

/**
 * The plain-TypeScript backend: the oracle the wasm kernels are tested against and the
 * baseline they are benchmarked against. With precision 'f64' it computes in float64,
 * for finite-difference gradient checks.
 */
export function createReferenceBackend(precision: Precision = 'f32'): Backend {
  // Byte 0 stays unused: kernels read a 0 pointer as "no output" (e.g. dlogits).
  const heap = new Heap(new ArrayBufferMemory(), ALIGN, precision);
  const bound = Object.fromEntries(
    KERNEL_NAMES.map((name) => {
      const twin = twins[name] as (h: Heap, ...args: number[]) => unknown;
      return [name, (...args: number[]) => twin(heap, ...args)];
    }),
  );
  return new Backend('reference', 'none', heap, bound as unknown as Kernels);
}
