// npm run bench:peers [-- --filter TEXT] [-- --rounds N] [-- --quick] [-- --only NAME,NAME]
//                     [-- --baseline DIR]  (DIR: a built checkout of another commit, as a column)
// simdnet side by side with its JavaScript peers, all in this one process on one thread,
// alternating window by window (runner.ts). Prints a Markdown table; a full run (no
// --filter, no --quick) also writes bench/results/peers.json and peers.svg.
import { availableParallelism, cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Contender, Workload } from './contender';
import { convnetContender } from './convnetjs';
import { gemmWorkloads } from './gemm';
import { jaxContender } from './jax';
import { GAUGE, limitContenders, limitGauge, limitWorkload } from './limit';
import { cifarMemory, memoryLine } from './memory';
import { markdownTable, ratioChart, saveJson, scalingTable } from './report';
import { runWorkload, type Row, type RunOptions } from './runner';
import { simdnetContender, type Library } from './simdnet';
import { tfjsContender } from './tfjs';
import { BATCH_64, batch64Gauge, growthWorkloads, modelWorkloads } from './training';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const filter = flag('filter');
const options: RunOptions = {
  rounds: Number(flag('rounds') ?? (quick ? 2 : 5)),
  windowSeconds: quick ? 0.1 : 0.4,
  budgetSeconds: quick ? 1 : 4,
};

// simdnet on one thread is the baseline of every ratio; on every core it is one more column.
const cores = availableParallelism();
const only = flag('only')?.split(',');
const baselineDir = flag('baseline');
/** simdnet as another commit built it, on one thread: a column beside this checkout's. */
async function baselineContender(dir: string): Promise<Contender> {
  const entry = pathToFileURL(resolve(dir, 'dist/index.js')).href;
  const library = (await import(entry)) as Library;
  const name = `simdnet@${basename(resolve(dir))}`;
  return simdnetContender(name, { backend: 'wasm', simd: 'simd', threads: 1 }, library);
}
const contenders: Contender[] = [
  simdnetContender('simdnet', { backend: 'wasm', simd: 'simd', threads: 1 }),
  ...(baselineDir ? [await baselineContender(baselineDir)] : []),
  simdnetContender(`simdnet ×${cores}`, { backend: 'wasm', simd: 'simd', threads: cores }),
  await tfjsContender('wasm'),
  await jaxContender(),
  await tfjsContender('cpu'),
  convnetContender(),
  simdnetContender('reference', { backend: 'reference', threads: 1 }),
].filter((c) => !only || c.name === 'simdnet' || only.some((name) => c.name.startsWith(name)));
const names = contenders.map((c) => c.name);
const workloads: Workload[] = [
  ...gemmWorkloads(quick),
  ...modelWorkloads(quick),
  ...growthWorkloads(quick),
].filter((w) => !filter || `${w.family} ${w.name}`.includes(filter));

// The limit first, in the same process: every GFLOP/s figure is also a % of it.
const variants = limitContenders();
const limitRow = await runWorkload(limitWorkload, variants, options);
const variantValues = variants.map((v) => limitRow.results[v.name].value ?? 0);
const limit = Math.max(...variantValues);
const gauge = limitGauge(variants[variantValues.indexOf(limit)]);
const batchGauge = batch64Gauge(contenders[0]);
const columns = [...names, GAUGE, BATCH_64];
/** The contenders of a row: the GEMM rows add the limit, the growth rows simdnet at batch 64. */
const contendersOf = (w: Workload) =>
  w.unit === 'GFLOP/s'
    ? [...contenders, gauge]
    : w.family === 'growth'
      ? [...contenders, batchGauge]
      : contenders;
console.log(
  `SIMD128 limit: ${limit.toFixed(1)} GFLOP/s (${Object.entries(limitRow.results)
    .map(([name, r]) => `${name}: ${r.value?.toFixed(1)}`)
    .join(', ')})`,
);

const rows: Row[] = [];
for (const w of workloads) {
  const row = await runWorkload(w, contendersOf(w), options);
  rows.push(row);
  console.log(markdownTable([row], columns, limit).split('\n')[2]);
}

const threads = contenders.map((c) => `${c.name} ${c.threads}`).join(', ');
const header =
  `simdnet and its peers, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
  `threads: ${threads}; median of ${options.rounds} alternating windows of ` +
  `${options.windowSeconds} s; SIMD128 limit ${limit.toFixed(1)} GFLOP/s at the start; ` +
  `GFLOP/s rows show their shares of the limit measured in the row's own rounds (column ${GAUGE})`;
console.log(`\n${header}\n`);
console.log(markdownTable(rows, columns, limit));
const scaling = scalingTable(rows, 'simdnet', `simdnet ×${cores}`, cores);
const memory = [];
for (const threads of [...new Set([1, cores])]) {
  memory.push({ threads, ...(await cifarMemory(threads)) });
}
const memoryLines = memory.map(({ threads, ...r }) => `- ${memoryLine(threads, r)}`).join('\n');
console.log(`\n${memoryLines}`);
console.log(`\nsimdnet on ${cores} threads against one (Amdahl's law)\n\n${scaling}`);

if (filter || quick || only) {
  console.log('\n(partial run: bench/results/peers.* not written)');
} else {
  mkdirSync('bench/results', { recursive: true });
  saveJson('bench/results/peers.json', {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    threads: Object.fromEntries(contenders.map((c) => [c.name, c.threads])),
    options,
    limit: { gflops: limit, variants: limitRow.results },
    rows,
    memory,
  });
  const scalingTitle = `simdnet on ${cores} threads against one (Amdahl's law):`;
  const markdown = `${header}\n\n${markdownTable(rows, columns, limit)}\n\n${memoryLines}\n\n${scalingTitle}\n\n${scaling}\n`;
  writeFileSync('bench/results/peers.md', markdown);
  const peers = names.filter((n) => n !== 'simdnet');
  const charted = rows.filter((r) => r.family !== 'growth');
  writeFileSync(
    'bench/results/peers.svg',
    await ratioChart(
      charted,
      peers,
      'Throughput / simdnet on one thread, same process (higher is faster)',
    ),
  );
  console.log('\nwrote bench/results/peers.{json,md,svg}');
}
