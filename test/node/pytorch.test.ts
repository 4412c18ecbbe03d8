// Node only, with Debian's python3-torch (apt-get install -y python3-torch; .ci/run installs
// it): the Python that nn.toPyTorch writes, run by PyTorch itself. Its module gives
// simdnet's outputs; a state dict PyTorch writes (batch-norm statistics included) loads into
// simdnet with PyTorch's outputs; one SGD-with-momentum and one Adam step from the same
// weights and batch give the same weights. Without torch the test fails and says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, init, manualSeed, nn, noGrad, optim, Random, Tensor, train } from '../../src';
import { cifarCnn } from '../../src/experiments/models';
import { mnistCnn } from '../../src/experiments/models';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-pytorch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first Python that imports torch (Debian's is /usr/bin/python3; PATH may differ). */
function findTorch(): string | undefined {
  for (const python of [process.env.SIMDNET_PYTHON, '/usr/bin/python3', 'python3']) {
    if (!python) continue;
    const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return python;
  }
  return undefined;
}

let python = '';
beforeAll(async () => {
  await init();
  const found = findTorch();
  if (!found) {
    throw new Error(
      'the PyTorch checks need python3 with torch: apt-get install -y python3-torch libopenblas0-pthread',
    );
  }
  python = found;
});

// Runs the generated module: its outputs on x, a PyTorch-made state dict and its outputs,
// and one optimizer step, each written for the test to read.
const SCRIPT = String.raw`
import importlib.util, sys, torch
from torch import nn
spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
weights, data, out = sys.argv[2], sys.argv[3], sys.argv[4]
torch.set_num_threads(1)
tensors, _ = m.read_safetensors(data)
x, y = tensors["x"], tensors["y"]
model = m.load(weights)
with torch.no_grad():
    model(x).numpy().astype("float32").tofile(out + ".ours.bin")
# A state dict of PyTorch's own: new weights, batch-norm statistics from training passes.
torch.manual_seed(0)
other = m.build()
for p in other.parameters():
    nn.init.normal_(p, std=0.1)
with torch.no_grad():
    for _ in range(3):
        other(2 * torch.randn(8, *x.shape[1:]) + 1)
other.eval()
m.save_safetensors(other, out + ".torch.safetensors")
with torch.no_grad():
    other(x).numpy().astype("float32").tofile(out + ".torch.bin")
# One training step from the exported weights, for each optimizer.
if len(sys.argv) > 5:
    for name in sys.argv[5].split(","):
        model = m.load(weights).train()
        opt = (torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9) if name == "sgd"
               else torch.optim.Adam(model.parameters(), lr=0.01))
        for _ in range(2):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        m.save_safetensors(model, out + "." + name + ".safetensors")
`;

/** Max |a − b| / (1 + |b|). */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return w;
}

const floats = (path: string) => {
  const b = readFileSync(path);
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
};

/** A few training-mode passes, so that batch norm's running statistics are not 0 and 1. */
function warm(model: nn.Module, sample: number[]) {
  const rng = new Random(9);
  const size = sample.reduce((a, b) => a * b);
  noGrad(() => {
    for (let i = 0; i < 3; i++) {
      const x = Float32Array.from({ length: 8 * size }, () => 2 * rng.normal() + 1);
      model.forward(Tensor.from(x, [8, ...sample]));
    }
  });
}

