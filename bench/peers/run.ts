// npm run bench:peers [-- --filter text] [--rounds N] [--window ms]
// Every contender in one process, one thread, alternating window by window; medians.
import { writeFileSync } from 'node:fs';
import { init } from '../../src';
import { currentBackend } from '../../src/backend/current';
import { writeChart } from './chart';
import { FLOPS_PER_ITERATION, limitKernel } from './limit';
import { referenceBackend, simdnetGemm, simdnetMlp } from './simdnet';
import { tfGemm, tfMlp } from './tfjs';
import type { Contender, GemmCase, MlpCase, Prepared } from './workloads';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const filter = option('filter', '');
const rounds = Number(option('rounds', '5'));
const windowMs = Number(option('window', '300'));

await init();
const wasm = currentBackend();

interface Row {
  workload: string;
  contender: string;
  unit: string;
  median: number;
  error?: string;
}
const rows: Row[] = [];
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Units of work per second in one window (after at least one call). */
async function window(p: Prepared): Promise<number> {
  await p.enter?.();
  let count = 0;
  const start = performance.now();
  do {
    p.step();
    count++;
  } while (performance.now() - start < windowMs);
  return (count * 1000) / (performance.now() - start);
}

/** Runs every contender on one workload, alternating windows; `scale` turns rates into the unit. */
async function compare<C>(
  workload: string,
  unit: string,
  scale: number,
  c: C,
  contenders: Contender<C>[],
) {
  if (filter && !workload.includes(filter)) return;
  const prepared: (Prepared | Error)[] = [];
  for (const contender of contenders) {
    try {
      const p = await contender.prepare(c);
      await p.enter?.();
      p.step(); // warm-up (and compilation)
      prepared.push(p);
    } catch (e) {
      prepared.push(e as Error);
    }
  }
  const rates: number[][] = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, p] of prepared.entries())
      if (!(p instanceof Error)) rates[i].push(await window(p));
  }
  contenders.forEach((contender, i) => {
    const p = prepared[i];
    if (p instanceof Error) {
      rows.push({
        workload,
        contender: contender.name,
        unit,
        median: NaN,
        error: p.message.split('\n')[0],
      });
    } else {
      p.dispose?.();
      rows.push({ workload, contender: contender.name, unit, median: median(rates[i]) * scale });
    }
  });
  print(workload);
}

// The SIMD128 limit, measured first and again at the end.
const limit = limitKernel();
const limitRates: number[] = [];
const measureLimit = () => {
  const n = 2_000_000;
  limit(n);
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    limit(n);
    limitRates.push((n * FLOPS_PER_ITERATION) / ((performance.now() - t) / 1000) / 1e9);
  }
};
measureLimit();

const gemmContenders = [
  simdnetGemm('simdnet', () => wasm),
  simdnetGemm('reference', referenceBackend),
  tfGemm('wasm'),
  tfGemm('cpu'),
];
const gemmCases: [string, GemmCase][] = [];
for (const s of [64, 128, 256, 512, 1024]) {
  gemmCases.push([`gemm A·B ${s}`, { m: s, n: s, k: s, transA: false, transB: false }]);
}
for (const [label, m, k, n] of [
  ['MLP layer 1', 64, 784, 300],
  ['MLP layer 2', 64, 300, 10],
  ['MNIST conv2', 36864, 288, 64],
  ['CIFAR conv2', 16384, 800, 64],
] as const) {
  gemmCases.push([
    `gemm A·B ${m}×${k}·${k}×${n} (${label})`,
    { m, n, k, transA: false, transB: false },
  ]);
  gemmCases.push([
    `gemm A·Bᵀ ${m}×${n}·${n}×${k} (${label} dX)`,
    { m, n: k, k: n, transA: false, transB: true },
  ]);
  gemmCases.push([
    `gemm Aᵀ·B ${k}×${m}·${m}×${n} (${label} dW)`,
    { m: k, n, k: m, transA: true, transB: false },
  ]);
}
for (const [name, c] of gemmCases) {
  const flops = 2 * c.m * c.n * c.k;
  // The plain-TS reference runs only where one call takes well under a window.
  const contenders =
    flops > 4e8 ? gemmContenders.filter((x) => x.name !== 'reference') : gemmContenders;
  await compare(name, 'GFLOP/s', flops / 1e9, c, contenders);
}

for (const batch of [16, 64]) {
  const x = Float32Array.from({ length: batch * 784 }, (_, i) => Math.sin(i));
  const labels = Int32Array.from({ length: batch }, (_, i) => i % 10);
  await compare(
    `train MLP 784-300-10 batch ${batch}`,
    'images/s',
    batch,
    { batch, x, labels } as MlpCase,
    [
      simdnetMlp('simdnet', () => wasm),
      simdnetMlp('reference', referenceBackend),
      tfMlp('wasm'),
      tfMlp('cpu'),
    ],
  );
}

measureLimit();
const simd128 = median(limitRates);
console.log(
  `\nSIMD128 limit (12 f32x4 mul+add chains): ${simd128.toFixed(1)} GFLOP/s (median of ${limitRates.length})`,
);
console.log(markdown());
writeFileSync(
  new URL('../results/peers.json', import.meta.url),
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, simd128, rows },
    null,
    2,
  ) + '\n',
);

await writeChart(rows, simd128);

function print(workload: string): void {
  const mine = rows.filter((r) => r.workload === workload);
  const simdnet = mine.find((r) => r.contender === 'simdnet')!.median;
  for (const r of mine) {
    const value = r.error ? `cannot: ${r.error}` : `${r.median.toPrecision(3)} ${r.unit}`;
    const ratio =
      r.error || r.contender === 'simdnet' ? '' : ` (simdnet ${(simdnet / r.median).toFixed(2)}×)`;
    console.log(`${workload.padEnd(48)} ${r.contender.padEnd(10)} ${value}${ratio}`);
  }
}

/** The whole table, GFLOP/s also as a share of the SIMD128 limit measured in this run. */
function markdown(): string {
  const lines = [
    '| workload | contender | throughput | % of SIMD128 limit | simdnet is |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const simdnet = rows.find(
      (x) => x.workload === r.workload && x.contender === 'simdnet',
    )!.median;
    const value = r.error ? `cannot: ${r.error}` : `${r.median.toPrecision(3)} ${r.unit}`;
    const share =
      r.unit === 'GFLOP/s' && !r.error ? `${((100 * r.median) / simd128).toFixed(0)} %` : '';
    const ratio = r.contender === 'simdnet' || r.error ? '' : `${(simdnet / r.median).toFixed(2)}×`;
    lines.push(`| ${r.workload} | ${r.contender} | ${value} | ${share} | ${ratio} |`);
  }
  return lines.join('\n');
}
