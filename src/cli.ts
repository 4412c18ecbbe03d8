#!/usr/bin/env node
// The command line: `simdnet reproduce <experiment> [--epochs N] [--limit N] [--out DIR] ...`.
// The tensor methods (x.add(y), loss.backward()) are installed by autograd, above tensor.ts.
import './autograd/methods';
import { init } from './init';
import { load, loadMetadata, toOnnx, toPyTorch, type PyTorchTraining } from './nn';
import { EXPERIMENTS, type ExperimentName } from './experiments';
import { saveReport } from './report';
import { writeFileBytes } from './files';

// Bundled into dist/cli.js by tsup (esbuild keeps only this field), so --version works
// from the package as well as from the sources.
import { version } from '../package.json';

/** One line per experiment for the usage (typed: a new experiment needs its line). */
const DESCRIPTIONS: Record<ExperimentName, string> = {
  e1: 'MNIST MLPs: parameter counts, mini-batch SGD vs full-batch GD, a learning-rate sweep',
  e2: 'a 2-4-2 tanh/softmax network on the circles: lr 0.07 vs 2, batch 1 vs 10 vs 50',
  e3: 'kernel SVMs on the circles: linear, sigmoid, RBF and polynomial kernels',
  e4: 'MNIST: a fully connected network vs a small CNN',
  e5: 'a CIFAR-10 CNN, one change per --step (norm, augment, sched, adam, dropout, bn, ...)',
  e6: 'a linear softmax classifier on CIFAR-10 pixels (NumPy-style), one --case each',
  e7: '1-D regression with a 1-100-1 sigmoid network, 10-fold cross-validation',
  e8: 'the MNIST CNN with dropout, Adadelta and StepLR',
  'e8-search':
    'a genetic search of the E8 CNN hyper-parameters (--case <population>x<generations>)',
};

const NAMES = Object.keys(EXPERIMENTS) as ExperimentName[];

const USAGE = `usage: simdnet reproduce <experiment> [--epochs N] [--limit N] [--out DIR] [--format html|md]
       [--threads N] [--quiet] [--step NAME | --case NAME] [--resume]
       simdnet export <model.safetensors> --to onnx [--input-shape C,H,W] [--out FILE]
       simdnet export <model.safetensors> --to pytorch [--checkpoint FILE] [--out FILE]
       simdnet --help | --version

Runs one experiment on the real data and writes DIR/report.html (default DIR:
reports/<experiment>) with its figures, plus DIR/figures.json.

experiments:
${NAMES.map((name) => `  ${name.padEnd(10)} ${DESCRIPTIONS[name]}`).join('\n')}

--epochs N runs N epochs instead of the experiment's own number.
--limit N trains on the first N images only (a quick check, not the experiment); its
  report says so and goes to reports/<experiment>-limit<N> unless --out is given.
--out DIR / --format html|md: where and how to write the report.
--threads N runs the kernels on N threads (default: every core; the results are the same).
--quiet prints no progress bars or epoch lines.
export writes a model saved by simdnet as ONNX (opset 13, for ONNX Runtime and the
  like; default FILE: the model's path with .onnx; --input-shape gives one sample's shape
  when the first layer does not fix it, a Conv2d) or as a PyTorch module (a Python file
  that builds it and reads the weights; default FILE: the path with .py; --checkpoint, a
  train.fit checkpoint, adds the optimizer and schedule to its training stub).
--step NAME / --case NAME picks a variant of experiments made of several (E5's steps,
E6's cases, e8-search's <population>x<generations>, e.g. --case 8x5); --resume continues
a run from its last checkpoint in DIR.`;

/** A request to stop before running anything: print `text` and exit with `code`. */
class Exit extends Error {
  constructor(
    readonly text: string,
    readonly code: number,
  ) {
    super(text);
  }
}

interface Args {
  experiment: ExperimentName;
  epochs?: number;
  out: string;
  format: 'html' | 'md';
  quiet: boolean;
  limit?: number;
  threads?: number;
  variant?: string;
  resume: boolean;
}