/** Exports `model`, runs SCRIPT on it and returns the paths of what it wrote. */
async function roundTrip(name: string, model: nn.Module, sample: number[], steps?: string) {
  const rng = new Random(5);
  const batch = 4;
  const x = Float32Array.from({ length: batch * sample.reduce((a, b) => a * b) }, () =>
    rng.normal(),
  );
  const y = Int32Array.from({ length: batch }, () => rng.int(5));
  const weights = join(dir, `${name}.safetensors`);
  await model.save(weights);
  const data = join(dir, `${name}.data.safetensors`);
  writeFileSync(
    data,
    nn.encodeSafetensors({
      x: { dtype: 'F32', shape: [batch, ...sample], data: x },
      y: { dtype: 'I64', shape: [batch], data: BigInt64Array.from(y, (v) => BigInt(v)) },
    }),
  );
  const source = join(dir, `${name}.py`);
  writeFileSync(source, nn.toPyTorch(model, { weights }));
  const script = join(dir, 'check.py');
  writeFileSync(script, SCRIPT);
  const out = join(dir, name);
  execFileSync(python, [script, source, weights, data, out, ...(steps ? [steps] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { x: Tensor.from(x, [batch, ...sample]), y, out };
}

/** simdnet's outputs (eval) vs PyTorch's on the export, and on PyTorch's own state dict. */
async function checkOutputs(name: string, model: nn.Module, sample: number[]) {
  const { x, out } = await roundTrip(name, model, sample);
  model.eval();
  const ours = noGrad(() => model.forward(x).toArray() as Float32Array);
  const exported = worst(floats(`${out}.ours.bin`), ours);
  model.loadStateDict(await nn.loadStateDict(`${out}.torch.safetensors`));
  const fromTorch = worst(
    floats(`${out}.torch.bin`),
    noGrad(() => model.forward(x).toArray() as Float32Array),
  );
  return { exported, fromTorch };
}

describe('nn.toPyTorch, run by PyTorch', () => {
  it('the E8 CNN', async () => {
    manualSeed(1);
    const r = await checkOutputs('e8', mnistCnn(), [1, 28, 28]);
    expect(r.exported).toBeLessThan(1e-5);
    expect(r.fromTorch).toBeLessThan(1e-5);
  });

  it('the E5 CNN with batch norm and dropout', async () => {
    manualSeed(2);
    const model = cifarCnn({ dropout: true, batchNorm: true });
    model.train();
    warm(model, [3, 32, 32]);
    const r = await checkOutputs('e5', model, [3, 32, 32]);
    expect(r.exported).toBeLessThan(1e-5);
    expect(r.fromTorch).toBeLessThan(1e-5);
  });

  it('an MLP with every layer; one SGD-with-momentum and one Adam step agree', async () => {
    manualSeed(3);
    const make = () =>
      new nn.Sequential(
        new nn.AvgPool2d(2, { padding: 1 }),
        new nn.Conv2d(2, 3, [3, 2], { stride: [2, 1], padding: [1, 0], bias: false }),
        new nn.MaxPool2d(1),
        new nn.Flatten(),
        // No bias before batch norm: its gradient is rounding noise, which Adam's
        // g / √v turns into a full step of either sign.
        new nn.Linear(27, 16, { bias: false }),
        new nn.BatchNorm1d(16),
        new nn.Tanh(),
        new nn.Sequential(new nn.Linear(16, 8), new nn.Sigmoid()),
        new nn.Linear(8, 5),
        new nn.ReLU(),
      );
    const model = make();
    const { x, y, out } = await roundTrip('mlp', model, [2, 8, 6], 'sgd,adam');
    for (const name of ['sgd', 'adam']) {
      manualSeed(3);
      const ours = make();
      const opt =
        name === 'sgd'
          ? new optim.SGD(ours.parameters(), { lr: 0.1, momentum: 0.9 })
          : new optim.Adam(ours.parameters(), { lr: 0.01 });
      for (let step = 0; step < 2; step++) {
        opt.zeroGrad();
        nn.functional.crossEntropy(ours.forward(x), y).backward();
        opt.step();
      }
      const theirs = await nn.loadStateDict(`${out}.${name}.safetensors`);
      for (const [key, t] of Object.entries(ours.stateDict())) {
        const w = worst(t.toArray() as ArrayLike<number>, theirs[key].data);
        expect(w, `${name} ${key}`).toBeLessThan(1e-5);
      }
    }
  });

  it('writes the training it knows as a stub', () => {
    const model = new nn.Sequential(new nn.Linear(4, 2));
    const source = nn.toPyTorch(model, {
      training: {
        optimizer: {
          type: 'SGD',
          lr: 0.05,
          stepCount: 100,
          hyper: { momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false },
        },
        scheduler: {
          type: 'CosineAnnealingLR',
          epoch: 3,
          lr: 0.04,
          baseLr: 0.05,
          hyper: { tMax: 10, etaMin: 0 },
        },
        epoch: 3,
        normalize: { mean: [0.5], std: [0.25] },
      },
    });
    expect(source).toContain(
      '# optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, dampening=0, weight_decay=0, nesterov=False)',
    );
    expect(source).toContain('# for epoch in range(4, EPOCHS + 1):');
    expect(source).toContain(
      '# scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10, eta_min=0, last_epoch=2)',
    );
    expect(source).toContain('#     group["initial_lr"] = 0.05');
    expect(source).toContain('torchvision.transforms.Normalize(mean=[0.5], std=[0.25])');
    expect(source).toContain(
      '    return nn.Sequential(\n        nn.Linear(4, 2, bias=True),\n    )',
    );
  });
});

describe('simdnet export --to pytorch', () => {
  it('writes a module PyTorch loads, with the optimizer, schedule and normalisation of a checkpoint', async () => {
    manualSeed(6);
    const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 2));
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const checkpoint = join(dir, 'run.checkpoint.safetensors');
    train.fit(model, {
      train: data.circlesDataset({ n: 40, seed: 1 }),
      batchSize: 10,
      optimizer,
      scheduler: new optim.StepLR(optimizer, { stepSize: 1, gamma: 0.5 }),
      epochs: 2,
      progress: false,
      checkpoint: { path: checkpoint },
    });
    const weights = join(dir, 'run.safetensors');
    const normalize = new data.transforms.Normalize([0.5], [0.25]);
    await model.save(weights, { metadata: normalize.metadata() });
    const root = resolve(__dirname, '../..');
    const r = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'src/cli.ts'), 'export', weights, '--to', 'pytorch', '--checkpoint', checkpoint],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const source = readFileSync(join(dir, 'run.py'), 'utf8');
    expect(source).toContain(
      '# optimizer = torch.optim.SGD(model.parameters(), lr=0.025, momentum=0.9',
    );
    expect(source).toContain(
      '# scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5, last_epoch=1)',
    );
    expect(source).toContain('# for epoch in range(3, EPOCHS + 1):');
    expect(source).toContain('Normalize(mean=[0.5], std=[0.25])');
    const printed = execFileSync(python, [join(dir, 'run.py')], { encoding: 'utf8' });
    expect(printed).toMatch(
      /^Sequential\(\n {2}\(0\): Linear\(in_features=2, out_features=8, bias=True\)/,
    );
  });
});
