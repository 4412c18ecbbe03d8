import { describe, expect, it } from 'vitest';
import { init, optim, Tensor } from '../src';
import { expectClose } from './helpers';

await init();

/** Minimises Σ (p − target)²/2 (gradient p − target) for `steps` steps; returns p after each. */
function descend(make: (p: Tensor) => optim.Optimizer, steps: number): number[][] {
  const p = Tensor.from([1, -2, 0.5], [3], { requiresGrad: true });
  const target = Tensor.from([0.3, 0.1, -0.2], [3]);
  const opt = make(p);
  const path: number[][] = [];
  for (let i = 0; i < steps; i++) {
    const d = p.sub(target);
    const loss = d.mul(d).sum().mul(0.5);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    path.push([...p.toArray()]);
  }
  return path;
}

/** The same descent in float64 JS with an update rule written out by hand. */
function byHand(update: (p: number[], g: number[], t: number) => void, steps: number): number[][] {
  const p = [1, -2, 0.5];
  const target = [0.3, 0.1, -0.2];
  const path: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    update(
      p,
      p.map((v, i) => v - target[i]),
      t,
    );
    path.push([...p]);
  }
  return path;
}

const compare = (a: number[][], b: number[][]) =>
  a.forEach((row, i) => expectClose(row, b[i], { rtol: 1e-5, atol: 1e-6 }, `step ${i + 1}`));

describe('optimizers follow PyTorch’s update rules', () => {
  it('SGD with momentum and Nesterov', () => {
    const buf = [0, 0, 0];
    compare(
      descend((p) => new optim.SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true }), 5),
      byHand((p, g, t) => {
        g.forEach((gi, i) => {
          buf[i] = t === 1 ? gi : 0.9 * buf[i] + gi;
          p[i] -= 0.1 * (gi + 0.9 * buf[i]);
        });
      }, 5),
    );
  });

  it('Adam and AdamW', () => {
    for (const decoupled of [false, true]) {
      const m = [0, 0, 0];
      const v = [0, 0, 0];
      const make = (p: Tensor) =>
        decoupled
          ? new optim.AdamW([p], { lr: 0.05, weightDecay: 0.1 })
          : new optim.Adam([p], { lr: 0.05, weightDecay: 0.1 });
      compare(
        descend(make, 6),
        byHand((p, g, t) => {
          g.forEach((gi, i) => {
            if (decoupled) p[i] *= 1 - 0.05 * 0.1;
            else gi += 0.1 * p[i];
            m[i] = 0.9 * m[i] + 0.1 * gi;
            v[i] = 0.999 * v[i] + 0.001 * gi * gi;
            const mh = m[i] / (1 - 0.9 ** t);
            const vh = v[i] / (1 - 0.999 ** t);
            p[i] -= (0.05 * mh) / (Math.sqrt(vh) + 1e-8);
          });
        }, 6),
      );
    }
  });

  it('RMSprop and Adadelta', () => {
    const sq = [0, 0, 0];
    compare(
      descend((p) => new optim.RMSprop([p], { lr: 0.01 }), 5),
      byHand((p, g) => {
        g.forEach((gi, i) => {
          sq[i] = 0.99 * sq[i] + 0.01 * gi * gi;
          p[i] -= (0.01 * gi) / (Math.sqrt(sq[i]) + 1e-8);
        });
      }, 5),
    );
    const acc = [0, 0, 0];
    const delta = [0, 0, 0];
    compare(
      descend((p) => new optim.Adadelta([p], { lr: 1 }), 5),
      byHand((p, g) => {
        g.forEach((gi, i) => {
          acc[i] = 0.9 * acc[i] + 0.1 * gi * gi;
          const d = (Math.sqrt(delta[i] + 1e-6) / Math.sqrt(acc[i] + 1e-6)) * gi;
          delta[i] = 0.9 * delta[i] + 0.1 * d * d;
          p[i] -= d;
        });
      }, 5),
    );
  });

  it('reject bad settings with the option’s name', () => {
    const p = Tensor.zeros([2], { requiresGrad: true });
    expect(() => new optim.SGD([p], { lr: -1 })).toThrow(/SGD: 'lr'/);
    expect(() => new optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow(/nesterov/);
    expect(() => new optim.Adam([p], { eps: NaN })).toThrow(/Adam: 'eps'/);
    expect(() => new optim.SGD([Tensor.zeros([2])], { lr: 0.1 })).toThrow(/requiresGrad/);
    expect(() => new optim.Adadelta([])).toThrow(/no parameters/);
  });

  it('zeroGrad drops gradients; step skips parameters without one', () => {
    const a = Tensor.from([1], [1], { requiresGrad: true });
    const b = Tensor.from([1], [1], { requiresGrad: true });
    const opt = new optim.SGD([a, b], { lr: 0.5 });
    a.mul(2).sum().backward();
    opt.step();
    expect(a.item()).toBe(0);
    expect(b.item()).toBe(1);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });
});

describe('learning-rate schedulers', () => {
  const p = () => [Tensor.zeros([1], { requiresGrad: true })];
  const lrs = (s: optim.LRScheduler, n: number) =>
    Array.from({ length: n }, () => {
      const lr = s.lr;
      s.step();
      return lr;
    });

  it('StepLR, ExponentialLR, InverseTimeLR, CosineAnnealingLR', () => {
    expectClose(
      lrs(new optim.StepLR(new optim.SGD(p(), { lr: 1 }), { stepSize: 2, gamma: 0.5 }), 5),
      [1, 1, 0.5, 0.5, 0.25],
    );
    expectClose(
      lrs(new optim.ExponentialLR(new optim.SGD(p(), { lr: 1 }), { gamma: 0.7 }), 3),
      [1, 0.7, 0.49],
    );
    expectClose(lrs(new optim.InverseTimeLR(new optim.SGD(p(), { lr: 1 }), { decayRate: 1 }), 3), [
      1,
      1 / 2,
      1 / 3,
    ]);
    expectClose(
      lrs(new optim.CosineAnnealingLR(new optim.SGD(p(), { lr: 1 }), { tMax: 2 }), 3),
      [1, 0.5, 0],
    );
    expect(() => new optim.StepLR(new optim.SGD(p(), { lr: 1 }), { stepSize: 0 })).toThrow(
      /stepSize/,
    );
  });

  it('keep their parameters in their state, and refuse a state of other parameters', () => {
    const make = (gamma: number) =>
      new optim.StepLR(new optim.SGD(p(), { lr: 1 }), { stepSize: 2, gamma });
    const a = make(0.5);
    a.step();
    a.step();
    expect(a.stateDict()).toEqual({
      type: 'StepLR',
      epoch: 2,
      baseLr: 1,
      lr: 0.5,
      hyper: { stepSize: 2, gamma: 0.5 },
    });
    const b = make(0.5);
    b.loadStateDict(a.stateDict());
    expect(b.lr).toBe(0.5);
    expect(() => make(0.1).loadStateDict(a.stateDict())).toThrow(
      "simdnet: StepLR.loadStateDict: 'gamma' is 0.5 in the state, 0.1 in this scheduler",
    );
  });
});
