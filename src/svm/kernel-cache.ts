import type { FloatArray, Heap } from '../backend/memory';

// Rows of the solver's matrix Q, computed on demand and kept in a least-recently-used cache
// of a byte budget, as libsvm's Cache (Chang & Lin, section 5.1).
//
// Row i holds Q[i][0 .. len): a row may be computed only over the first `len` columns (the
// active set, while the solver shrinks it) and extended later. swapIndices follows the
// solver's reordering: rows exchange places, and in every cached row the entries exchange
// too; a row that holds one entry of a pair but not the other is dropped, since its prefix
// would no longer be contiguous.
//
// Each cached row has a slot of n floats (so extending a row never moves it). Given a heap,
// the slots live in the backend's memory, where the wasm row kernel writes them; they are
// allocated in chunks as the cache fills (an RBF fit touches a few hundred rows of
// thousands) and freed by release(). `fill(i, start, end, out)` computes out[start .. end)
// of row i; the cache never computes anything itself.

export type RowFill = (i: number, start: number, end: number, out: FloatArray) => void;

/** Slots per chunk: a sixteenth of the budget, so that a small fit allocates little. */
const CHUNKS = 16;

export class KernelCache {
  /** Float index of each cached row's slot in the view (−1: not cached). */
  readonly #slot: Float64Array;
  /** How many leading entries of each row are valid (0: not cached). */
  readonly #len: Int32Array;
  // A circular doubly linked list of the cached rows, least recently used first, with the
  // sentinel node n.
  readonly #prev: Int32Array;
  readonly #next: Int32Array;
  /** Exchanges since the log was last cleared, and how far into it each cached row is. */
  readonly #log: number[] = [];
  readonly #synced: Int32Array;
  /** Slots allocated and not in use. */
  readonly #spare: number[] = [];
  /** Slots that may still be allocated. */
  #unallocated: number;
  readonly #chunkSlots: number;
  /** Heap blocks (byte offsets) of the chunks, for release(). */
  readonly #blocks: number[] = [];
  readonly #view: () => FloatArray;
  /** Float index in the view of `floats` new floats (a heap block, or the own array's next part). */
  readonly #allocate: (floats: number) => number;
  /** Rows computed (entirely or in part), for the tests and the benchmarks. */
  misses = 0;
  hits = 0;

