// The results as a Markdown table (stdout), a JSON file and a grouped bar chart (SVG).
import { writeFileSync } from 'node:fs';
import { barChart } from '../../src/report';
import { GAUGE } from './limit';
import { BATCH_64 } from './training';
import type { Row } from './runner';

const fmt = (v: number) =>
  v >= 1000
    ? Math.round(v).toLocaleString('en-US')
    : v >= 100
      ? v.toFixed(0)
      : v >= 10
        ? v.toFixed(1)
        : v.toPrecision(2);

/**
 * One cell: throughput, % of the SIMD128 limit (GFLOP/s rows: the limit measured in the
 * row's own rounds where it was, else `limit`), ratio to simdnet; in growth rows simdnet's
 * share of its batch-64 rate in the same rounds. The gauges' own cells are their throughput.
 */
function cell(row: Row, name: string, limit: number): string {
  const r = row.results[name];
  if (!r) return '';
  if (r.value === undefined) return (r.note ?? 'no result').replaceAll('|', '/').slice(0, 70);
  if (name === GAUGE || name === BATCH_64) return fmt(r.value);
  const extras: string[] = [];
  if (row.unit === 'GFLOP/s' && row.family !== 'limit') {
    const rowLimit = row.results[GAUGE]?.value ?? limit;
    extras.push(`${((100 * r.value) / rowLimit).toFixed(0)} %`);
  }
  const base = row.results.simdnet?.value;
  if (base && name !== 'simdnet') extras.push(`${fmt(r.value / base)}×`);
  const atBatch64 = row.results[BATCH_64]?.value;
  if (atBatch64 && name === 'simdnet')
    extras.push(`${((100 * r.value) / atBatch64).toFixed(0)} % of b64`);
  return extras.length ? `${fmt(r.value)} (${extras.join(', ')})` : fmt(r.value);
}

/**
 * The table: one row per workload, one column per contender; each cell is the median
 * throughput, then (GFLOP/s) its % of the SIMD128 limit and its ratio to simdnet; the
 * column named GAUGE, if listed, holds the limit measured in each GEMM row, and BATCH_64
 * simdnet's batch-64 rate measured in each growth row (simdnet's cell shows its share).
 */
export function markdownTable(rows: Row[], contenders: string[], limit: number): string {
  const lines = [
    `| workload | unit | ${contenders.join(' | ')} |`,
    `|---|---|${contenders.map(() => '---:').join('|')}|`,
    ...rows.map(
      (row) =>
        `| ${row.workload} | ${row.unit} | ${contenders.map((c) => cell(row, c, limit)).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

/**
 * Each peer's throughput as a multiple of simdnet's (simdnet = 1), one group of bars per
 * workload: one scale for GFLOP/s and img/s rows alike. Rows without a simdnet value are left out.
 */
export async function ratioChart(rows: Row[], peers: string[], title: string): Promise<string> {
  const charted = rows.filter((r) => r.results.simdnet?.value);
  return barChart({
    title,
    categories: charted.map((r) => r.short),
    series: peers.map((name) => ({
      name,
      values: charted.map((r) => (r.results[name]?.value ?? 0) / r.results.simdnet.value!),
    })),
    y: 'throughput / simdnet (simdnet = 1)',
  });
}

export function saveJson(path: string, data: unknown): void {
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}

/**
 * How simdnet scales with threads, row by row: the speed-up of `threaded` (on `cores`
 * threads) over `single`, the serial fraction s that Amdahl's law infers from it
 * (speed-up = 1 / (s + (1 − s) / cores)), and the speed-up that s predicts on 8 cores.
 */
export function scalingTable(rows: Row[], single: string, threaded: string, cores: number): string {
  const lines = [
    `| workload | speed-up on ${cores} threads | serial fraction | expected on 8 cores |`,
    '|---|---:|---:|---:|',
  ];
  for (const row of rows) {
    const [one, many] = [row.results[single]?.value, row.results[threaded]?.value];
    if (!one || !many || cores < 2) continue;
    const speedup = many / one;
    const serial = Math.min(1, Math.max(0, (cores / speedup - 1) / (cores - 1)));
    const eight = 1 / (serial + (1 - serial) / 8);
    lines.push(
      `| ${row.workload} | ${speedup.toFixed(2)}× | ${(100 * serial).toFixed(1)} % | ${eight.toFixed(1)}× |`,
    );
  }
  return lines.join('\n');
}
