import { invalid } from '../errors';
// The safetensors format (huggingface/safetensors), so that weights move between simdnet and
// PyTorch: an 8-byte little-endian header size N, N bytes of JSON padded with spaces to a
// multiple of 8, then the tensors' bytes, little-endian, back to back in header order.
// Pure functions over bytes: the nn layer turns tensors into these records and back.

/** One tensor as stored in a file: raw values in row-major order (F16 and BF16 as bits). */
export type StoredTensor = {
  dtype: 'F32' | 'F64' | 'I32' | 'I64' | 'U8' | 'F16' | 'BF16';
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array;
};

type StoredDType = StoredTensor['dtype'];
type StoredData = StoredTensor['data'];

/** Each dtype's element size in bytes and the typed array that holds it. */
const LAYOUTS: Record<StoredDType, { bytes: number; array: new (n: number) => StoredData }> = {
  F32: { bytes: 4, array: Float32Array },
  F64: { bytes: 8, array: Float64Array },
  I32: { bytes: 4, array: Int32Array },
  I64: { bytes: 8, array: BigInt64Array },
  U8: { bytes: 1, array: Uint8Array },
  F16: { bytes: 2, array: Uint16Array },
  BF16: { bytes: 2, array: Uint16Array },
};

const METADATA_KEY = '__metadata__';
const PREFIX_BYTES = 8; // the u64 header size
// huggingface/safetensors refuses larger headers too; it bounds what a bad file makes us parse.
const MAX_HEADER_BYTES = 100_000_000;

// Typed arrays use the host's byte order and the format is little-endian: on a big-endian
// host each element's bytes are reversed on the way in and on the way out.
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A malformed file: `simdnet: safetensors: <message>` (callers add the op and the file). */
function corrupt(message: string): never {
  invalid('safetensors', message);
}

/**
 * The bytes of a safetensors file holding `tensors`, laid out in the order of their keys,
 * and the optional string `metadata` (under `__metadata__`). PyTorch reads it with
 * `safetensors.torch.load_file`.
 */
export function encodeSafetensors(
  tensors: Record<string, StoredTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const entries = Object.entries(tensors);
  const fields: string[] = [];
  if (metadata !== undefined) {
    checkMetadata(metadata);
    if (Object.keys(metadata).length > 0) fields.push(jsonField(METADATA_KEY, metadata));
  }
  let end = 0;
  for (const [name, t] of entries) {
    checkStoredTensor(name, t);
    const begin = end;
    end += t.data.byteLength;
    fields.push(jsonField(name, { dtype: t.dtype, shape: t.shape, data_offsets: [begin, end] }));
  }
  const json = new TextEncoder().encode(`{${fields.join(',')}}`);
  const headerBytes = Math.ceil(json.length / 8) * 8; // so the data starts 8-byte aligned
  const start = PREFIX_BYTES + headerBytes;
  const file = new Uint8Array(start + end);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerBytes), true);
  file.set(json, PREFIX_BYTES);
  file.fill(0x20, PREFIX_BYTES + json.length, start); // spaces
  let at = start;
  for (const [, t] of entries) {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    copyLittleEndian(bytes, file.subarray(at, at + bytes.length), LAYOUTS[t.dtype].bytes);
    at += bytes.length;
  }
  return file;
}

/**
 * The tensors and metadata of a safetensors file, each tensor copied into its own typed
 * array (the file's offsets need not be aligned). Throws on anything malformed, naming the
 * tensor: a header outside the file, bad JSON, an unknown dtype, offsets that overlap, leave
 * gaps or leave the buffer, or a byte length that does not match the shape.
 */
export function decodeSafetensors(bytes: Uint8Array): {
  tensors: Record<string, StoredTensor>;
  metadata: Record<string, string>;
} {
  const header = readHeader(bytes);
  const buffer = bytes.subarray(PREFIX_BYTES + header.size);
  let metadata: Record<string, string> = {};
  const infos: { name: string; dtype: StoredDType; shape: number[]; offsets: number[] }[] = [];
  for (const [name, entry] of Object.entries(header.json)) {
    if (name === METADATA_KEY) metadata = checkMetadata(entry);
    else infos.push({ name, ...checkEntry(name, entry) });
  }
  // The data must be covered exactly once: sorted by offsets (empty tensors first), each
  // tensor starts where the previous one ended, and the last one ends at the end of the file.
  let end = 0;
  const byOffset = [...infos].sort(
    (a, b) => a.offsets[0] - b.offsets[0] || a.offsets[1] - b.offsets[1],
  );
  for (const { name, offsets } of byOffset) {
    const [begin, stop] = offsets;
    if (begin < end) corrupt(`tensor '${name}': data_offsets [${offsets}] overlap another tensor`);
    if (begin > end) corrupt(`tensor '${name}': data_offsets [${offsets}] leave a gap at ${end}`);
    if (stop > buffer.length) {
      corrupt(
        `tensor '${name}': data_offsets [${offsets}] end past the ${buffer.length}-byte buffer`,
      );
    }
    end = stop;
  }
  if (end !== buffer.length) {
    corrupt(`the tensors cover ${end} bytes of the ${buffer.length}-byte buffer`);
  }
  const tensors = infos.map(({ name, dtype, shape, offsets: [begin, stop] }) => {
    const { bytes: size, array } = LAYOUTS[dtype];
    const count = product(shape);
    if (count * size !== stop - begin) {
      corrupt(
        `tensor '${name}': shape [${shape}] of ${dtype} needs ${count * size} bytes, ` +
          `data_offsets [${begin},${stop}] hold ${stop - begin}`,
      );
    }
    const data = new array(count);
    const target = new Uint8Array(data.buffer);
    copyLittleEndian(buffer.subarray(begin, stop), target, size);
    return [name, { dtype, shape, data }] as const;
  });
  // fromEntries defines own properties, so even a tensor named '__proto__' comes back.
  return { tensors: Object.fromEntries(tensors), metadata };
}

