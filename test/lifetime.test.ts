import { describe, expect, it } from 'vitest';
import { backendInfo, init, nn, noGrad, ops, optim, scope, Tensor } from '../src';
import { Random } from '../src';
import { randomArray } from './helpers';

await init();

const tiny = () =>
  new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(3, 1));

describe('tensor lifetimes', () => {
  // First: the patience of the memory rules adapts to earlier loops (src/lifetime/generations.ts).
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

  it('keeps every tensor the user holds readable across steps, wherever it was made', () => {
    const before = Tensor.from([1, 2, 3, 4], [2, 2]); // made before the optimizer
    const model = new nn.Linear(2, 1);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const after = Tensor.from([5, 6, 7, 8], [2, 2]); // made after it, before the first step
    const losses: Tensor[] = [];
    for (let step = 0; step < 50; step++) {
      const loss = model.forward(step % 2 ? before : after).sum();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss);
    }
    const first = losses[0].item(); // its data moved out long ago and are read where they are
    expect(Number.isFinite(first)).toBe(true);
    expect(losses.every((l) => !l.released)).toBe(true);
    expect(backendInfo().memory.spilledTensors).toBeGreaterThan(0);
    expect(after.toArray()).toEqual(Float32Array.of(5, 6, 7, 8));
    expect(ops.sum(before)).toBe(10); // a moved-out input comes back for a kernel
  });

  it('moves a cold tensor out and back without changing a bit', () => {
    const rng = new Random(5);
    const data = randomArray(rng, 999);
    const t = Tensor.from(data, [9, 111]);
    const reloaded = backendInfo().memory.reloadedTensors;
    for (let i = 0; i < 5; i++) noGrad(() => Tensor.zeros([1])); // five loop boundaries
    expect(t.resident).toBe(false);
    const y = ops.scale(t, 1); // the kernel reads it: back in linear memory
    expect(t.resident).toBe(true);
    expect(backendInfo().memory.reloadedTensors).toBe(reloaded + 1);
    expect(y.toArray()).toEqual(Float32Array.from(data));
    expect(t.floats()).toEqual(Float32Array.from(data));
  });

  it('frees what a Sequential makes between its layers as soon as it returns (noGrad)', () => {
    const model = tiny().eval();
    const x = Tensor.from([1, 2, 3, 4], [2, 2]);
    const made = () => backendInfo().liveTensors + backendInfo().memory.spilledTensors;
    const before = made();
    const y = noGrad(() => model.forward(x));
    expect(made()).toBe(before + 1); // y alone (counting tensors that went cold meanwhile)
    expect(y.shape).toEqual([2, 1]);
  });

  it('backward() frees what the graph saved, keeps the outputs the user holds', () => {
    const model = tiny();
    const x = Tensor.from([1, 2, 3, 4], [2, 2]);
    const made = () => backendInfo().liveTensors + backendInfo().memory.spilledTensors;
    const before = made();
    const out = model.forward(x);
    const loss = out.sum();
    expect(made()).toBe(before + 6); // 3 layer outputs, the dropout mask, out, loss
    loss.backward();
    // out, loss and the four parameter gradients remain
    expect(made()).toBe(before + 6);
    expect(backendInfo().liveTensors).toBeGreaterThanOrEqual(6);
    expect(out.toArray()).toHaveLength(2);
    expect(() => loss.backward()).toThrow(/freed by backward\(\).*retainGraph: true/);
  });

  it('backward({ retainGraph: true }) keeps the graph for a second pass', () => {
    const model = tiny();
    const x = Tensor.from([1, 2, 3, 4], [2, 2]);
    const loss = model.forward(x).sum();
    loss.backward({ retainGraph: true });
    const once = model.parameters()[0].grad!.toArray();
    loss.backward();
    const twice = model.parameters()[0].grad!.toArray();
    twice.forEach((g, i) => expect(g).toBeCloseTo(2 * once[i], 5));
  });

  it('a custom layer inside a Sequential keeps what it stashes', () => {
    class Probe extends nn.Module {
      seen: Tensor | undefined;
      forward(x: Tensor): Tensor {
        this.seen = x.relu();
        return this.seen.mul(2);
      }
    }
    const probe = new Probe();
    const model = new nn.Sequential(new nn.Linear(2, 3), probe, new nn.Linear(3, 1));
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const x = Tensor.from([1, 2, 3, 4], [2, 2]);
    const loss = model.forward(x).sum();
    loss.backward();
    opt.step();
    const seen = probe.seen!;
    for (let i = 0; i < 5; i++) noGrad(() => model.forward(x));
    expect(probe.seen).not.toBe(seen);
    expect(seen.toArray().every((v) => v >= 0)).toBe(true);
  });

  it('scope() frees everything made inside except what it returns; keep() exempts', () => {
    const before = backendInfo().liveTensors;
    let inner: Tensor | undefined;
    let kept: Tensor | undefined;
    const result = scope(() => {
      inner = Tensor.zeros([3]);
      kept = Tensor.full([1], 7).keep();
      const a = Tensor.full([3], 2);
      return { sum: a.add(inner), label: 'x' };
    });
    expect(inner!.released).toBe(true);
    expect(result.sum.toArray()).toEqual(Float32Array.of(2, 2, 2));
    expect(kept!.item()).toBe(7);
    expect(backendInfo().liveTensors).toBe(before + 2);
    result.sum.release();
    kept!.release();
    expect(() => inner!.toArray()).toThrow(/end of the scope\(\)/);
  });

  it('scope() frees what a graph saved along with the output it does not return', () => {
    const model = tiny();
    const x = Tensor.from([1, 2, 3, 4], [2, 2]);
    const made = () => backendInfo().liveTensors + backendInfo().memory.spilledTensors;
    const before = made();
    const total = scope(() => model.forward(x).sum().item());
    expect(Number.isFinite(total)).toBe(true);
    expect(made()).toBe(before);
  });

  it('running out of memory names the request, what is live and the cause; the backend goes on', () => {
    const memory = backendInfo().wasmMemoryBytes;
    let message = '';
    try {
      Tensor.zeros([2 ** 30, 2]); // 8 GiB: more than wasm32 can address
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^simdnet: out of memory: a tensor of shape \[1073741824,2\]/);
    expect(message).toMatch(/needs 8192\.0 MB/);
    expect(message).toMatch(/it holds [\d.]+ MB in \d+ live tensors/);
    expect(message).toMatch(/larger than the linear memory can ever be/);
    expect(backendInfo().wasmMemoryBytes).toBe(memory);
    expect(ops.sum(Tensor.full([3], 2))).toBe(6);
  });
});
