import { describe, expect, it } from 'vitest';
import { backendInfo, init, nn, optim, scope, Tensor } from '../src';
import { Random } from '../src';
import { randomArray } from './helpers';

await init();

describe('tensor lifetimes: the step arena and scopes', () => {
  it('frees a step’s tensors when the next step begins, keeps what was made before the optimizer', () => {
    const x = Tensor.from([1, 2, 3, 4], [2, 2]); // made before the optimizer: persists
    const model = new nn.Linear(2, 1);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const loss = model.forward(x).sum();
    opt.zeroGrad();
    loss.backward();
    opt.step();
    expect(loss.item()).toBeTypeOf('number'); // still readable after step()
    const next = model.forward(x); // the first tensor of the next step frees the last one's
    expect(loss.released).toBe(true);
    expect(() => loss.item()).toThrow(/training step after step \d+ began.*\.keep\(\)/);
    expect(x.released).toBe(false);
    expect(model.weight.released).toBe(false);
    expect(model.weight.grad!.released).toBe(false);
    expect(next.released).toBe(false);
  });

  it('keep() exempts a tensor made during a step', () => {
    const model = new nn.Linear(2, 1);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const kept = Tensor.from([5], [1]).keep();
    const temp = Tensor.from([6], [1]);
    opt.step();
    Tensor.zeros([1]);
    expect(kept.item()).toBe(5);
    expect(temp.released).toBe(true);
    kept.release();
  });

  it('scope() frees everything made inside except what it returns', () => {
    const before = backendInfo().liveTensors;
    let inner: Tensor | undefined;
    const result = scope(() => {
      inner = Tensor.zeros([3]);
      const a = Tensor.full([3], 2);
      return { sum: a.add(inner), label: 'x' };
    });
    expect(inner!.released).toBe(true);
    expect(result.sum.toArray()).toEqual(Float32Array.of(2, 2, 2));
    expect(backendInfo().liveTensors).toBe(before + 1);
    result.sum.release();
    expect(() => inner!.toArray()).toThrow(/end of the scope\(\)/);
  });

  it('a 500-step loop building each batch with Tensor.from grows neither memory nor live tensors', () => {
    const rng = new Random(3);
    const data = randomArray(rng, 64 * 20);
    const labels = Int32Array.from({ length: 64 }, (_, i) => i % 4);
    const model = new nn.Sequential(
      new nn.Linear(20, 32),
      new nn.ReLU(),
      new nn.Dropout(0.25),
      new nn.Linear(32, 4),
    );
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    let memoryAfterWarmup = 0;
    let liveAfterWarmup = 0;
    for (let step = 0; step < 500; step++) {
      const x = Tensor.from(data, [64, 20]);
      const loss = nn.functional.crossEntropy(model.forward(x), labels);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      expect(Number.isFinite(loss.item())).toBe(true);
      if (step === 10) {
        memoryAfterWarmup = backendInfo().wasmMemoryBytes;
        liveAfterWarmup = backendInfo().liveTensors;
      }
    }
    expect(backendInfo().wasmMemoryBytes).toBe(memoryAfterWarmup);
    expect(backendInfo().liveTensors).toBe(liveAfterWarmup);
  });
});