/**
 * The values of `t` as a new Float32Array, whatever its dtype: half and bfloat16 bits are
 * decoded, wider floats and integers rounded to the nearest float32.
 */
export function toFloat32(t: StoredTensor): Float32Array {
  switch (t.dtype) {
    case 'F16':
      return Float32Array.from(t.data as Uint16Array, halfToNumber);
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const bits = Uint32Array.from(t.data as Uint16Array, (h) => h << 16);
      return new Float32Array(bits.buffer);
    }
    case 'I64':
      return Float32Array.from(t.data as BigInt64Array, Number);
    case 'F32':
    case 'F64':
    case 'I32':
    case 'U8':
      return Float32Array.from(t.data as ArrayLike<number>);
    default:
      return corrupt(`unknown dtype ${JSON.stringify((t as { dtype: unknown }).dtype)}`);
  }
}

/** The IEEE 754 half-precision number with bits `h`. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Copies `from` into `to` (same length), turning host order into little-endian or back. */
function copyLittleEndian(from: Uint8Array, to: Uint8Array, elementBytes: number): void {
  to.set(from);
  if (LITTLE_ENDIAN_HOST || elementBytes === 1) return;
  for (let i = 0; i < to.length; i += elementBytes) to.subarray(i, i + elementBytes).reverse();
}

/** The size prefix and the parsed JSON object that follows it. */
function readHeader(bytes: Uint8Array): { size: number; json: Record<string, unknown> } {
  if (bytes.length < PREFIX_BYTES) {
    corrupt(
      `not a safetensors file: it has ${bytes.length} bytes, fewer than the 8-byte header size`,
    );
  }
  const size = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES).getBigUint64(0, true);
  const rest = bytes.length - PREFIX_BYTES;
  // Any other file read as a safetensors one gives an absurd size: say so before using it.
  if (size > BigInt(rest)) {
    corrupt(
      `not a safetensors file: the header size ${size} runs past the end of the ` +
        `${bytes.length}-byte file (its first 8 bytes give the length of a JSON header, ` +
        `at most the ${rest} bytes after them)`,
    );
  }
  if (size > BigInt(MAX_HEADER_BYTES)) {
    corrupt(`the header size ${size} is over the format's limit of ${MAX_HEADER_BYTES} bytes`);
  }
  const text = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + Number(size));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch (e) {
    corrupt(
      `not a safetensors file: the ${size}-byte header is not valid UTF-8 JSON: ${(e as Error).message}`,
    );
  }
  if (!isPlainObject(json)) corrupt('the header must be a JSON object');
  return { size: Number(size), json };
}

/** A header entry's dtype, shape and offsets, checked. */
function checkEntry(
  name: string,
  entry: unknown,
): { dtype: StoredDType; shape: number[]; offsets: number[] } {
  if (!isPlainObject(entry)) corrupt(`tensor '${name}' must be a JSON object`);
  const { dtype, shape, data_offsets: offsets } = entry;
  if (!isDType(dtype)) corrupt(`tensor '${name}': unknown dtype ${JSON.stringify(dtype)}`);
  checkShape(name, shape);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    corrupt(`tensor '${name}': data_offsets must be [begin, end], got ${JSON.stringify(offsets)}`);
  }
  if (offsets[1] < offsets[0])
    corrupt(`tensor '${name}': data_offsets [${offsets}] end before begin`);
  return { dtype, shape, offsets };
}

/** A tensor to write: a known dtype, its typed array, and as many values as the shape. */
function checkStoredTensor(name: string, t: StoredTensor): void {
  if (name === '') corrupt('tensor names must be non-empty');
  if (name === METADATA_KEY) corrupt(`'${METADATA_KEY}' is reserved for the metadata`);
  if (!isPlainObject(t)) corrupt(`tensor '${name}' must be { dtype, shape, data }`);
  if (!isDType(t.dtype)) corrupt(`tensor '${name}': unknown dtype ${JSON.stringify(t.dtype)}`);
  checkShape(name, t.shape);
  const { array } = LAYOUTS[t.dtype];
  if (!(t.data instanceof array)) {
    corrupt(`tensor '${name}': ${t.dtype} data must be a ${array.name}, got ${describe(t.data)}`);
  }
  if (t.data.length !== product(t.shape)) {
    corrupt(
      `tensor '${name}': shape [${t.shape}] needs ${product(t.shape)} values, got ${t.data.length}`,
    );
  }
}

function checkShape(name: string, shape: unknown): asserts shape is number[] {
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    corrupt(
      `tensor '${name}': shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
}

function checkMetadata(metadata: unknown): Record<string, string> {
  if (!isPlainObject(metadata)) corrupt(`'${METADATA_KEY}' must be an object of strings`);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      corrupt(`'${METADATA_KEY}' values must be strings, got ${describe(value)} for '${key}'`);
    }
  }
  return metadata as Record<string, string>;
}

function jsonField(key: string, value: unknown): string {
  return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
}

function isDType(dtype: unknown): dtype is StoredDType {
  return typeof dtype === 'string' && Object.hasOwn(LAYOUTS, dtype);
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function describe(v: unknown): string {
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  return typeof v === 'string' ? `'${v}'` : String(v);
}
