// The SIMD128 arithmetic limit of this machine, measured in the same run as everything else:
// a hand-assembled wasm function keeps 12 independent f32x4 accumulators in registers and
// updates each with a multiply and an add per iteration (acc = acc·m + c): 96 flops per
// iteration and no memory traffic, so the only limit is the vector arithmetic units.

const CHAINS = 12;
/** Flops one iteration performs: 12 chains × 4 lanes × (mul + add). */
export const FLOPS_PER_ITERATION = CHAINS * 4 * 2;

function f32Bytes(v: number): number[] {
  return [...new Uint8Array(Float32Array.of(v).buffer)];
}

/** The module: (func $run (param $n i32) (result f32)), exported as "run". */
function limitModule(): Uint8Array<ArrayBuffer> {
  const simd = (op: number) => [0xfd, ...leb(op)];
  const body: number[] = [];
  // locals 1..12: accumulators, 13: m, 14: c (all v128)
  for (let i = 0; i < CHAINS; i++)
    body.push(0x43, ...f32Bytes(0.001 * (i + 1)), ...simd(19), 0x21, 1 + i);
  body.push(0x43, ...f32Bytes(0.999), ...simd(19), 0x21, 13);
  body.push(0x43, ...f32Bytes(0.0001), ...simd(19), 0x21, 14);
  body.push(0x03, 0x40); // loop
  for (let i = 0; i < CHAINS; i++) {
    // acc_i = acc_i · m + c
    body.push(0x20, 1 + i, 0x20, 13, ...simd(230), 0x20, 14, ...simd(228), 0x21, 1 + i);
  }
  body.push(0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b); // n -= 1; br_if n != 0; end
  body.push(0x43, ...f32Bytes(0));
  for (let i = 0; i < CHAINS; i++) body.push(0x20, 1 + i, ...simd(31), 0, 0x92); // Σ lane 0
  body.push(0x0b);
  const locals = [0x01, 14, 0x7b]; // one group: 14 locals of type v128
  const func = [...locals, ...body];
  const code = [0x01, ...leb(func.length), ...func];
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7d]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00]),
    ...section(10, code),
  ]);
}

function leb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

/** Runs n iterations of the 12-chain loop; returns a value that depends on every chain. */
export function limitKernel(): (n: number) => number {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(limitModule()));
  return instance.exports.run as (n: number) => number;
}
