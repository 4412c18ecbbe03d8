// Dropout masks from the library's generator (xoshiro128**, src/random.ts), run here so that
// a mask of a million elements costs a millisecond rather than JavaScript's several. The
// caller passes the generator's four state words and gets them back advanced, so the
// stream is the same whether JavaScript or this kernel draws from it.

@inline
function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/**
 * out[i] = 0 where the i-th draw d (a u32) has d < threshold, else keepScale; `state` holds
 * the four u32 words of the generator and is advanced by n draws.
 */
export function dropoutMask(
  state: usize,
  n: i32,
  threshold: f64,
  keepScale: f32,
  out: usize,
): void {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  // draw < threshold ⇔ draw < ⌈threshold⌉ for an integer draw: an integer compare, and a
  // select rather than a branch (a random branch mispredicts a quarter to half the time).
  const below = <u64>Math.ceil(threshold);
  for (let i = 0; i < n; i++) {
    const draw = rotl(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    store<f32>(out + ((<usize>i) << 2), select<f32>(0, keepScale, <u64>draw < below));
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}
