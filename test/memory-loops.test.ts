import { describe, expect, it } from 'vitest';
import { backendInfo, init } from '../src';
import { LOOPS } from './memory-loops';

await init();

const ITERATIONS = 10_000;
const WARMUP = 2_000;
const MIDDLE = (WARMUP + ITERATIONS) / 2;

/** The peaks of live bytes and tensors before and after the middle, and the memory size. */
function footprint() {
  const early = { bytes: 0, tensors: 0 };
  const late = { bytes: 0, tensors: 0 };
  let memoryAtWarmup = 0;
  const sample = (i: number) => {
    if (i < WARMUP) return;
    const info = backendInfo();
    if (i === WARMUP) memoryAtWarmup = info.wasmMemoryBytes;
    const peak = i < MIDDLE ? early : late;
    peak.bytes = Math.max(peak.bytes, info.liveBytes);
    peak.tensors = Math.max(peak.tensors, info.liveTensors);
  };
  return { sample, early, late, memoryAtWarmup: () => memoryAtWarmup };
}

describe('memory stays bounded without dispose() in the loops users write', () => {
  for (const [name, loop] of LOOPS) {
    it(`${name}: ${ITERATIONS} iterations`, async () => {
      const f = footprint();
      const held = await loop(ITERATIONS, f.sample);
      // Nothing grows after warm-up…
      expect(f.late.bytes).toBeLessThanOrEqual(f.early.bytes);
      expect(f.late.tensors).toBeLessThanOrEqual(f.early.tensors);
      expect(backendInfo().wasmMemoryBytes).toBe(f.memoryAtWarmup());
      // …and everything the loop kept still holds its values.
      expect(held.length).toBeGreaterThan(0);
      for (const { tensor, values } of held) {
        expect(tensor.released).toBe(false);
        expect(tensor.toArray()).toEqual(values);
      }
    });
  }
});
