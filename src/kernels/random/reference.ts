import type { Ptr } from '../args';
import type { Heap } from '../../backend/memory';
import { floatIndex, intIndex } from '../heap-index';

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

export function dropoutMask(
  heap: Heap,
  state: Ptr,
  n: number,
  threshold: number,
  keepScale: number,
  out: Ptr,
): void {
  const words = heap.i32;
  const s = intIndex(state);
  let [s0, s1, s2, s3] = [words[s], words[s + 1], words[s + 2], words[s + 3]];
  const f = heap.f;
  const o = floatIndex(heap, out);
  const scale = heap.precision === 'f32' ? Math.fround(keepScale) : keepScale;
  for (let i = 0; i < n; i++) {
    const draw = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    f[o + i] = draw < threshold ? 0 : scale;
  }
  words.set([s0, s1, s2, s3], s);
}
