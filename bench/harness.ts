// Runs a suite of kernel benchmarks on the wasm backend and on the plain-TS reference,
// side by side in one process, and reports throughput from benny's median sample.
import { writeFileSync } from 'node:fs';
import b from 'benny';
import type { Backend } from '../src';

export type Unit = 'GFLOP/s' | 'GB/s';

export interface BenchCase {
  /** Row label, e.g. 'A·Bᵀ 256×256×256'. */
  name: string;
  /** Work per call, in floating-point operations (GFLOP/s) or bytes moved (GB/s). */
  work: number;
  unit: Unit;
  /** Builds the inputs on `backend`; returns the call to time and a cleanup. */
  setup(backend: Backend): { run: () => void; dispose: () => void };
}

export interface BenchSuite {
  name: string;
  cases: BenchCase[];
}

export interface BenchRow {
  suite: string;
  case: string;
  unit: Unit;
  wasm: number;
  reference: number;
  /** wasm throughput / reference throughput */
  ratio: number;
}

export interface BenchOptions {
  /** Seconds benny may spend per contender and case. */
  maxTime: number;
  /** Only run cases whose name contains this. */
  filter?: string;
}

/** Median throughput of `run` in `unit` (benny: median seconds per call). */
async function measure(
  label: string,
  c: BenchCase,
  backend: Backend,
  options: BenchOptions,
): Promise<number> {
  const { run, dispose } = c.setup(backend);
  try {
    const summary = await b.suite(
      label,
      b.add(backend.name, run, { minSamples: 3, maxTime: options.maxTime, initCount: 1 }),
    );
    const seconds = summary.results[0].details.median;
    return c.work / seconds / 1e9;
  } finally {
    dispose();
  }
}

export async function runSuite(
  suite: BenchSuite,
  backends: { wasm: Backend; reference: Backend },
  options: BenchOptions,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of suite.cases) {
    if (options.filter && !`${suite.name} ${c.name}`.includes(options.filter)) continue;
    const label = `${suite.name}: ${c.name}`;
    const wasm = await measure(label, c, backends.wasm, options);
    const reference = await measure(label, c, backends.reference, options);
    rows.push({
      suite: suite.name,
      case: c.name,
      unit: c.unit,
      wasm,
      reference,
      ratio: wasm / reference,
    });
  }
  return rows;
}

/** The rows as a Markdown table (the format README.md quotes). */
export function markdownTable(rows: BenchRow[]): string {
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const lines = [
    '| suite | case | unit | wasm | reference | wasm / reference |',
    '|---|---|---|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.suite} | ${r.case} | ${r.unit} | ${fmt(r.wasm)} | ${fmt(r.reference)} | ${fmt(r.ratio)}× |`,
    ),
  ];
  return lines.join('\n');
}

export function saveRows(path: string, rows: BenchRow[], meta: Record<string, unknown>): void {
  writeFileSync(path, JSON.stringify({ ...meta, rows }, null, 2) + '\n');
}

/** Random data in [-1, 1) that does not depend on the backend (same inputs for both contenders). */
export function benchData(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) / 2 ** 31 - 1;
  }
  return out;
}
