import { describe, expect, it } from 'vitest';
import { Random } from '../src';
import {
  decodeSafetensors,
  encodeSafetensors,
  toFloat32,
  type StoredTensor,
} from '../src/nn/safetensors';

/** Bytes from hex pairs, spaces ignored. */
function hex(text: string): Uint8Array {
  const pairs = text.replace(/\s+/g, '').match(/../g) ?? [];
  return Uint8Array.from(pairs, (p) => parseInt(p, 16));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A file framed by hand from the spec: u64 LE length (< 2³²), the header text, the data. */
function frame(header: string, data: ArrayLike<number> = []): Uint8Array {
  const json = new TextEncoder().encode(header);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setUint32(0, json.length, true);
  return concat(prefix, json, Uint8Array.from(data));
}

/** Random values of `dtype`, covering each type's range. */
function randomData(dtype: StoredTensor['dtype'], n: number, rng: Random): StoredTensor['data'] {
  const int = (bits: number) => Math.floor(rng.uniform() * 2 ** bits);
  switch (dtype) {
    case 'F32':
      return Float32Array.from({ length: n }, () => rng.normal() * 100);
    case 'F64':
      return Float64Array.from({ length: n }, () => rng.normal() * 1e10);
    case 'I32':
      return Int32Array.from({ length: n }, () => int(32) - 2 ** 31);
    case 'I64':
      return BigInt64Array.from({ length: n }, () => (BigInt(int(32)) << 32n) | BigInt(int(32)));
    case 'U8':
      return Uint8Array.from({ length: n }, () => int(8));
    case 'F16':
    case 'BF16':
      return Uint16Array.from({ length: n }, () => int(16));
  }
}

/** The indices where `got` and `expected` differ (NaN matches any NaN; -0 differs from 0). */
function mismatches(got: Float32Array, expected: Float32Array): string[] {
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const same =
      Object.is(got[i], expected[i]) || (Number.isNaN(got[i]) && Number.isNaN(expected[i]));
    if (!same) bad.push(`0x${i.toString(16)}: ${got[i]} vs ${expected[i]}`);
  }
  return bad;
}

const DTYPES = ['F32', 'F64', 'I32', 'I64', 'U8', 'F16', 'BF16'] as const;

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips every dtype, scalars and zero-size dimensions included', () => {
    const rng = new Random(5);
    const shapes = [[2, 3], [], [0, 3], [4, 0], [7], [1, 1, 5]];
    const tensors: Record<string, StoredTensor> = {};
    for (const dtype of DTYPES) {
      for (const shape of shapes) {
        const n = shape.reduce((a, b) => a * b, 1);
        tensors[`${dtype}.[${shape}]`] = { dtype, shape, data: randomData(dtype, n, rng) };
      }
    }
    const metadata = { format: 'pt', note: 'ünïcode ✓' };
    const file = encodeSafetensors(tensors, metadata);
    const back = decodeSafetensors(file);
    expect(back.metadata).toEqual(metadata);
    expect(Object.keys(back.tensors)).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      expect(back.tensors[name], name).toEqual(t); // same dtype, shape, array type and values
      expect(back.tensors[name].data.buffer, name).not.toBe(file.buffer); // copied out
    }
  });

  it('pads the header with spaces so that the data starts 8-byte aligned', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcdefgh']) {
      const file = encodeSafetensors({ [name]: { dtype: 'U8', shape: [1], data: hex('2a') } });
      const size = Number(new DataView(file.buffer).getBigUint64(0, true));
      expect(size % 8, name).toBe(0);
      const text = new TextDecoder().decode(file.subarray(8, 8 + size));
      expect(text.trimEnd().endsWith('}'), name).toBe(true);
      expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
      expect(file[file.length - 1]).toBe(0x2a);
    }
  });

  it('writes exactly the bytes of a file built by hand from the spec, and reads it back', () => {
    const header =
      '{"__metadata__":{"format":"pt"},' +
      '"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"n":{"dtype":"I64","shape":[],"data_offsets":[8,16]},' +
      '"h":{"dtype":"F16","shape":[1,2],"data_offsets":[16,20]}}'; // 195 characters
    const expected = concat(
      hex('c8 00 00 00 00 00 00 00'), // 200 = 195 + 5 spaces of padding, u64 little-endian
      new TextEncoder().encode(header + '     '),
      hex('00 00 c0 3f  00 00 00 c0'), // F32 1.5, -2
      hex('f9 ff ff ff ff ff ff ff'), // I64 -7
      hex('00 3c  00 c0'), // F16 1, -2
    );
    const tensors: Record<string, StoredTensor> = {
      w: { dtype: 'F32', shape: [2], data: Float32Array.of(1.5, -2) },
      n: { dtype: 'I64', shape: [], data: BigInt64Array.of(-7n) },
      h: { dtype: 'F16', shape: [1, 2], data: Uint16Array.of(0x3c00, 0xc000) },
    };
    expect(encodeSafetensors(tensors, { format: 'pt' })).toEqual(expected);
    const back = decodeSafetensors(expected);
    expect(back).toEqual({ tensors, metadata: { format: 'pt' } });
    expect(toFloat32(back.tensors.h)).toEqual(Float32Array.of(1, -2));
  });

  it('reads a file at an odd offset, in any order of offsets, and without metadata', () => {
    // b's data comes first in the buffer though a comes first in the header.
    const header =
      '{"a":{"dtype":"F64","shape":[1],"data_offsets":[2,10]},' +
      '"e":{"dtype":"F32","shape":[0],"data_offsets":[2,2]},' +
      '"b":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}';
    const file = frame(header, hex('80 3f  00 00 00 00 00 00 f0 bf')); // BF16 1, F64 -1
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    const { tensors, metadata } = decodeSafetensors(shifted.subarray(3));
    expect(metadata).toEqual({});
    expect(tensors.a.data).toEqual(Float64Array.of(-1));
    expect(tensors.b.data).toEqual(Uint16Array.of(0x3f80));
    expect(tensors.e.data).toEqual(new Float32Array(0));
  });

  it('omits an empty metadata and keeps a tensor named __proto__', () => {
    const t: StoredTensor = { dtype: 'U8', shape: [1], data: hex('01') };
    const file = encodeSafetensors({ ['__proto__']: t }, {});
    expect(new TextDecoder().decode(file)).not.toContain('__metadata__');
    const { tensors } = decodeSafetensors(file);
    expect(Object.getOwnPropertyDescriptor(tensors, '__proto__')?.value).toEqual(t);
  });
});

