// npm run bench [-- --filter TEXT] [-- --max-time SECONDS]
// Every kernel suite, wasm (simd build) vs the plain-TS reference, in one process; then
// Winograd vs im2col + GEMM (bench/winograd.bench.ts, 7 rounds).
import { mkdirSync } from 'node:fs';
import { createReferenceBackend, createWasmBackend } from '../src';
import { convSuite } from './conv.bench';
import { elementwiseSuite } from './elementwise.bench';
import { gemmSuite } from './gemm.bench';
import { optimSuite } from './optim.bench';
import { shapeSuite } from './shape.bench';
import { softmaxSuite } from './softmax.bench';
import { markdownTable, runSuite, saveRows, type BenchRow } from './harness';
import { poolSuite } from './pool.bench';
import { winogradTables } from './winograd.bench';

const suites = [
  gemmSuite,
  convSuite,
  poolSuite,
  softmaxSuite,
  optimSuite,
  elementwiseSuite,
  shapeSuite,
];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const options = { maxTime: Number(flag('max-time') ?? 1), filter: flag('filter') };
const backends = {
  wasm: await createWasmBackend({ simd: 'simd' }),
  reference: createReferenceBackend(),
};
const rows: BenchRow[] = [];
for (const suite of suites) rows.push(...(await runSuite(suite, backends, options)));

console.log(
  `\nsimdnet kernels, wasm (${backends.wasm.simd}) vs reference, Node ${process.version}, one thread\n`,
);
console.log(markdownTable(rows));
mkdirSync('bench/results', { recursive: true });
saveRows('bench/results/kernels.json', rows, {
  date: new Date().toISOString(),
  node: process.version,
});

// Winograd against im2col + GEMM, both wasm: ratios of the same layers side by side.
if (!options.filter || 'winograd'.includes(options.filter)) {
  await winogradTables({ rounds: 7, windows: [3, 5], passes: ['forward', 'dw'] });
}
