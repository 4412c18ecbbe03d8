import type { Module } from '../module';
import type { ModuleConfig } from '../serialize';

// A model as a Python file for PyTorch: the same architecture as a torch.nn.Module (nested
// nn.Sequential, so that the state-dict keys are simdnet's, which are PyTorch's), a reader
// of safetensors files of its own (Debian's torch 1.13 ships no safetensors package), a
// writer for the way back, and, when known, the training that produced the weights as a
// commented stub. The reader and writer handle the dtypes simdnet writes (F32, I64) and the
// common others.

/** The training a model came from, for the stub (all optional). */
export interface PyTorchTraining {
  /** An optimizer's stateDict() (type, lr, hyper-parameters, steps), e.g. from a checkpoint. */
  optimizer?: { type: string; lr: number; stepCount?: number; hyper: Record<string, unknown> };
  /** A scheduler's stateDict() (type, epoch, lr, its parameters). */
  scheduler?: {
    type: string;
    epoch: number;
    lr: number;
    baseLr?: number;
    hyper?: Record<string, number>;
  };
  /** Epochs completed. */
  epoch?: number;
  /** Per-channel input normalisation (data.transforms.Normalize's mean and std). */
  normalize?: { mean: readonly number[]; std: readonly number[] };
}

/** What toPyTorch needs besides the model. */
export interface PyTorchOptions {
  /** The weights file the generated load() reads by default (default 'model.safetensors'). */
  weights?: string;
  training?: PyTorchTraining;
}

const py = (v: unknown): string =>
  typeof v === 'boolean'
    ? v
      ? 'True'
      : 'False'
    : typeof v === 'string'
      ? JSON.stringify(v)
      : String(v);
const pair = (v: unknown): string => {
  const [a, b] = typeof v === 'number' ? [v, v] : (v as [number, number]);
  return `(${a}, ${b})`;
};

/** The nn.* expression of one layer (a Sequential with its layers indented). */
function layer(config: ModuleConfig, indent: string): string {
  const { type, args } = config;
  const opts = (i: number) => (args[i] ?? {}) as Record<string, unknown>;
  switch (type) {
    case 'Sequential': {
      const inner = (args as ModuleConfig[]).map(
        (l) => `${indent}    ${layer(l, `${indent}    `)},`,
      );
      return `nn.Sequential(\n${inner.join('\n')}\n${indent})`;
    }
    case 'Linear':
      return `nn.Linear(${args[0]}, ${args[1]}, bias=${py(opts(2).bias ?? true)})`;
    case 'Conv2d': {
      const { stride = 1, padding = 0, bias = true } = opts(3);
      return (
        `nn.Conv2d(${args[0]}, ${args[1]}, kernel_size=${pair(args[2])}, stride=${pair(stride)}, ` +
        `padding=${pair(padding)}, bias=${py(bias)})`
      );
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const { stride, padding = 0 } = opts(1);
      const s = stride === undefined ? pair(args[0]) : pair(stride);
      return `nn.${type}(kernel_size=${pair(args[0])}, stride=${s}, padding=${pair(padding)})`;
    }
    case 'BatchNorm1d':
    case 'BatchNorm2d': {
      const { eps = 1e-5, momentum = 0.1 } = opts(1);
      return `nn.${type}(${args[0]}, eps=${py(eps)}, momentum=${py(momentum)})`;
    }
    case 'ReLU':
    case 'Tanh':
    case 'Sigmoid':
      return `nn.${type}()`;
    case 'Softmax':
      return 'nn.Softmax(dim=-1)';
    case 'Flatten':
      return 'nn.Flatten(1)';
    case 'Dropout':
      return `nn.Dropout(p=${py(args[0] ?? 0.5)})`;
    default:
      throw new Error(`simdnet: nn.toPyTorch: no PyTorch module for a ${type} layer`);
  }
}

const OPTIMIZERS: Record<string, (h: Record<string, unknown>, lr: number) => string> = {
  SGD: (h, lr) =>
    `torch.optim.SGD(model.parameters(), lr=${py(lr)}, momentum=${py(h.momentum)}, ` +
    `dampening=${py(h.dampening)}, weight_decay=${py(h.weightDecay)}, nesterov=${py(h.nesterov)})`,
  Adam: (h, lr) =>
    `torch.optim.${h.decoupled ? 'AdamW' : 'Adam'}(model.parameters(), lr=${py(lr)}, ` +
    `betas=(${py(h.beta1)}, ${py(h.beta2)}), eps=${py(h.eps)}, weight_decay=${py(h.weightDecay)})`,
  AdamW: (h, lr) => OPTIMIZERS.Adam({ ...h, decoupled: true }, lr),
  RMSprop: (h, lr) =>
    `torch.optim.RMSprop(model.parameters(), lr=${py(lr)}, alpha=${py(h.alpha)}, eps=${py(h.eps)}, ` +
    `weight_decay=${py(h.weightDecay)}, momentum=${py(h.momentum)})`,
  Adadelta: (h, lr) =>
    `torch.optim.Adadelta(model.parameters(), lr=${py(lr)}, rho=${py(h.rho)}, eps=${py(h.eps)}, ` +
    `weight_decay=${py(h.weightDecay)})`,
};

