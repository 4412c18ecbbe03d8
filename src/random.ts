/**
 * A generator's complete state as JSON-safe numbers: the four xoshiro words and the normal
 * deviate that normal() holds back for its next call, if any.
 */
export interface RandomState {
  words: [number, number, number, number];
  spare?: number;
}

/**
 * The library's one random number generator: xoshiro128** seeded through splitmix32.
 *
 * Everything is 32-bit integer arithmetic and IEEE double +, ×, ÷ and √, which every
 * JavaScript engine rounds identically, so a seed gives bit-identical numbers in Node,
 * Chromium, Firefox and Safari. (Math.log/Math.cos may differ by an ulp between engines,
 * so normal deviates use the polar method with the log below.)
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed))
      throw new Error(`simdnet: seed must be an integer, got ${seed}`);
    let x = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
    const next = () => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** The four state words, for a kernel that continues this stream (see setState). */
  getState(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Continues from state words that a kernel advanced. */
  setState(words: ArrayLike<number>): void {
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
  }

  /** The complete state (see RandomState), for a checkpoint; restore() continues from it. */
  snapshot(): RandomState {
    const words = this.getState();
    return this.spare === undefined ? { words } : { words, spare: this.spare };
  }

  /** Continues exactly where snapshot() was taken. */
  restore(state: RandomState): void {
    const { words, spare } = state ?? {};
    const word = (w: unknown) =>
      Number.isInteger(w) && (w as number) >= 0 && (w as number) < 2 ** 32;
    if (!Array.isArray(words) || words.length !== 4 || !words.every(word)) {
      throw new Error(
        `simdnet: Random.restore: 'words' must be 4 unsigned 32-bit integers, got ${JSON.stringify(words)}`,
      );
    }
    if (spare !== undefined && !Number.isFinite(spare)) {
      throw new Error(`simdnet: Random.restore: 'spare' must be a finite number, got ${spare}`);
    }
    this.setState(words);
    this.spare = spare;
  }

  /**
   * Advances the stream by `draws` 32-bit draws in O(log draws) (as `draws` calls of
   * nextUint32 would): a thread can start its share of a long run of draws where one
   * thread drawing alone would be.
   */
  skip(draws: number): void {
    this.setState(jumpState(this.getState(), draws));
  }

  /** Uniform in [0, 1), with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal deviate (Marsaglia's polar method). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }
}

// Jumping ahead: xoshiro's state update is linear over GF(2) (xors, shifts and a rotation
// of 128 bits), so d steps are the 128×128 bit matrix T^d: the product of the squares
// T^(2^k) for the bits of d. A matrix is kept as its 128 columns, the images of the unit
// states, 4 words each; the squares are built once, as far as they are needed.
const BITS = 128;
const squares: Uint32Array[] = [];

/** The image of state `v` (4 words at v[at]) under matrix m, into out. */
function applyBits(m: Uint32Array, v: ArrayLike<number>, at: number, out: Uint32Array): void {
  out.fill(0);
  for (let j = 0; j < BITS; j++) {
    if (((v[at + (j >> 5)] >>> (j & 31)) & 1) === 0) continue;
    for (let w = 0; w < 4; w++) out[w] ^= m[4 * j + w];
  }
}

/** T^(2^k), the matrix of 2^k steps. */
function stepsMatrix(k: number): Uint32Array {
  while (squares.length <= k) {
    const m = new Uint32Array(4 * BITS);
    const previous = squares.at(-1);
    const column = new Uint32Array(4);
    for (let j = 0; j < BITS; j++) {
      if (previous) {
        applyBits(previous, previous, 4 * j, column);
      } else {
        // One step of the generator itself from the unit state e_j.
        const unit = [0, 0, 0, 0];
        unit[j >> 5] = 2 ** (j & 31);
        const one = new Random(0);
        one.setState(unit);
        one.nextUint32();
        column.set(one.getState());
      }
      m.set(column, 4 * j);
    }
    squares.push(m);
  }
  return squares[k];
}

/** The state words after `draws` more draws from `words` (draws a safe integer ≥ 0). */
export function jumpState(
  words: ArrayLike<number>,
  draws: number,
): [number, number, number, number] {
  if (!Number.isSafeInteger(draws) || draws < 0) {
    throw new Error(`simdnet: Random.skip: 'draws' must be an integer ≥ 0, got ${draws}`);
  }
  const state = Uint32Array.from(words);
  const next = new Uint32Array(4);
  for (let k = 0, rest = draws; rest > 0; k++, rest = Math.floor(rest / 2)) {
    if (rest % 2 === 0) continue;
    applyBits(stepsMatrix(k), state, 0, next);
    state.set(next);
  }
  return [state[0], state[1], state[2], state[3]];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LN2 = 0.6931471805599453;

/**
 * Natural log of x > 0 from exactly rounded operations only: x = m·2^e with m in
 * [√½, √2), then ln m = 2·atanh(f), f = (m − 1)/(m + 1), |f| < 0.172, by its series.
 */
export function log(x: number): number {
  let e = 0;
  let m = x;
  while (m >= Math.SQRT2) {
    m /= 2;
    e++;
  }
  while (m < Math.SQRT1_2) {
    m *= 2;
    e--;
  }
  const f = (m - 1) / (m + 1);
  const f2 = f * f;
  let term = f;
  let sum = 0;
  for (let k = 1; k <= 23; k += 2) {
    sum += term / k;
    term *= f2;
  }
  return 2 * sum + e * LN2;
}

let shared = new Random(0);

/**
 * Reseeds the library's shared generator, which draws initial weights, dropout masks and
 * anything else not given its own seed (as torch.manual_seed). It starts seeded with 0, so
 * runs are reproducible by default.
 */
export function manualSeed(seed: number): void {
  shared = new Random(seed);
}

/** The shared generator (see manualSeed). */
export function sharedRandom(): Random {
  return shared;
}
