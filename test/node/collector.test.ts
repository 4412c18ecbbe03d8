// Node only (it needs --expose-gc): the garbage collector's backstop. A service that answers
// requests on the event loop and drops every tensor gets their blocks back once the
// collector has found them unreachable, without waiting for them to go cold.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const program = (entry: string) => `
import * as s from ${JSON.stringify(entry)};
await s.init({ threads: 1 });
const model = new s.nn.Sequential(new s.nn.Linear(8, 16), new s.nn.ReLU(), new s.nn.Linear(16, 4)).eval();
const live = () => s.backendInfo().liveTensors;
const before = live();
const replies = [];
for (let i = 0; i < 50; i++) {
  await new Promise((r) => setImmediate(r));
  const out = model.forward(s.Tensor.from(new Float32Array(8).fill(i), [1, 8]));
  replies.push(Array.from(out.toArray()));
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
  it('gives back the blocks of tensors a service dropped', () => {
    const entry = join(process.cwd(), 'dist/index.js');
    const output = execFileSync(
      'node',
      ['--expose-gc', '--input-type=module', '-e', program(entry)],
      { encoding: 'utf8' },
    );
    const { made, left, memory, replies } = JSON.parse(output.trim().split('\n').pop()!);
    expect(replies).toBe(50);
    expect(memory.spilledTensors).toBe(0); // too few tensors for a generation to end
    expect(made).toBeGreaterThanOrEqual(100); // x, the output and what its graph saved
    expect(left).toBeLessThan(made / 10);
    expect(memory.collectedTensors).toBeGreaterThanOrEqual(made - left);
  });
});
