// node --expose-gc --import tsx bench/memory-loops.ts [iterations]
// The seven loops of test/memory-loops.ts (issue 13), each on a fresh backend: live bytes and
// tensors at iteration 100 and at the end, the linear memory's size, the JavaScript heap
// after a collection (with --expose-gc), and what the memory rules cost (tensors and bytes
// moved out to the JavaScript heap per iteration, reloads).
import { backendInfo, init } from '../src';
import { LOOPS } from '../test/memory-loops';

const iterations = Number(process.argv[2] ?? 10_000);
const early = 100;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const collect = (globalThis as { gc?: () => void }).gc;
/** The JavaScript heap in use after a full collection (when node runs with --expose-gc). */
const jsHeap = () => {
  collect?.();
  return collect ? mib(process.memoryUsage().heapUsed) : 'n/a';
};

const rows: string[][] = [];
for (const [name, loop] of LOOPS) {
  await init({ threads: 1 });
  let at100 = backendInfo();
  let heap100 = '';
  let paused = 0; // the collections for the heap figure are not the loop's time
  const started = performance.now();
  await loop(iterations, (i) => {
    if (i !== early - 1) return;
    const t = performance.now();
    at100 = backendInfo();
    heap100 = jsHeap();
    paused = performance.now() - t;
  });
  const ms = performance.now() - started - paused;
  const end = backendInfo();
  const heapEnd = jsHeap();
  const { spilledTensors, spilledBytes, reloadedTensors } = end.memory;
  rows.push([
    name,
    `${kb(at100.liveBytes)} / ${at100.liveTensors}`,
    `${kb(end.liveBytes)} / ${end.liveTensors}`,
    `${kb(at100.wasmMemoryBytes)} → ${kb(end.wasmMemoryBytes)}`,
    `${heap100} → ${heapEnd}`,
    (spilledTensors / iterations).toFixed(2),
    kb(spilledBytes / iterations),
    String(reloadedTensors),
    `${((ms * 1000) / iterations).toFixed(0)} µs`,
  ]);
}

const header = [
  'loop',
  `live at ${early} (bytes / tensors)`,
  `live at ${iterations}`,
  'linear memory',
  'JS heap',
  'moved out / iteration',
  'bytes moved / iteration',
  'reloads',
  'time / iteration',
];
const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
console.log(`Node ${process.version}, ${iterations} iterations, one thread\n`);
console.log(line(header));
console.log(line(header.map(() => '---')));
for (const r of rows) console.log(line(r));
