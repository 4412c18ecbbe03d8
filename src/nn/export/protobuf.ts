// The few protobuf encodings an ONNX file needs, written directly (no dependency): varints,
// length-delimited fields (strings, bytes, nested messages, packed repeated ints) and
// 32-bit floats. A message is the concatenation of its fields, so each helper returns the
// bytes of one field and `message` joins them.

const WIRE_VARINT = 0;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;
const encoder = new TextEncoder();

/** A varint; a negative int64 takes ten bytes (two's complement), as protobuf writes it. */
function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);

/** The bytes of several fields (or messages) in order. */
export function message(...fields: (Uint8Array | Uint8Array[])[]): Uint8Array {
  const parts = fields.flat();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An integer field (int32, int64 or enum). */
export function int(field: number, value: number | bigint): Uint8Array {
  return Uint8Array.from([...key(field, WIRE_VARINT), ...varint(value)]);
}

/** A length-delimited field: bytes, or a nested message's bytes. */
export function bytes(field: number, value: Uint8Array): Uint8Array {
  return message(Uint8Array.from([...key(field, WIRE_LENGTH), ...varint(value.length)]), value);
}

/** A string field (UTF-8). */
export function string(field: number, value: string): Uint8Array {
  return bytes(field, encoder.encode(value));
}

/** A float field (fixed32, little-endian). */
export function float(field: number, value: number): Uint8Array {
  const out = new Uint8Array([...key(field, WIRE_FIXED32), 0, 0, 0, 0]);
  new DataView(out.buffer).setFloat32(out.length - 4, value, true);
  return out;
}

/** A packed repeated integer field. */
export function packedInts(field: number, values: readonly (number | bigint)[]): Uint8Array {
  return bytes(field, Uint8Array.from(values.flatMap((v) => varint(v))));
}
