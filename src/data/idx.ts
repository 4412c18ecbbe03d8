import { invalid } from '../errors';

/** The type code of unsigned bytes, the only element type that MNIST uses. */
const UBYTE = 0x08;

/** An IDX file's contents: its dimensions and its elements, row-major. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file of unsigned bytes (the format of MNIST: magic 0x00000801 for
 * vectors, 0x00000803 for stacks of images; big-endian 32-bit dimensions, then the
 * data). `data` is a view into `bytes`, not a copy. Throws, naming the problem, on
 * files that are not IDX, hold another element type, or are truncated or too long.
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  return decodeIdx('parseIdx', 'bytes', bytes);
}

/** parseIdx for a loader: its errors name the loader `op` and the file `name`. */
export function decodeIdx(op: string, name: string, bytes: Uint8Array): IdxArray {
  const what = `'${name}'`;
  if (!(bytes instanceof Uint8Array)) invalid(op, `${what} must be a Uint8Array`);
  if (bytes.length < 4) {
    invalid(op, `${what} is truncated: ${bytes.length} bytes, shorter than the 4-byte magic`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    invalid(op, `${what} is not an IDX file: magic ${hex(magic)} does not start with 0x0000`);
  }
  if (bytes[2] !== UBYTE) {
    invalid(
      op,
      `${what} holds element type ${hex(bytes[2], 2)}; only unsigned bytes (0x08) are supported`,
    );
  }
  const rank = bytes[3];
  if (rank === 0) invalid(op, `${what} declares 0 dimensions (magic ${hex(magic)})`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) {
    invalid(
      op,
      `${what} is truncated: ${bytes.length} bytes, shorter than the ${header}-byte header ` +
        `of ${rank} dimensions`,
    );
  }
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - header;
  if (available !== size) {
    invalid(
      op,
      `${what} is ${available < size ? 'truncated' : 'too long'}: shape [${shape}] needs ` +
        `${size} data bytes after the header, the file has ${available}`,
    );
  }
  return { shape, data: bytes.subarray(header) };
}

function hex(value: number, digits = 8): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}
