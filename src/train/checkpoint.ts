import type { DataLoader } from '../data/loader';
import { isNode } from '../files';
import type { Module } from '../nn';
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from '../nn/safetensors';
import { storedStateOf, storedValuesOf } from '../nn/serialize';
import { invalid } from '../errors';
import type { LRScheduler, Optimizer, OptimizerState, SchedulerState } from '../optim';
import { sharedRandom, type RandomState } from '../random';
import type { History } from './fit';

// A training checkpoint is one safetensors file, so that resuming is bit-identical to never
// stopping: every piece of state that the next epoch reads is in it.
//
//   tensors   model.<key>            the model's state dict (parameters and buffers)
//             optimizer.<i>.<k>      state tensor k of parameter i (momentum, Adam's m, v …)
//   metadata  simdnet.checkpoint     {"epoch", "history"}: epochs done and their figures
//             simdnet.optimizer      step count, lr, hyper-parameters, tensors per parameter
//             simdnet.scheduler      epoch, base lr, lr (when there is a scheduler)
//             simdnet.loader         epochs started, shuffling generator (when a DataLoader)
//             simdnet.random         the shared generator (dropout masks, initialisation)
//
// Files are written synchronously (fit is synchronous) and atomically: to path + '.tmp',
// then renamed over path, so a run killed while saving leaves the previous checkpoint whole.

/** What a checkpoint restores: the objects of a run, made the same way as when it was saved. */
export interface CheckpointParts {
  model: Module;
  optimizer: Optimizer;
  scheduler?: LRScheduler;
  /** The training batches, when they carry state (a data.DataLoader: epochs and shuffling). */
  loader?: Pick<DataLoader, 'stateDict' | 'loadStateDict'>;
}

/** A checkpoint to save: the parts, the epochs completed and their history. */
export interface Checkpoint extends CheckpointParts {
  epoch: number;
  history: History;
}

/** What loading a checkpoint returns besides the restored parts. */
export interface Restored {
  /** Epochs completed when the checkpoint was saved: training continues at epoch + 1. */
  epoch: number;
  /** The history of those epochs. */
  history: History;
}

const MODEL = 'model.';
const OPTIMIZER = 'optimizer.';
const KEYS = {
  checkpoint: 'simdnet.checkpoint',
  optimizer: 'simdnet.optimizer',
  scheduler: 'simdnet.scheduler',
  loader: 'simdnet.loader',
  random: 'simdnet.random',
};

/** The optimizer's scalars as stored: its state dict with, per parameter, a tensor count. */
type StoredOptimizer = Omit<OptimizerState, 'state'> & { state: Record<number, number> };

/** A checkpoint as safetensors bytes (see loadCheckpoint / checkpointFromBytes). */
export function checkpointToBytes(checkpoint: Checkpoint): Uint8Array {
  const { model, optimizer, scheduler, loader, epoch, history } = checkpoint;
  if (!Number.isSafeInteger(epoch) || epoch < 0) {
    invalid('saveCheckpoint', `'epoch' must be an integer ≥ 0, got ${epoch}`);
  }
  if (!Array.isArray(history?.epochs)) {
    invalid('saveCheckpoint', `'history' must be a History ({ epochs, seconds })`);
  }
  const tensors: Record<string, StoredTensor> = {};
  for (const [key, t] of Object.entries(storedStateOf(model))) tensors[MODEL + key] = t;
  const { state, ...scalars } = optimizer.stateDict();
  const counts: Record<number, number> = {};
  for (const [i, list] of Object.entries(state)) {
    counts[Number(i)] = list.length;
    list.forEach(({ shape, data }, k) => {
      tensors[`${OPTIMIZER}${i}.${k}`] = { dtype: 'F32', shape, data };
    });
  }
  const metadata: Record<string, string> = {
    [KEYS.checkpoint]: JSON.stringify({ epoch, history }, finite),
    [KEYS.optimizer]: JSON.stringify({ ...scalars, state: counts } satisfies StoredOptimizer),
    [KEYS.random]: JSON.stringify(sharedRandom().snapshot()),
  };
  if (scheduler) metadata[KEYS.scheduler] = JSON.stringify(scheduler.stateDict());
  if (loader) metadata[KEYS.loader] = JSON.stringify(loader.stateDict());
  return encodeSafetensors(tensors, metadata);
}

