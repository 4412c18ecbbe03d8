// node --import tsx bench/svm.ts [--n 1000,5000] [--reps 5] [--kernels linear,rbf,poly,sigmoid]
//                                [--python python3]
// Fit time of simdnet's svm.SVC against libsvm-js (libsvm compiled to wasm) and scikit-learn's
// SVC (native libsvm, in a python3 child process when it can import sklearn) on
// make_circles(n, noise 0.1, factor 0.5), C = 1, the four kernels with their default degree
// (3) and coef0 (0), tol 1e-3, shrinking on, a 200 MB kernel cache. γ is scikit-learn's
// 'scale', computed once from the training set and passed as a number to all three.
//
// One process: the contenders take turns (the order rotates every repetition), so that a slow
// spell of a shared machine hits all of them; the figure is the median fit time. Only the fit
// is timed (for libsvm-js it includes copying the rows into its memory, as ours reads them
// from arrays); accuracy is on 2 000 test points (seed 1), and #SV is the number of support
// vectors. Ratios above 1 mean simdnet is faster; each contender fits every kernel once,
// untimed, before the first size (JIT and wasm warm-up). The results belong in bench/results.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { init } from '../src';
import * as data from '../src/data';
import * as svm from '../src/svm';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1000,5000' },
    reps: { type: 'string', default: '5' },
    kernels: { type: 'string', default: 'linear,rbf,poly,sigmoid' },
    python: { type: 'string', default: 'python3' },
  },
});
const sizes = args.n.split(',').map(Number);
const reps = Number(args.reps);
const kernels = args.kernels.split(',') as svm.KernelName[];
const CIRCLES = { noise: 0.1, factor: 0.5 };
const N_TEST = 2000;
const C = 1;

interface Fit {
  seconds: number;
  accuracy: number;
  supportVectors: number;
}

/** A contender: fits one kernel on the current data set. */
interface Contender {
  name: string;
  fit(kernel: svm.KernelName, gamma: number): Promise<Fit>;
}

interface Problem {
  train: Float64Array[];
  trainY: number[];
  test: Float64Array[];
  testY: number[];
}

const accuracyOf = (predicted: ArrayLike<number>, y: number[]) =>
  y.filter((label, i) => predicted[i] === label).length / y.length;

function simdnet(problem: Problem): Contender {
  return {
    name: 'simdnet',
    fit: async (kernel, gamma) => {
      const t0 = performance.now();
      const model = new svm.SVC({ kernel, C, gamma }).fit(problem.train, problem.trainY);
      const seconds = (performance.now() - t0) / 1000;
      return {
        seconds,
        accuracy: accuracyOf(model.predict(problem.test), problem.testY),
        supportVectors: model.supportIndices.length,
      };
    },
  };
}

// libsvm-js's API (no type declarations): a promise of the SVM class, whose options are
// libsvm's command-line flags by name; kernel is '0' linear, '1' poly, '2' rbf, '3' sigmoid.
interface LibsvmModel {
  train(samples: number[][], labels: number[]): void;
  predict(samples: number[][]): number[];
  getSVIndices(): number[];
  free(): void;
}
type LibsvmClass = new (options: Record<string, unknown>) => LibsvmModel;
const LIBSVM_KERNELS: Record<svm.KernelName, string> = {
  linear: '0',
  poly: '1',
  rbf: '2',
  sigmoid: '3',
};

function libsvmJs(SVM: LibsvmClass, problem: Problem): Contender {
  const train = problem.train.map((row) => Array.from(row));
  const test = problem.test.map((row) => Array.from(row));
  return {
    name: 'libsvm-js',
    fit: async (kernel, gamma) => {
      const model = new SVM({
        kernel: LIBSVM_KERNELS[kernel],
        cost: C,
        gamma,
        degree: 3,
        coef0: 0,
        tolerance: 1e-3,
        cacheSize: 200,
        shrinking: true,
        quiet: true,
      });
      try {
        const t0 = performance.now();
        model.train(train, problem.trainY);
        const seconds = (performance.now() - t0) / 1000;
        return {
          seconds,
          accuracy: accuracyOf(model.predict(test), problem.testY),
          supportVectors: model.getSVIndices().length,
        };
      } finally {
        model.free();
      }
    },
  };
}

// scikit-learn in one long-lived child: a JSON line in, a JSON line out.
const SKLEARN = String.raw`
import json, sys, time
import numpy as np
from sklearn.svm import SVC
for line in sys.stdin:
    m = json.loads(line)
    if m["op"] == "data":
        X, y = np.array(m["x"], dtype=np.float64), np.array(m["y"])
        Xt, yt = np.array(m["xt"], dtype=np.float64), np.array(m["yt"])
        out = {}
    else:
        model = SVC(kernel=m["kernel"], C=m["C"], gamma=m["gamma"], degree=3, coef0=0.0,
                    tol=1e-3, shrinking=True, cache_size=200)
        t0 = time.perf_counter()
        model.fit(X, y)
        seconds = time.perf_counter() - t0
        out = {"seconds": seconds, "accuracy": float((model.predict(Xt) == yt).mean()),
               "supportVectors": int(model.support_.size)}
    print(json.dumps(out), flush=True)
`;

