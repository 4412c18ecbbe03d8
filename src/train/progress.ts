// A progress line for the training loop: redrawn in place on a terminal, plain lines
// otherwise (CI logs, files, browsers' consoles).

/** What the loop reports while an epoch runs. */
export interface ProgressState {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy?: number;
  samplesPerSecond: number;
  secondsLeft: number;
}

interface Sink {
  tty: boolean;
  write(text: string): void;
}

function defaultSink(): Sink {
  const stream = (
    globalThis as { process?: { stderr?: { isTTY?: boolean; write?: (s: string) => void } } }
  ).process?.stderr;
  if (stream?.write) return { tty: Boolean(stream.isTTY), write: (s) => stream.write!(s) };
  return { tty: false, write: (s) => console.log(s.trimEnd()) };
}

/** Draws progress bars (tty) or one line per epoch; silent when disabled. */
export class Progress {
  #lastDraw = 0;

  constructor(
    private readonly enabled: boolean,
    private readonly sink: Sink = defaultSink(),
  ) {}

  /** Redraws the bar (at most 10 times a second) on a terminal; elsewhere a line per tenth of an epoch. */
  update(s: ProgressState): void {
    if (!this.enabled) return;
    if (!this.sink.tty) {
      const tenth = Math.floor((10 * s.batch) / s.batches);
      if (tenth > Math.floor((10 * (s.batch - 1)) / s.batches) && s.batch < s.batches) {
        this.sink.write(`epoch ${s.epoch}/${s.epochs} ${s.batch}/${s.batches} ${status(s)}\n`);
      }
      return;
    }
    const now = Date.now();
    if (now - this.#lastDraw < 100 && s.batch < s.batches) return;
    this.#lastDraw = now;
    const width = 24;
    const done = Math.round((width * s.batch) / s.batches);
    const bar = '='.repeat(Math.max(0, done - 1)) + (done ? '>' : '') + ' '.repeat(width - done);
    this.sink.write(
      `\r\x1b[Kepoch ${s.epoch}/${s.epochs} [${bar}] ${s.batch}/${s.batches} ${status(s)}`,
    );
  }

  /** Ends an epoch with a summary line. */
  epochEnd(text: string): void {
    if (!this.enabled) return;
    this.sink.write(`${this.sink.tty ? '\r\x1b[K' : ''}${text}\n`);
  }
}

function status(s: ProgressState): string {
  const acc = s.accuracy === undefined ? '' : ` acc ${(100 * s.accuracy).toFixed(2)}%`;
  const speed = Math.round(s.samplesPerSecond).toLocaleString('en-US');
  return `loss ${s.loss.toFixed(4)}${acc} ${speed} samples/s ETA ${clock(s.secondsLeft)}`;
}

/** Seconds as m:ss or h:mm:ss. */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const t = Math.max(0, Math.round(seconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const ss = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