describe('toFloat32', () => {
  it('decodes every half-precision bit pattern', () => {
    const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const got = toFloat32({ dtype: 'F16', shape: [65536], data: bits });
    // Independently: normals and infinities/NaN rebuilt as float32 bits, subnormals m·2⁻²⁴.
    const expected = new Float32Array(65536);
    const asBits = new Uint32Array(expected.buffer);
    for (let h = 0; h < 65536; h++) {
      const sign = h >> 15;
      const e = (h >> 10) & 0x1f;
      const m = h & 0x3ff;
      if (e === 0) expected[h] = (sign ? -1 : 1) * (m / 16777216);
      else if (e === 31) asBits[h] = (sign << 31) | (0xff << 23) | (m << 13);
      else asBits[h] = (sign << 31) | ((e - 15 + 127) << 23) | (m << 13);
    }
    expect(mismatches(got, expected)).toEqual([]);
    const known = toFloat32({
      dtype: 'F16',
      shape: [4],
      data: Uint16Array.of(0x7bff, 0x0001, 0x3555, 0x8000),
    });
    expect(Array.from(known)).toEqual([65504, 2 ** -24, 0.333251953125, -0]);
  });

  it('decodes bfloat16 as the top half of a float32', () => {
    const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const got = toFloat32({ dtype: 'BF16', shape: [65536], data: bits });
    const expected = new Float32Array(65536);
    const view = new DataView(new ArrayBuffer(4));
    for (let h = 0; h < 65536; h++) {
      view.setUint16(0, h); // big-endian: the high half; the low half stays zero
      expected[h] = view.getFloat32(0);
    }
    expect(mismatches(got, expected)).toEqual([]);
  });

  it('rounds the other dtypes to float32', () => {
    const f32 = (dtype: StoredTensor['dtype'], data: StoredTensor['data']) =>
      Array.from(toFloat32({ dtype, shape: [data.length], data }));
    expect(f32('F32', Float32Array.of(1.5, -0))).toEqual([1.5, -0]);
    expect(f32('F64', Float64Array.of(0.1, 1e300))).toEqual([Math.fround(0.1), Infinity]);
    expect(f32('I32', Int32Array.of(-5, 2 ** 31 - 1))).toEqual([-5, 2 ** 31]);
    expect(f32('I64', BigInt64Array.of(-3n, 2n ** 62n))).toEqual([-3, 2 ** 62]);
    expect(f32('U8', Uint8Array.of(0, 255))).toEqual([0, 255]);
    const source = Float32Array.of(2);
    const copy = toFloat32({ dtype: 'F32', shape: [1], data: source });
    copy[0] = 3;
    expect(source[0]).toBe(2); // a new array, never the stored one
  });
});

