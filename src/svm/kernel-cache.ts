// Rows of the solver's matrix Q, computed on demand and kept in a least-recently-used cache
// of a byte budget, as libsvm's Cache (Chang & Lin, section 5.1).
//
// Row i holds Q[i][0 .. len): a row may be computed only over the first `len` columns (the
// active set, while the solver shrinks it) and extended later. swapIndex(i, j) follows the
// solver's reordering: the two rows exchange places, and in every cached row the entries i
// and j exchange too; a row that holds one of them but not the other is dropped, since its
// prefix would no longer be contiguous.
//
// `fill(i, start, end, out)` computes out[start .. end) of row i; the cache never computes
// anything itself, so the row computation can be swapped (plain TS now, WASM SIMD next).

export type RowFill = (i: number, start: number, end: number, out: Float32Array) => void;

export class KernelCache {
  readonly #rows: (Float32Array | undefined)[];
  /** How many leading entries of each row are valid (0: not cached). */
  readonly #len: Int32Array;
  // A circular doubly linked list of the cached rows, least recently used first, with the
  // sentinel node n.
  readonly #prev: Int32Array;
  readonly #next: Int32Array;
  /** Floats that may still be allocated. */
  #free: number;
  /** Rows computed (entirely or in part), for the tests and the benchmarks. */
  misses = 0;
  hits = 0;

  constructor(
    readonly n: number,
    budgetBytes: number,
    readonly fill: RowFill,
  ) {
    this.#rows = new Array<Float32Array | undefined>(n).fill(undefined);
    this.#len = new Int32Array(n);
    this.#prev = new Int32Array(n + 1).fill(n);
    this.#next = new Int32Array(n + 1).fill(n);
    // At least two full rows, so the two rows of a working pair are never evicted.
    this.#free = Math.max(Math.floor(budgetBytes / 4), 2 * n);
  }

  /** Row i, valid in its first `len` entries (the array may be longer). */
  row(i: number, len: number): Float32Array {
    const have = this.#len[i];
    if (have > 0) this.#unlink(i);
    let data = this.#rows[i];
    if (have >= len) {
      this.hits++;
    } else {
      this.misses++;
      const more = len - (data?.length ?? 0);
      if (more > 0) {
        while (this.#free < more) this.#evict();
        const grown = new Float32Array(len);
        if (data) grown.set(data.subarray(0, have));
        this.#free -= more;
        data = this.#rows[i] = grown;
      }
      this.fill(i, have, len, data!);
      this.#len[i] = len;
    }
    this.#pushBack(i);
    return data!;
  }

  /** Follows the solver's exchange of indices i and j. */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const len = this.#len;
    if (len[i] > 0) this.#unlink(i);
    if (len[j] > 0) this.#unlink(j);
    [this.#rows[i], this.#rows[j]] = [this.#rows[j], this.#rows[i]];
    [len[i], len[j]] = [len[j], len[i]];
    if (len[i] > 0) this.#pushBack(i);
    if (len[j] > 0) this.#pushBack(j);
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    for (let h = this.#next[this.n]; h !== this.n;) {
      const after = this.#next[h];
      if (len[h] > hi) {
        const r = this.#rows[h]!;
        const t = r[i];
        r[i] = r[j];
        r[j] = t;
      } else if (len[h] > lo) {
        this.#drop(h);
      }
      h = after;
    }
  }

  #evict(): void {
    const h = this.#next[this.n];
    if (h === this.n) throw new Error('simdnet: svm: kernel cache budget exhausted');
    this.#drop(h);
  }

  #drop(h: number): void {
    this.#unlink(h);
    this.#free += this.#rows[h]!.length;
    this.#rows[h] = undefined;
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