  constructor(
    readonly n: number,
    budgetBytes: number,
    readonly fill: RowFill,
    readonly heap?: Heap,
  ) {
    this.#slot = new Float64Array(n).fill(-1);
    this.#len = new Int32Array(n);
    this.#synced = new Int32Array(n);
    this.#prev = new Int32Array(n + 1).fill(n);
    this.#next = new Int32Array(n + 1).fill(n);
    // At least two rows, so the two rows of a working pair are never evicted.
    const floatBytes = heap?.floatBytes ?? 4;
    const slots = Math.min(n, Math.max(2, Math.floor(budgetBytes / (floatBytes * n))));
    this.#unallocated = slots;
    this.#chunkSlots = Math.max(2, Math.ceil(slots / CHUNKS));
    if (heap) {
      this.#view = () => heap.f;
      this.#allocate = (floats) => {
        const block = heap.allocator.alloc(floats * heap.floatBytes);
        this.#blocks.push(block);
        return block / heap.floatBytes;
      };
    } else {
      const own = new Float32Array(slots * n);
      let next = 0;
      this.#view = () => own;
      this.#allocate = (floats) => ((next += floats), next - floats);
    }
  }

  /** Row i, valid in its first `len` entries (a view of n floats). */
  row(i: number, len: number): FloatArray {
    if (this.#len[i] > 0) this.#sync(i);
    const have = this.#len[i];
    if (have > 0) this.#unlink(i);
    if (have >= len) {
      this.hits++;
    } else {
      this.misses++;
      if (have === 0) {
        this.#slot[i] = this.#takeSlot();
        this.#synced[i] = this.#log.length;
      }
      this.fill(i, have, len, this.#rowView(i));
      this.#len[i] = len;
    }
    this.#pushBack(i);
    return this.#rowView(i);
  }

  /** Follows the solver's exchange of indices i and j. */
  swapIndex(i: number, j: number): void {
    this.swapIndices([i, j]);
  }

  /**
   * Follows a sequence of exchanges, pairs = [i0, j0, i1, j1, …] in the solver's order. The
   * rows trade places now; the entries of a cached row follow later, when the row is next
   * asked for (or the log grows long): most rows a shrink reorders belong to variables it has
   * just set aside, and are rarely asked for again. Swapping every row's entries at each
   * exchange (a cache miss per row and exchange), or even row by row at the shrink, was a
   * large share of a linear fit (README's SVM benchmark).
   */
  swapIndices(pairs: ArrayLike<number>): void {
    const len = this.#len;
    const slot = this.#slot;
    const synced = this.#synced;
    for (let k = 0; k < pairs.length; k += 2) {
      const i = pairs[k];
      const j = pairs[k + 1];
      if (i === j) continue;
      if (len[i] > 0) this.#unlink(i);
      if (len[j] > 0) this.#unlink(j);
      [slot[i], slot[j]] = [slot[j], slot[i]];
      [len[i], len[j]] = [len[j], len[i]];
      [synced[i], synced[j]] = [synced[j], synced[i]];
      if (len[i] > 0) this.#pushBack(i);
      if (len[j] > 0) this.#pushBack(j);
      this.#log.push(i, j);
    }
    if (this.#log.length > 8 * this.n) {
      for (let h = this.#next[this.n]; h !== this.n;) {
        const after = this.#next[h];
        this.#sync(h);
        h = after;
      }
      this.#log.length = 0;
      synced.fill(0);
    }
  }

  /** Frees the slots' memory; the cache is empty afterwards. */
  release(): void {
    for (let h = this.#next[this.n]; h !== this.n;) {
      const after = this.#next[h];
      this.#drop(h);
      h = after;
    }
    for (const block of this.#blocks) this.heap!.allocator.free(block);
    this.#blocks.length = 0;
    this.#spare.length = 0;
    this.#unallocated = 0;
  }

  /**
   * Brings cached row h up to date with the exchange log: swaps its entries, or drops the row
   * when an exchange would take an entry out of its valid prefix. False when dropped.
   */
  #sync(h: number): boolean {
    const log = this.#log;
    const from = this.#synced[h];
    if (from === log.length) return true;
    this.#synced[h] = log.length;
    const have = this.#len[h];
    const at = this.#slot[h];
    const view = this.#view();
    for (let k = from; k < log.length; k += 2) {
      const a = log[k];
      const b = log[k + 1];
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      if (have > hi) {
        const t = view[at + a];
        view[at + a] = view[at + b];
        view[at + b] = t;
      } else if (have > lo) {
        this.#drop(h);
        return false;
      }
    }
    return true;
  }

  #rowView(i: number): FloatArray {
    const at = this.#slot[i];
    return this.#view().subarray(at, at + this.n);
  }

  /** A free slot: a spare one, one of a new chunk, or the least recently used row's. */
  #takeSlot(): number {
    if (this.#spare.length === 0 && this.#unallocated > 0) {
      const count = Math.min(this.#chunkSlots, this.#unallocated);
      const first = this.#allocate(count * this.n);
      for (let s = count - 1; s >= 0; s--) this.#spare.push(first + s * this.n);
      this.#unallocated -= count;
    }
    if (this.#spare.length === 0) {
      const h = this.#next[this.n];
      if (h === this.n) throw new Error('simdnet: svm: kernel cache budget exhausted');
      this.#drop(h);
    }
    return this.#spare.pop()!;
  }

  #drop(h: number): void {
    this.#unlink(h);
    this.#spare.push(this.#slot[h]);
    this.#slot[h] = -1;
    this.#len[h] = 0;
  }

  #unlink(h: number): void {
    this.#next[this.#prev[h]] = this.#next[h];
    this.#prev[this.#next[h]] = this.#prev[h];
  }

  #pushBack(h: number): void {
    const last = this.#prev[this.n];
    this.#prev[h] = last;
    this.#next[h] = this.n;
    this.#next[last] = h;
    this.#prev[this.n] = h;
  }
}