function parse(argv: string[]): Args {
  if (argv.includes('--help') || argv.includes('-h')) throw new Exit(USAGE, 0);
  if (argv.includes('--version')) throw new Exit(version, 0);
  const [command, experiment, ...rest] = argv;
  if (command === undefined) throw new Exit(USAGE, 2);
  if (command !== 'reproduce') throw new Exit(`unknown command ${command}\n\n${USAGE}`, 2);
  if (!experiment) throw new Exit(`reproduce needs an experiment\n\n${USAGE}`, 2);
  if (!(experiment in EXPERIMENTS)) {
    throw new Exit(`unknown experiment ${experiment}; the experiments are ${NAMES.join(', ')}`, 2);
  }
  const args: Args = {
    experiment: experiment as ExperimentName,
    out: '',
    format: 'html',
    quiet: false,
    resume: false,
  };
  let out: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    if (flag === '--epochs') {
      args.epochs = Number(value());
      if (!Number.isInteger(args.epochs) || args.epochs < 1)
        throw new Error(`--epochs must be a positive integer`);
    } else if (flag === '--out') out = value();
    else if (flag === '--format') {
      const f = value();
      if (f !== 'html' && f !== 'md') throw new Error(`--format must be html or md`);
      args.format = f;
    } else if (flag === '--limit') {
      args.limit = Number(value());
      if (!Number.isInteger(args.limit) || args.limit < 2)
        throw new Error(`--limit must be an integer ≥ 2`);
    } else if (flag === '--threads') {
      args.threads = Number(value());
      if (!Number.isInteger(args.threads) || args.threads < 1)
        throw new Error(`--threads must be a positive integer`);
    } else if (flag === '--step' || flag === '--case') args.variant = value();
    else if (flag === '--resume') args.resume = true;
    else if (flag === '--quiet') args.quiet = true;
    else throw new Error(`unknown option ${flag}\n\n${USAGE}`);
  }
  // A quick check must not overwrite the full run's report.
  args.out =
    out ??
    (args.limit === undefined
      ? `reports/${experiment}`
      : `reports/${experiment}-limit${args.limit}`);
  return args;
}

/** `simdnet export <model> --to onnx [--input-shape …] [--out FILE]`. */
interface ExportArgs {
  model: string;
  to: 'onnx' | 'pytorch';
  out: string;
  inputShape?: number[];
  checkpoint?: string;
}

function parseExport([model, ...rest]: string[]): ExportArgs {
  if (!model || model.startsWith('--')) throw new Exit(`export needs a model file\n\n${USAGE}`, 2);
  let to: string | undefined;
  let out: string | undefined;
  let inputShape: number[] | undefined;
  let checkpoint: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const v = rest[++i];
    if (v === undefined) throw new Exit(`${flag} needs a value\n\n${USAGE}`, 2);
    if (flag === '--to') to = v;
    else if (flag === '--out') out = v;
    else if (flag === '--checkpoint') checkpoint = v;
    else if (flag === '--input-shape') {
      inputShape = v.split(',').map(Number);
      if (!inputShape.every((d) => Number.isInteger(d) && d > 0)) {
        throw new Exit(`--input-shape must be positive integers such as 1,28,28, got ${v}`, 2);
      }
    } else throw new Exit(`unknown option ${flag}\n\n${USAGE}`, 2);
  }
  if (to !== 'onnx' && to !== 'pytorch') {
    throw new Exit(`export needs --to onnx or --to pytorch, got ${to ?? 'nothing'}`, 2);
  }
  const extension = to === 'onnx' ? 'onnx' : 'py';
  out ??= `${model.replace(/\.safetensors$/, '')}.${extension}`;
  return { model, to, out, inputShape, checkpoint };
}

async function exportModel({ model, to, out, inputShape, checkpoint }: ExportArgs) {
  await init({ threads: 1 });
  const loaded = await load(model);
  if (to === 'onnx') {
    const bytes = toOnnx(loaded, { inputShape });
    await writeFileBytes(out, bytes);
    console.log(`wrote ${out} (${bytes.length.toLocaleString('en-US')} bytes, ONNX opset 13)`);
    return;
  }
  const training = await trainingOf(await loadMetadata(model), checkpoint);
  const source = toPyTorch(loaded, { weights: model, training });
  await writeFileBytes(out, new TextEncoder().encode(source));
  console.log(`wrote ${out}: build() and load(${JSON.stringify(model)}) for PyTorch`);
}