const SCHEDULERS: Record<string, (h: Record<string, number>) => string> = {
  StepLR: (h) =>
    `torch.optim.lr_scheduler.StepLR(optimizer, step_size=${h.stepSize}, gamma=${h.gamma}, last_epoch=LAST)`,
  ExponentialLR: (h) =>
    `torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=${h.gamma}, last_epoch=LAST)`,
  CosineAnnealingLR: (h) =>
    `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=${h.tMax}, eta_min=${h.etaMin}, last_epoch=LAST)`,
  InverseTimeLR: (h) =>
    `torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 1 / (1 + ${h.decayRate} * e / ${h.decaySteps}), last_epoch=LAST)`,
};

/** The commented training stub, from what is known of the training. */
function trainingStub({ optimizer, scheduler, epoch, normalize }: PyTorchTraining): string {
  const lines = [
    '# Training, continued in PyTorch where simdnet stopped (uncomment and fill in the data):',
    '#',
    '# model = load()',
    '# model.train()',
  ];
  if (normalize) {
    lines.push(
      `# normalize = torchvision.transforms.Normalize(mean=${JSON.stringify(normalize.mean)}, std=${JSON.stringify(normalize.std)})`,
      '#   (the training set statistics simdnet normalised the inputs with)',
    );
  }
  if (optimizer) {
    const make = OPTIMIZERS[optimizer.type];
    lines.push(
      make
        ? `# optimizer = ${make(optimizer.hyper, optimizer.lr)}`
        : `# optimizer = ...  # simdnet used ${optimizer.type} (lr ${optimizer.lr})`,
      `#   (simdnet's ${optimizer.type} after ${optimizer.stepCount ?? '?'} steps; its momentum / moment buffers start again from zero here)`,
    );
  } else {
    lines.push('# optimizer = torch.optim.SGD(model.parameters(), lr=0.01)');
  }
  if (scheduler) {
    const make = SCHEDULERS[scheduler.type] as ((h: Record<string, number>) => string) | undefined;
    lines.push(
      `# for group in optimizer.param_groups:  # PyTorch resumes a schedule from 'initial_lr'`,
      `#     group["initial_lr"] = ${scheduler.baseLr ?? 'BASE_LR'}`,
      make && scheduler.hyper
        ? `# scheduler = ${make(scheduler.hyper).replace('LAST', String(scheduler.epoch - 1))}`
        : `# scheduler = ...  # simdnet used ${scheduler.type}`,
      `#   (simdnet's ${scheduler.type} after ${scheduler.epoch} epochs, lr now ${scheduler.lr})`,
    );
  }
  lines.push(
    `# for epoch in range(${(epoch ?? 0) + 1}, EPOCHS + 1):`,
    '#     for x, y in loader:',
    ...(normalize ? ['#         x = normalize(x)'] : []),
    '#         optimizer.zero_grad()',
    '#         loss = nn.functional.cross_entropy(model(x), y)',
    '#         loss.backward()',
    '#         optimizer.step()',
    ...(scheduler ? ['#     scheduler.step()'] : []),
  );
  return lines.join('\n');
}

/**
 * The model as the source of a Python file for PyTorch: `build()` makes the architecture,
 * `load(path)` builds it and reads simdnet's safetensors file into it (eval mode),
 * `save_safetensors(model, path)` writes a state dict back in the form simdnet reads
 * (nn.loadStateDict / model.loadStateDict), and a commented training stub follows.
 */
export function toPyTorch(
  model: Module,
  { weights = 'model.safetensors', training = {} }: PyTorchOptions = {},
): string {
  const architecture = layer(model.toConfig(), '    ');
  return `# Generated by simdnet: the architecture of a simdnet model as a torch.nn.Module, and a
# reader and writer of safetensors files (no safetensors package needed).
#
#   model = load(${py(weights)})   # eval mode; model.train() to train
import json
import struct

import torch
from torch import nn

DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}


def build():
    """The architecture, with fresh weights."""
    return ${architecture}


def read_safetensors(path):
    """The tensors (by name) and the metadata of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    metadata = header.pop("__metadata__", {})
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        raw = bytearray(data[base + start : base + end])
        flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(info["shape"])
    return tensors, metadata


def save_safetensors(model, path, metadata=None):
    """Writes model.state_dict() as a safetensors file that simdnet reads."""
    names = {v: k for k, v in DTYPES.items()}
    header, chunks, offset = {}, [], 0
    for name, tensor in model.state_dict().items():
        t = tensor.detach().contiguous().cpu()
        raw = t.numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def load(path=${py(weights)}):
    """The model with the weights of a simdnet file, in eval mode."""
    model = build()
    tensors, _ = read_safetensors(path)
    model.load_state_dict(tensors)
    return model.eval()


${trainingStub(training)}


if __name__ == "__main__":
    print(load())
`;
}
