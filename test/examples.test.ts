import { describe, expect, it } from 'vitest';
import { init } from '../src';
import { trainCircles } from '../examples/manual-backprop';

describe('examples/manual-backprop', () => {
  it('learns the circles by hand-written backprop without growing memory after step 1', async () => {
    await init();
    const run = trainCircles({ steps: 300 });
    expect(run.losses[0]).toBeGreaterThan(0.6); // chance level is ln 2 ≈ 0.69
    expect(run.losses.at(-1)!).toBeLessThan(0.15);
    expect(run.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(run.memory.atEnd).toBe(run.memory.afterFirstStep);
  });
});