/** What a model's metadata and a checkpoint tell of its training (JSON as simdnet writes it). */
async function trainingOf(
  metadata: Record<string, string>,
  checkpoint: string | undefined,
): Promise<PyTorchTraining> {
  const training: PyTorchTraining = {};
  const json = (text: string | undefined) => (text === undefined ? undefined : JSON.parse(text));
  training.normalize = json(metadata['simdnet.normalize']);
  if (checkpoint) {
    const saved = await loadMetadata(checkpoint);
    training.optimizer = json(saved['simdnet.optimizer']);
    training.scheduler = json(saved['simdnet.scheduler']);
    training.epoch = json(saved['simdnet.checkpoint'])?.epoch;
  }
  return training;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'export' && !argv.includes('--help') && !argv.includes('-h')) {
    try {
      await exportModel(parseExport(argv.slice(1)));
    } catch (e) {
      console.error(e instanceof Exit ? e.text : (e as Error).message);
      process.exitCode = e instanceof Exit ? e.code : 1;
    }
    return;
  }
  let args: Args;
  try {
    args = parse(argv);
  } catch (e) {
    if (e instanceof Exit && e.code === 0) console.log(e.text);
    else console.error((e as Error).message);
    process.exitCode = e instanceof Exit ? e.code : 2;
    return;
  }
  const backend = await init({ threads: args.threads ?? 'auto' });
  const start = performance.now();
  console.log(
    `simdnet reproduce ${args.experiment} (backend ${backend.name}, ${backend.simd}, ` +
      `${backend.threads.count} thread${backend.threads.count > 1 ? 's' : ''})`,
  );
  const { report, figures, samples } = await EXPERIMENTS[args.experiment]({
    epochs: args.epochs,
    limit: args.limit,
    progress: !args.quiet,
    variant: args.variant,
    resume: args.resume,
    out: args.out,
  });
  const note = args.limit === undefined ? undefined : limitNote(args.limit, samples);
  if (note) console.log(note);
  const sections = note
    ? [{ heading: 'Quick check', text: note }, ...report.sections]
    : report.sections;
  const title = note ? `${report.title} (--limit ${args.limit})` : report.title;
  const path = await saveReport(args.out, { ...report, title, sections, format: args.format });
  const seconds = (performance.now() - start) / 1000;
  // limit and samples come first, so that no reader takes a quick check for the experiment.
  const json = {
    experiment: args.experiment,
    ...(args.limit !== undefined && { limit: args.limit }),
    ...(samples && { samples }),
    seconds,
    ...figures,
  };
  await writeFileBytes(
    `${args.out}/figures.json`,
    new TextEncoder().encode(JSON.stringify(json, null, 2) + '\n'),
  );
  for (const [name, value] of Object.entries(figures))
    console.log(`${name}: ${format(name, value)}`);
  console.log(`done in ${seconds.toFixed(0)} s; report: ${path}`);
}

/** What a --limit run's report says first: that it is a quick check, on how much data. */
function limitNote(limit: number, samples: Record<string, number> | undefined): string {
  const used = samples
    ? `: ${Object.entries(samples)
        .map(([what, n]) => `${n.toLocaleString('en-US').replace(/,/g, ' ')} ${what}`)
        .join(', ')}`
    : '';
  return (
    `This run was a quick check with --limit ${limit} (the first ${limit} training and ` +
    `${Math.ceil(limit / 2)} test samples where the experiment takes a limit), not the ` +
    `experiment; its figures are not the experiment's. Data used${used}.`
  );
}

function format(name: string, value: number): string {
  if (/accuracy/.test(name)) return `${(100 * value).toFixed(2)} %`;
  // Four decimals would print a small figure (a weight decay of 2e-6) as 0.
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toPrecision(4);
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
