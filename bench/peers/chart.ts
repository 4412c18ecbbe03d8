// The peers table as a bar chart: every GEMM workload's throughput as a share of the SIMD128
// limit measured in the same run (so that the chart reads the same on any machine), and the
// MLP training steps as images/s relative to simdnet.
import { writeFileSync } from 'node:fs';
import { barChart } from '../../src/report';

interface Row {
  workload: string;
  contender: string;
  unit: string;
  median: number;
  error?: string;
}

const CONTENDERS = ['simdnet', 'tfjs-wasm', 'tfjs-cpu', 'reference'];

/** Writes bench/results/peers.svg from the rows of one run. */
export async function writeChart(rows: Row[], simd128: number): Promise<void> {
  const gemm = [...new Set(rows.filter((r) => r.unit === 'GFLOP/s').map((r) => r.workload))];
  const value = (workload: string, contender: string, scale: (v: number) => number) => {
    const r = rows.find((x) => x.workload === workload && x.contender === contender);
    return r && !r.error ? scale(r.median) : 0;
  };
  const gemmSvg = await barChart({
    title: `GEMM, one thread: % of the SIMD128 limit (${simd128.toFixed(1)} GFLOP/s in this run)`,
    categories: gemm.map(shortName),
    series: CONTENDERS.map((c) => ({
      name: c,
      values: gemm.map((w) => value(w, c, (v) => (100 * v) / simd128)),
    })),
    y: '% of SIMD128 limit',
  });
  writeFileSync(new URL('../results/peers.svg', import.meta.url), gemmSvg);
}

/** "gemm A·Bᵀ 64×300·300×784 (MLP layer 1 dX)" → "A·Bᵀ MLP layer 1 dX"; squares keep their size. */
function shortName(workload: string): string {
  const match = /^gemm (\S+) (.*)$/.exec(workload);
  if (!match) return workload;
  const label = /\((.*)\)/.exec(match[2])?.[1];
  return `${match[1]} ${label ?? match[2]}`;
}
