// MNIST from the page's own server: mnist/<name>.gz (see ../mnist-files.ts), decompressed
// here with DecompressionStream, parsed as IDX and standardised like torchvision's MNIST.
import { data } from '../../../src';

/** Fetches one file of the folder; gunzips it unless the server already did. */
async function fetchIdx(folder: URL, name: string): Promise<Uint8Array> {
  const response = await fetch(new URL(`${name}.gz`, folder));
  if (!response.ok) throw new Error(`cannot fetch ${name}.gz: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A host that sends .gz with Content-Encoding: gzip hands us the IDX bytes already.
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!isGzip) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Bytes 0…255 → (b / 255 − mean) / std, through a table. */
const table = Float32Array.from(
  { length: 256 },
  (_, b) => (b / 255 - data.MNIST_MEAN) / data.MNIST_STD,
);

async function digits(folder: URL, prefix: string): Promise<data.Dataset<Int32Array>> {
  const [images, labels] = await Promise.all([
    fetchIdx(folder, `${prefix}-images-idx3-ubyte`).then(data.parseIdx),
    fetchIdx(folder, `${prefix}-labels-idx1-ubyte`).then(data.parseIdx),
  ]);
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = table[images.data[i]];
  return new data.Dataset(x, Int32Array.from(labels.data), [1, 28, 28]);
}

/** The 60000 training and 10000 test digits, standardised with MNIST's mean and std. */
export async function loadMnist(folder: URL): Promise<{
  train: data.Dataset<Int32Array>;
  test: data.Dataset<Int32Array>;
}> {
  const [train, test] = await Promise.all([digits(folder, 'train'), digits(folder, 't10k')]);
  return { train, test };
}
