/** A half-open range [first, end) of rows, columns, images or elements. */
export type Range = [first: number, end: number];

/**
 * Splits [first, end) into at most `parts` non-empty contiguous ranges of near-equal size
 * whose inner boundaries are `align` apart from `first` (so that every piece but the last
 * starts on a whole register tile or vector).
 */
export function splitRange(first: number, end: number, parts: number, align: number): Range[] {
  const blocks = Math.ceil((end - first) / align);
  const count = Math.max(1, Math.min(parts, blocks));
  const ranges: Range[] = [];
  let start = first;
  for (let i = 0; i < count; i++) {
    // Blocks are dealt out as evenly as they go: the first (blocks mod count) get one more.
    const take = Math.floor(blocks / count) + (i < blocks % count ? 1 : 0);
    const stop = Math.min(end, start + take * align);
    if (stop > start) ranges.push([start, stop]);
    start = stop;
  }
  return ranges;
}
