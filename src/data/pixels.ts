/**
 * The float of each byte value 0…255: b / 255, then (· − mean) / std. Decoding images
 * through this table costs one load per pixel and rounds exactly as the formula does.
 */
export function pixelTable(mean = 0, std = 1): Float32Array {
  return Float32Array.from({ length: 256 }, (_, b) => (b / 255 - mean) / std);
}

/** Writes table[b] for each byte b of `bytes` into `out`, from `offset` on. */
export function decodePixels(
  bytes: Uint8Array,
  table: Float32Array,
  out: Float32Array,
  offset = 0,
): void {
  for (let i = 0; i < bytes.length; i++) out[offset + i] = table[bytes[i]];
}
