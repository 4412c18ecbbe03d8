// The SIMD128 arithmetic limit of this machine, measured in the same run as the contenders:
// a tiny wasm module, written byte by byte below, whose loop keeps 12 independent f32x4
// accumulators in registers. 12 chains hide the latency of mul and add, so the loop runs at
// the engine's issue rate for f32x4 mul + add. Two variants, the higher is "the limit":
//   mul on the chain: acc_i = acc_i * m + a   (both operations wait for the previous step)
//   add on the chain: acc_i = acc_i + x_i * m (x_i loaded from L1, as a GEMM micro-kernel
//                     loads its panels; only the add waits, the multiply is independent)
// Each chain step is one f32x4 mul and one f32x4 add: 4 lanes × 2 flops = 8 flops.
import type { Contender, Workload } from './contender';

const CHAINS = 12;
const ITERATIONS = 1 << 20;
/** Floating-point operations per call of either kernel. */
export const LIMIT_FLOPS = ITERATIONS * CHAINS * 8;

/** Unsigned and signed LEB128, the integer encodings of the wasm binary format. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));
const f32 = (x: number) => [...new Uint8Array(new Float32Array([x]).buffer)];

// The few instructions the kernels use (SIMD ones carry the 0xfd prefix).
const I = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (x: number) => [0x41, ...sleb(x)],
  f32Const: (x: number) => [0x43, ...f32(x)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32And: [0x71],
  v128Load: (offset: number) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4ExtractLane0: [0xfd, ...uleb(0x1f), 0],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  loop: [0x03, 0x40],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
};

// Locals: 0 = n (iterations left), 1 = p (load offset), 2…13 = the accumulators, 14 = m, 15 = a.
const N = 0;
const P = 1;
const ACC = 2;
const M = ACC + CHAINS;
const A = M + 1;

/** The body of `(func (param $n i32) (result f32))`, one chain step per accumulator per iteration. */
function kernelBody(mulOnChain: boolean): number[] {
  const step = (i: number) =>
    mulOnChain
      ? [...I.localGet(ACC + i), ...I.localGet(M), ...I.f32x4Mul, ...I.localGet(A), ...I.f32x4Add]
      : [
          ...I.localGet(ACC + i),
          ...I.localGet(P),
          ...I.v128Load(16 * i),
          ...I.localGet(M),
          ...I.f32x4Mul,
          ...I.f32x4Add,
        ];
  const code = [
    ...[...I.f32Const(0.5), ...I.f32x4Splat, ...I.localSet(M)],
    ...[...I.f32Const(0.25), ...I.f32x4Splat, ...I.localSet(A)],
    ...I.loop,
    ...Array.from({ length: CHAINS }, (_, i) => [...step(i), ...I.localSet(ACC + i)]).flat(),
    // p = (p + 192) & 4095: the loads walk through 4 KiB (L1), so none can be hoisted.
    ...[...I.localGet(P), ...I.i32Const(16 * CHAINS), ...I.i32Add, ...I.i32Const(4095)],
    ...[...I.i32And, ...I.localSet(P)],
    ...[...I.localGet(N), ...I.i32Const(1), ...I.i32Sub, ...I.localTee(N), ...I.brIf(0)],
    ...I.end,
    // Return lane 0 of the sum of the accumulators, so that no chain is dead code.
    ...I.localGet(ACC),
    ...Array.from({ length: CHAINS - 1 }, (_, i) => [
      ...I.localGet(ACC + 1 + i),
      ...I.f32x4Add,
    ]).flat(),
    ...I.f32x4ExtractLane0,
    ...I.end,
  ];
  const locals = vec([
    [1, 0x7f], // p: i32
    [CHAINS + 2, 0x7b], // accumulators, m, a: v128
  ]);
  return [...locals, ...code];
}

/** The module: two exported kernels, mulChain and addChain, and one page of memory. */
export function limitModuleBytes(): Uint8Array<ArrayBuffer> {
  const bodies = [kernelBody(true), kernelBody(false)];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
    ...section(1, vec([[0x60, ...vec([[0x7f]]), ...vec([[0x7d]])]])), // type 0: (i32) -> f32
    ...section(3, vec([[0], [0]])), // both functions have type 0
    ...section(5, vec([[0x00, 1]])), // memory: min 1 page
    ...section(
      7,
      vec([
        [...name('mulChain'), 0x00, 0],
        [...name('addChain'), 0x00, 1],
      ]),
    ),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ]);
}

type Kernel = (iterations: number) => number;

/** The two variants as contenders of the 'limit' workload. */
export function limitContenders(): Contender[] {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(limitModuleBytes()));
  const kernels = instance.exports as unknown as Record<'mulChain' | 'addChain', Kernel>;
  const contender = (label: string, kernel: Kernel): Contender => ({
    name: label,
    threads: '1',
    limit: async () => ({ run: () => void kernel(ITERATIONS), dispose: () => {} }),
  });
  return [
    contender('mul on the chain', kernels.mulChain),
    contender('add on the chain', kernels.addChain),
  ];
}

/** The name of the limit column: the gauge measured in every GEMM row's own windows. */
export const GAUGE = 'limit';

/**
 * The faster variant as a pseudo-contender of the GEMM rows: it takes its turn in each row's
 * rounds like a library, so that each row's shares of the limit compare with the limit in
 * the same minutes (the machine's slow spells last minutes and would skew a limit measured
 * once at the start).
 */
export function limitGauge(variant: Contender): Contender {
  return {
    name: GAUGE,
    threads: '1',
    gemm: async () => ({ ...(await variant.limit!()), work: LIMIT_FLOPS }),
  };
}

/** The workload that times them. */
export const limitWorkload: Workload = {
  family: 'limit',
  name: 'SIMD128 limit: 12 f32x4 mul+add chains',
  short: 'limit',
  unit: 'GFLOP/s',
  work: LIMIT_FLOPS,
  maxRunSeconds: 2,
  prepare: (c) => c.limit?.(),
};