async function sklearn(
  python: string,
): Promise<{ contender: (problem: Problem) => Promise<Contender>; close: () => void } | undefined> {
  if (spawnSync(python, ['-c', 'import sklearn']).status !== 0) return undefined;
  const child = spawn(python, ['-c', SKLEARN], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (message: object) => {
    child.stdin.write(JSON.stringify(message) + '\n');
    const { value, done } = await lines.next();
    if (done) throw new Error('bench/svm: the scikit-learn child exited');
    return JSON.parse(value as string) as Fit;
  };
  return {
    contender: async (problem) => {
      const rows = (x: Float64Array[]) => x.map((r) => Array.from(r));
      await ask({
        op: 'data',
        x: rows(problem.train),
        y: problem.trainY,
        xt: rows(problem.test),
        yt: problem.testY,
      });
      return { name: 'scikit-learn', fit: (kernel, gamma) => ask({ op: 'fit', kernel, C, gamma }) };
    },
    close: () => child.stdin.end(),
  };
}

function circles(n: number, seed: number): { x: Float32Array; rows: Float64Array[]; y: number[] } {
  const { x, y } = data.circles({ n, seed, ...CIRCLES });
  const rows = Array.from({ length: n }, (_, i) => Float64Array.from(x.subarray(2 * i, 2 * i + 2)));
  return { x, rows, y: Array.from(y) };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

await init({ threads: 1 }); // the SMO solver and its kernel rows run on one thread
const require = createRequire(import.meta.url);
const SVM = await (require('libsvm-js') as Promise<LibsvmClass>);
const sk = await sklearn(args.python);
const names = ['simdnet', 'libsvm-js', 'scikit-learn'];
const ms = (s: number | undefined) => (s === undefined ? '–' : (1000 * s).toFixed(1));
const ratio = (a: number | undefined, b: number) => (a === undefined ? '–' : (a / b).toFixed(2));
const table = [
  `make_circles(n, noise ${CIRCLES.noise}, factor ${CIRCLES.factor}), C = ${C}, γ = 'scale', ` +
    `median fit time of ${reps} (ms); accuracy on ${N_TEST} test points; ` +
    (sk ? 'scikit-learn via ' + args.python : 'scikit-learn skipped: no scikit-learn'),
  '',
  '| n | kernel | simdnet ms | libsvm-js ms | scikit-learn ms | libsvm-js / simdnet | ' +
    'scikit-learn / simdnet | accuracy (simdnet / libsvm-js / sklearn) | #SV (same order) |',
  '|---|---|---|---|---|---|---|---|---|',
];
try {
  const testSet = circles(N_TEST, 1);
  // One untimed fit of each kernel by each contender first: JIT and wasm warm-up.
  const warm = circles(500, 2);
  const warmProblem = { train: warm.rows, trainY: warm.y, test: warm.rows, testY: warm.y };
  const warmGamma = svm.resolveGamma('scale', warm.x, 500, 2);
  for (const c of [simdnet(warmProblem), libsvmJs(SVM, warmProblem)]) {
    for (const kernel of kernels) await c.fit(kernel, warmGamma);
  }
  for (const n of sizes) {
    const trainSet = circles(n, 0);
    const gamma = svm.resolveGamma('scale', trainSet.x, n, 2);
    const problem = {
      train: trainSet.rows,
      trainY: trainSet.y,
      test: testSet.rows,
      testY: testSet.y,
    };
    const contenders = [simdnet(problem), libsvmJs(SVM, problem)];
    if (sk) contenders.push(await sk.contender(problem));
    for (const kernel of kernels) {
      const runs = new Map<string, Fit[]>(contenders.map((c) => [c.name, []]));
      for (let r = 0; r < reps; r++) {
        for (let k = 0; k < contenders.length; k++) {
          const c = contenders[(r + k) % contenders.length];
          runs.get(c.name)!.push(await c.fit(kernel, gamma));
        }
      }
      const seconds = names.map((name) => {
        const fits = runs.get(name);
        return fits ? median(fits.map((f) => f.seconds)) : undefined;
      });
      const last = names.map((name) => runs.get(name)?.at(-1));
      const row =
        `| ${n} | ${kernel} | ${seconds.map(ms).join(' | ')} | ${ratio(seconds[1], seconds[0]!)} | ` +
        `${ratio(seconds[2], seconds[0]!)} | ` +
        `${last.map((f) => (f ? (100 * f.accuracy).toFixed(1) : '–')).join(' / ')} | ` +
        `${last.map((f) => f?.supportVectors ?? '–').join(' / ')} |`;
      table.push(row);
      console.error(row);
    }
  }
} finally {
  sk?.close();
}
console.log(table.join('\n'));
