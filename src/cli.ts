#!/usr/bin/env node
// The command line: `simdnet reproduce <experiment> [--epochs N] [--out DIR] [--format html|md]`.
import { init } from './init';
import { EXPERIMENTS, type ExperimentName } from './experiments';
import { saveReport } from './report';
import { writeFileBytes } from './files';

const USAGE = `usage: simdnet reproduce <${Object.keys(EXPERIMENTS).join('|')}> [--epochs N] [--out DIR] [--format html|md] [--threads N] [--quiet]
       [--step NAME | --case NAME] [--resume]

Runs one experiment of EXPERIMENTS.md on the real data and writes DIR/report.html
(default DIR: reports/<experiment>) with its figures, plus DIR/figures.json.
--limit N trains on the first N images only (a quick check, not the experiment).
--threads N runs the kernels on N threads (default: every core; the results are the same).
--step NAME / --case NAME picks a variant of experiments made of several (E5's steps,
E6's cases, e8-search's <population>x<generations>, e.g. --case 8x5); --resume continues
a run from its last checkpoint in DIR.`;

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
  const [command, experiment, ...rest] = argv;
  if (command !== 'reproduce' || !experiment || !(experiment in EXPERIMENTS))
    throw new Error(USAGE);
  const args: Args = {
    experiment: experiment as ExperimentName,
    out: `reports/${experiment}`,
    format: 'html',
    quiet: false,
    resume: false,
  };
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
    } else if (flag === '--out') args.out = value();
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
  return args;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
    return;
  }
  const backend = await init({ threads: args.threads ?? 'auto' });
  const start = performance.now();
  console.log(
    `simdnet reproduce ${args.experiment} (backend ${backend.name}, ${backend.simd}, ` +
      `${backend.threads.count} thread${backend.threads.count > 1 ? 's' : ''})`,
  );
  const { report, figures } = await EXPERIMENTS[args.experiment]({
    epochs: args.epochs,
    limit: args.limit,
    progress: !args.quiet,
    variant: args.variant,
    resume: args.resume,
    out: args.out,
  });
  const path = await saveReport(args.out, { ...report, format: args.format });
  const seconds = (performance.now() - start) / 1000;
  await writeFileBytes(
    `${args.out}/figures.json`,
    new TextEncoder().encode(
      JSON.stringify({ experiment: args.experiment, seconds, ...figures }, null, 2) + '\n',
    ),
  );
  for (const [name, value] of Object.entries(figures))
    console.log(`${name}: ${format(name, value)}`);
  console.log(`done in ${seconds.toFixed(0)} s; report: ${path}`);
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