/**
 * Restores the parts from checkpointToBytes() bytes: the model's parameters and buffers,
 * the optimizer's (and scheduler's, loader's) state and the shared generator. Throws when a
 * part does not fit: a model or optimizer of other shapes, a part given but not saved.
 */
export function checkpointFromBytes(bytes: Uint8Array, into: CheckpointParts): Restored {
  const op = 'loadCheckpoint';
  const { tensors, metadata } = decodeSafetensors(bytes);
  const json = <T>(key: string, what: string): T => {
    const text = metadata[key];
    if (text === undefined) invalid(op, `the checkpoint has no ${what} ('${key}')`);
    try {
      return JSON.parse(text, nonFinite) as T;
    } catch (e) {
      return invalid(op, `'${key}' is not valid JSON: ${(e as Error).message}`);
    }
  };
  const { epoch, history } = json<Restored>(KEYS.checkpoint, 'epoch and history');
  if (!Number.isSafeInteger(epoch) || epoch < 0 || !Array.isArray(history?.epochs)) {
    invalid(op, `'${KEYS.checkpoint}' must hold an epoch ≥ 0 and a history`);
  }
  const stored = json<StoredOptimizer>(KEYS.optimizer, 'optimizer state');
  const scheduler = into.scheduler && json<SchedulerState>(KEYS.scheduler, 'scheduler state');
  const loader =
    into.loader &&
    json<Parameters<DataLoader['loadStateDict']>[0]>(KEYS.loader, 'data loader state');
  const random = json<RandomState>(KEYS.random, 'shared generator state');

  const model: Record<string, StoredTensor> = {};
  const optimizer: OptimizerState = { ...stored, state: {} };
  for (const [key, t] of Object.entries(tensors)) {
    if (key.startsWith(MODEL)) model[key.slice(MODEL.length)] = t;
    else if (!key.startsWith(OPTIMIZER)) invalid(op, `unexpected tensor '${key}'`);
  }
  for (const [i, count] of Object.entries(stored.state ?? {})) {
    optimizer.state[Number(i)] = Array.from({ length: count }, (_, k) => {
      const key = `${OPTIMIZER}${i}.${k}`;
      const t = tensors[key];
      if (t?.dtype !== 'F32') invalid(op, `the optimizer's tensor '${key}' is missing or not F32`);
      return { shape: t.shape, data: t.data as Float32Array };
    });
  }
  into.model.loadStateDict(storedValuesOf(model));
  into.optimizer.loadStateDict(optimizer);
  if (into.scheduler && scheduler) into.scheduler.loadStateDict(scheduler);
  if (into.loader && loader) into.loader.loadStateDict(loader);
  sharedRandom().restore(random);
  return { epoch, history };
}

/**
 * Writes a checkpoint to `path` (Node), atomically: a run killed while saving leaves the
 * previous file whole. Synchronous, as fit is.
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const bytes = checkpointToBytes(checkpoint);
  const fs = nodeFs('saveCheckpoint');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (slash > 0) fs.mkdirSync(path.slice(0, slash), { recursive: true });
  fs.writeFileSync(`${path}.tmp`, bytes);
  fs.renameSync(`${path}.tmp`, path);
}

/** Restores the parts from the checkpoint file at `path` (Node; see checkpointFromBytes). */
export function loadCheckpoint(path: string, into: CheckpointParts): Restored {
  return checkpointFromBytes(new Uint8Array(nodeFs('loadCheckpoint').readFileSync(path)), into);
}

/** Whether a checkpoint file exists at `path` (Node). */
export function checkpointExists(path: string): boolean {
  return nodeFs('checkpointExists').existsSync(path);
}

/** Node's synchronous file system (process.getBuiltinModule: Node ≥ 20.16). */
function nodeFs(op: string): typeof import('node:fs') {
  const fs = isNode() ? globalThis.process.getBuiltinModule?.('node:fs') : undefined;
  if (!fs) {
    invalid(
      op,
      'checkpoint files need Node ≥ 20.16; elsewhere use checkpointToBytes / checkpointFromBytes',
    );
  }
  return fs;
}

/** JSON.stringify replacer: NaN and ±Infinity (a loss can be) as strings, not null. */
function finite(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** JSON.parse reviver undoing `finite`. */
function nonFinite(_key: string, v: unknown): unknown {
  return v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v;
}
