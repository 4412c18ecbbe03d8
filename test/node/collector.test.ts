// Node only (it needs --expose-gc): the garbage collector's backstop. A service that answers
// requests on the event loop and drops its tensors gets their blocks back once the collector
// has found them unreachable, without waiting for them to go cold (the collector watches
// tensors from 64 KiB up: below that, moving them out costs less than watching them).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REQUESTS = 10; // 640 KiB of requests: too few for a generation to end (1 MiB)

const program = (entry: string) => `
import * as s from ${JSON.stringify(entry)};
await s.init({ threads: 1 });
const model = new s.nn.Sequential(new s.nn.Linear(16384, 8), new s.nn.ReLU(), new s.nn.Linear(8, 2)).eval();
const live = () => s.backendInfo().liveTensors;
const before = live();
const replies = [];
for (let i = 0; i < ${REQUESTS}; i++) {
  await new Promise((r) => setImmediate(r));
  const request = s.Tensor.from(new Float32Array(16384).fill(i / 10), [1, 16384]); // 64 KiB
  replies.push(Array.from(model.forward(request).toArray()));
}
const made = live() - before;
for (let i = 0; i < 3; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 20));
}
const { memory } = s.backendInfo();
console.log(JSON.stringify({ made, left: live() - before, memory, replies: replies.length }));
`;

describe('the garbage collector backstop', () => {
  it('gives back the blocks of the requests a service dropped', () => {
    const entry = join(process.cwd(), 'dist/index.js');
    const output = execFileSync(
      'node',
      ['--expose-gc', '--input-type=module', '-e', program(entry)],
      { encoding: 'utf8' },
    );
    const { made, left, memory, replies } = JSON.parse(output.trim().split('\n').pop()!);
    expect(replies).toBe(REQUESTS);
    expect(memory.spilledTensors).toBe(0); // no generation ended: only the collector freed
    expect(made).toBeGreaterThanOrEqual(2 * REQUESTS); // each request and its output, at least
    // Every request but perhaps the last (the engine may still hold it in a register).
    expect(memory.collectedTensors).toBeGreaterThanOrEqual(REQUESTS - 1);
    expect(left).toBeLessThanOrEqual(made - (REQUESTS - 1));
  });
});
