import { invalid } from '../errors';
import { Dataset } from './dataset';
import { locateFolder, readFolderFile, type DataSource } from './files';
import { decodePixels, pixelTable } from './pixels';

/** CIFAR-10's class names, in label order. */
export const CIFAR10_CLASSES = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

const PIXELS = 3 * 32 * 32;
/** One record of the binary version: a label byte, then the pixels, channel by channel. */
const RECORD = 1 + PIXELS;

export type Cifar10Options = DataSource;

/**
 * CIFAR-10, binary version: 50000 training images (data_batch_1.bin … data_batch_5.bin)
 * and 10000 test images (test_batch.bin), [3, 32, 32] with pixels in [0, 1], labels 0–9
 * (CIFAR10_CLASSES). Reads the six files from the folder `path` (Node) or the URL folder
 * `fetch`; there is no bundled copy.
 */
export async function cifar10(
  options: Cifar10Options = {},
): Promise<{ train: Dataset<Int32Array>; test: Dataset<Int32Array> }> {
  const op = 'cifar10';
  const folder = await locateFolder(op, options ?? {}, async () =>
    invalid(
      op,
      `pass { path } (or { fetch }): the folder holding data_batch_1.bin … data_batch_5.bin ` +
        `and test_batch.bin, from the binary version ` +
        `https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (extract it; the files are ` +
        `in cifar-10-batches-bin/)`,
    ),
  );
  const trainNames = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
  const read = (names: string[]) =>
    Promise.all(
      names.map(async (name) => ({ name, bytes: await readFolderFile(op, folder, name) })),
    );
  const [train, test] = await Promise.all([read(trainNames), read(['test_batch.bin'])]);
  return { train: decodeRecords(op, train), test: decodeRecords(op, test) };
}

/** One file of CIFAR-10's binary version (each record: 1 label byte + 3072 pixel bytes, CHW). */
export function cifar10Batch(bytes: Uint8Array): Dataset<Int32Array> {
  return decodeRecords('cifar10Batch', [{ name: 'bytes', bytes }]);
}

/** The records of the files, in order, as one data set. */
function decodeRecords(
  op: string,
  files: { name: string; bytes: Uint8Array }[],
): Dataset<Int32Array> {
  for (const { name, bytes } of files) {
    if (!(bytes instanceof Uint8Array)) invalid(op, `'${name}' must be a Uint8Array`);
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      invalid(
        op,
        `'${name}' has ${bytes.length} bytes, not a positive multiple of ${RECORD} ` +
          `(1 label byte + ${PIXELS} pixel bytes per image)`,
      );
    }
  }
  const n = files.reduce((sum, { bytes }) => sum + bytes.length / RECORD, 0);
  const x = new Float32Array(n * PIXELS);
  const y = new Int32Array(n);
  const table = pixelTable();
  let k = 0;
  for (const { name, bytes } of files) {
    for (let start = 0; start < bytes.length; start += RECORD, k++) {
      y[k] = bytes[start];
      if (y[k] > 9) {
        invalid(op, `'${name}' has label ${y[k]} in record ${start / RECORD}; labels are 0–9`);
      }
      decodePixels(bytes.subarray(start + 1, start + RECORD), table, x, k * PIXELS);
    }
  }
  return new Dataset(x, y, [3, 32, 32]);
}