describe('encodeSafetensors errors', () => {
  const f32 = (shape: number[], n: number): StoredTensor => ({
    dtype: 'F32',
    shape,
    data: new Float32Array(n),
  });
  const cases: [string, Record<string, StoredTensor>, RegExp][] = [
    ['an empty name', { '': f32([1], 1) }, /names must be non-empty/],
    ['the reserved name', { __metadata__: f32([1], 1) }, /'__metadata__' is reserved/],
    ['a wrong length', { w: f32([2, 3], 5) }, /tensor 'w': shape \[2,3\] needs 6 values, got 5/],
    ['a negative dimension', { w: f32([-1], 0) }, /tensor 'w': shape must be .* got \[-1\]/],
    ['a fractional dimension', { w: f32([1.5], 1) }, /tensor 'w': shape must be/],
    [
      'an unknown dtype',
      { w: { ...f32([1], 1), dtype: 'F8' as StoredTensor['dtype'] } },
      /tensor 'w': unknown dtype "F8"/,
    ],
    [
      'data of another type',
      { w: { dtype: 'F32', shape: [1], data: new Float64Array(1) } },
      /tensor 'w': F32 data must be a Float32Array, got Float64Array/,
    ],
    [
      'F16 data as floats',
      { h: { dtype: 'F16', shape: [1], data: new Float32Array(1) } },
      /tensor 'h': F16 data must be a Uint16Array/,
    ],
  ];
  it.each(cases)('rejects %s', (_, tensors, message) => {
    expect(() => encodeSafetensors(tensors)).toThrow(/^simdnet: safetensors: /);
    expect(() => encodeSafetensors(tensors)).toThrow(message);
  });

  it('rejects metadata that is not all strings', () => {
    const metadata = { epochs: 3 } as unknown as Record<string, string>;
    expect(() => encodeSafetensors({}, metadata)).toThrow(
      /simdnet: safetensors: '__metadata__' values must be strings, got 3 for 'epochs'/,
    );
  });
});

describe('decodeSafetensors errors', () => {
  const entry = (dtype: string, shape: unknown, offsets: unknown) =>
    JSON.stringify({ dtype, shape, data_offsets: offsets });
  const one = (name: string, dtype: string, shape: unknown, offsets: unknown) =>
    `{"${name}":${entry(dtype, shape, offsets)}}`;
  const hugeSize = concat(hex('00 00 00 00 00 00 00 80'), new TextEncoder().encode('{}'));
  const cases: [string, Uint8Array, RegExp][] = [
    ['a file shorter than the size prefix', hex('02 00 00 00'), /has 4 bytes, fewer than/],
    ['a header size past the end', frame('{}').subarray(0, 9), /header size 2 runs past the end/],
    ['a header size of 2⁶³', hugeSize, /header size 9223372036854775808 runs past the end/],
    ['invalid UTF-8', concat(hex('02 00 00 00 00 00 00 00'), hex('ff fe')), /not valid UTF-8 JSON/],
    ['broken JSON', frame('{"w":'), /not valid UTF-8 JSON/],
    ['a JSON array', frame('[]'), /header must be a JSON object/],
    ['an entry that is not an object', frame('{"w":3}'), /tensor 'w' must be a JSON object/],
    ['an unknown dtype', frame(one('w', 'Q4', [1], [0, 1]), [0]), /tensor 'w': unknown dtype "Q4"/],
    ['a missing shape', frame(one('w', 'U8', null, [0, 1]), [0]), /tensor 'w': shape must be/],
    ['a negative dimension', frame(one('w', 'U8', [-1], [0, 1]), [0]), /tensor 'w': shape must/],
    ['one offset', frame(one('w', 'U8', [1], [1]), [0]), /tensor 'w': data_offsets must be/],
    ['string offsets', frame(one('w', 'U8', [1], ['0', '1']), [0]), /'w': data_offsets must be/],
    ['end before begin', frame(one('w', 'U8', [0], [1, 0]), [0]), /'w'.*end before begin/],
    [
      'offsets past the buffer',
      frame(one('w', 'U8', [3], [0, 3]), [1, 2]),
      /tensor 'w': data_offsets \[0,3\] end past the 2-byte buffer/,
    ],
    [
      'a gap',
      frame(one('w', 'U8', [1], [1, 2]), [1, 2]),
      /tensor 'w': data_offsets \[1,2\] leave a gap at 0/,
    ],
    [
      'overlapping tensors',
      frame(`{"a":${entry('U8', [2], [0, 2])},"b":${entry('U8', [1], [1, 2])}}`, [1, 2]),
      /tensor 'b': data_offsets \[1,2\] overlap another tensor/,
    ],
    [
      'bytes left uncovered',
      frame(one('w', 'U8', [1], [0, 1]), [1, 2]),
      /the tensors cover 1 bytes of the 2-byte buffer/,
    ],
    [
      'a shape that does not match the bytes',
      frame(one('w', 'F32', [3], [0, 8]), new Array(8).fill(0)),
      /tensor 'w': shape \[3\] of F32 needs 12 bytes, data_offsets \[0,8\] hold 8/,
    ],
    ['metadata that is not an object', frame('{"__metadata__":"pt"}'), /'__metadata__' must be/],
    [
      'metadata values that are not strings',
      frame('{"__metadata__":{"epochs":3}}'),
      /'__metadata__' values must be strings, got 3 for 'epochs'/,
    ],
  ];
  it.each(cases)('rejects %s', (_, file, message) => {
    expect(() => decodeSafetensors(file)).toThrow(/^simdnet: safetensors: /);
    expect(() => decodeSafetensors(file)).toThrow(message);
  });
});
