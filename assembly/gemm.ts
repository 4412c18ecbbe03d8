// GEMM: C = alpha·op(A)·op(B) + beta·C, row-major, op = identity or transpose.
//
// BLIS-style loops around one register-blocked micro-kernel:
//   for each KC-block of k:            (partial sums of one k-block stay in registers)
//     for each NC-block of columns:
//       pack op(B)[kc × nc] into NR-column panels (zero-padded: edges never read past B)
//       for each MR-row sliver of op(A):   (read in place; both layouts are two strides)
//         for each NR-column panel:  micro-kernel MR×NR over kc, then store with alpha/beta
// Packing makes all four transpose combinations run the same inner loop. The sum of each
// C element runs over p = 0..k−1 in order within a k-block and k-blocks are added in order,
// so the result depends only on k, never on the element's position or on m and n: the simd
// build is bit-deterministic.

const MR = 4; // rows of the register tile
const NR = 8; // columns of the register tile (two f32x4)
const KC = 384; // depth of a packed block: an A sliver (6 KiB) and a B panel (12 KiB) stay in L1
const NC = 512; // width of a packed block: KC·NC floats (768 KiB) stay in L2

const MC = 64; // rows of a packed block of Aᵀ
const PACK_A_MIN_LDA = 64; // Aᵀ is read in place when a step down a column is short
const PACK_A_MIN_PANELS = 2; // …or when at most this many B panels would read the packed block

const PACK_B_BYTES: usize = KC * NC * 4;
const PACK_A_BYTES: usize = MC * KC * 4;
const TILE_BYTES: usize = MR * NR * 4;

/** Bytes of scratch gemm needs at `work`: the packed B block, a packed A block, one edge tile. */
export function gemmWorkspaceBytes(): i32 {
  return <i32>(PACK_B_BYTES + PACK_A_BYTES + TILE_BYTES);
}

// a·b + c: mul then add in the simd build (deterministic), one fused op in the relaxed build.
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

export function gemm(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  // op(A)[i, p] is at a + (i·aRow + p·aCol)·4; likewise op(B)[p, j].
  const aRow = <usize>(transA ? 1 : lda);
  const aCol = <usize>(transA ? lda : <i32>1);
  const bRow = <usize>(transB ? 1 : ldb);
  const bCol = <usize>(transB ? ldb : <i32>1);
  const packedA = work + PACK_B_BYTES;
  const tile = packedA + PACK_A_BYTES;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    // The first k-block applies beta to C; later ones add to it.
    const blockBeta: f32 = pc == 0 ? beta : 1;
    for (let jc = 0; jc < n; jc += NC) {
      const nc = min(NC, n - jc);
      packB(b + ((<usize>pc * bRow + <usize>jc * bCol) << 2), bRow, bCol, kc, nc, work);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        let block = a + ((<usize>ic * aRow + <usize>pc * aCol) << 2);
        let row = aRow;
        let col = aCol;
        let sliverStride = aRow * MR; // floats from one MR-row sliver to the next
        if (transA && lda > PACK_A_MIN_LDA && nc > PACK_A_MIN_PANELS * NR) {
          // Walking p down a column of A jumps lda floats a step (a new page each step when
          // A is tall): pack the block so that the micro-kernel reads it sequentially.
          packAT(block, aCol, mc, kc, packedA);
          block = packedA;
          row = 1;
          col = MR;
          sliverStride = <usize>kc * MR;
        }
        for (let ir = 0; ir < mc; ir += MR) {
          const mr = min(MR, mc - ir);
          const aSliver = block + ((<usize>(ir / MR) * sliverStride) << 2);
          for (let jr = 0; jr < nc; jr += NR) {
            const nr = min(NR, nc - jr);
            const panel = work + ((<usize>jr * kc) << 2);
            const cTile = c + ((<usize>(ic + ir) * ldc + <usize>(jc + jr)) << 2);
            // A panel with at most 4 valid columns runs the half-width kernel.
            if (nr > 4) {
              microKernel(
                kc,
                aSliver,
                row,
                col,
                mr,
                panel,
                alpha,
                blockBeta,
                cTile,
                ldc,
                nr,
                tile,
                true,
              );
            } else {
              microKernel(
                kc,
                aSliver,
                row,
                col,
                mr,
                panel,
                alpha,
                blockBeta,
                cTile,
                ldc,
                nr,
                tile,
                false,
              );
            }
          }
        }
      }
    }
  }
}

/**
 * Packs op(B)[0..kc, 0..nc] (element (p, j) at src + (p·row + j·col)·4) into panels of NR
 * columns: panel q holds, for p = 0..kc−1, the NR values op(B)[p, q·NR .. q·NR+NR−1],
 * zero beyond nc.
 */
function packB(src: usize, row: usize, col: usize, kc: i32, nc: i32, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const nr = min(NR, nc - jp);
    const panel = dst + ((<usize>jp * kc) << 2);
    const first = src + ((<usize>jp * col) << 2);
    let p = 0;
    if (nr == NR && col == 1) {
      // Rows of op(B) are contiguous: two vector copies per row.
      for (; p < kc; p++) {
        const s = first + ((<usize>p * row) << 2);
        const d = panel + ((<usize>p) << 5);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
    } else if (nr == NR && row == 1) {
      // op(B) = Bᵀ: columns are contiguous. Four steps of p at a time: two 4×4 transposes.
      for (; p + 4 <= kc; p += 4) {
        const s = first + ((<usize>p) << 2);
        const d = panel + ((<usize>p) << 5);
        transpose4x4(s, col, d);
        transpose4x4(s + ((col * 4) << 2), col, d + 16);
      }
    }
    if (p < kc) {
      for (; p < kc; p++) {
        const d = panel + ((<usize>p) << 5);
        for (let j = 0; j < NR; j++) {
          const v: f32 = j < nr ? load<f32>(first + ((<usize>p * row + <usize>j * col) << 2)) : 0;
          store<f32>(d + ((<usize>j) << 2), v);
        }
      }
    }
  }
}

/**
 * Reads 4 rows of 4 floats (row r at src + r·stride·4) and writes them as 4 columns:
 * row p of the result, at dst + p·NR·4, holds element p of each source row.
 */
@inline
function transpose4x4(src: usize, stride: usize, dst: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + (stride << 2));
  const r2 = v128.load(src + (stride << 3));
  const r3 = v128.load(src + stride * 12);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + (NR << 2), v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + (NR << 3), v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + NR * 12, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * Packs op(A)[0..mc, 0..kc] = Aᵀ (element (i, p) at src + (p·lda + i)·4) into slivers of MR
 * rows: sliver s holds, for p = 0..kc−1, the MR values op(A)[s·MR .. s·MR+MR−1, p].
 * Rows past mc in the last sliver are left as they are: the micro-kernel never stores them.
 */
function packAT(src: usize, lda: usize, mc: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < kc; p++) {
    const s = src + ((<usize>p * lda) << 2);
    let i = 0;
    for (; i + MR <= mc; i += MR) {
      v128.store(dst + ((<usize>i * kc + <usize>p * MR) << 2), v128.load(s + ((<usize>i) << 2)));
    }
    for (; i < mc; i++) {
      const sliver = i - (i % MR);
      store<f32>(
        dst + ((<usize>sliver * kc + <usize>p * MR + <usize>(i - sliver)) << 2),
        load<f32>(s + ((<usize>i) << 2)),
      );
    }
  }
}

/**
 * C[0..mr, 0..nr] = alpha·(A sliver · B panel) + beta·C (beta 0: C is not read); an MR×8
 * register tile, or MR×4 when `wide` is false (a compile-time constant at each call site,
 * so each copy keeps only its own accumulators).
 * A sliver: op(A) rows 0..mr−1 over kc, element (r, p) at a + (r·aRow + p·aCol)·4; rows
 * past mr repeat the last valid row (computed, never stored). B panel: kc rows of NR floats.
 */
@inline
function microKernel(
  kc: i32,
  a: usize,
  aRow: usize,
  aCol: usize,
  mr: i32,
  panel: usize,
  alpha: f32,
  beta: f32,
  c: usize,
  ldc: i32,
  nr: i32,
  tile: usize,
  wide: bool,
): void {
  const a0 = a;
  const a1 = mr > 1 ? a + (aRow << 2) : a0;
  const a2 = mr > 2 ? a + (aRow << 3) : a1;
  const a3 = mr > 3 ? a + aRow * 12 : a2;
  const aStep = aCol << 2;
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let off: usize = 0;
  let bp = panel;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const v0 = v128.load32_splat(a0 + off);
    const v1 = v128.load32_splat(a1 + off);
    const v2 = v128.load32_splat(a2 + off);
    const v3 = v128.load32_splat(a3 + off);
    c00 = madd(v0, b0, c00);
    c10 = madd(v1, b0, c10);
    c20 = madd(v2, b0, c20);
    c30 = madd(v3, b0, c30);
    if (wide) {
      const b1 = v128.load(bp, 16);
      c01 = madd(v0, b1, c01);
      c11 = madd(v1, b1, c11);
      c21 = madd(v2, b1, c21);
      c31 = madd(v3, b1, c31);
    }
    off += aStep;
    bp += NR << 2;
  }
  const rowBytes = (<usize>ldc) << 2;
  if (wide && mr == MR && nr == NR) {
    storeRow(c, c00, c01, alpha, beta);
    storeRow(c + rowBytes, c10, c11, alpha, beta);
    storeRow(c + 2 * rowBytes, c20, c21, alpha, beta);
    storeRow(c + 3 * rowBytes, c30, c31, alpha, beta);
    return;
  }
  // Edge tile: spill the accumulators, then write only the valid mr × nr corner.
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  for (let r = 0; r < mr; r++) {
    for (let j = 0; j < nr; j++) {
      const dst = c + <usize>r * rowBytes + ((<usize>j) << 2);
      const acc = alpha * load<f32>(tile + ((<usize>(r * NR + j)) << 2));
      store<f32>(dst, beta == 0 ? acc : acc + beta * load<f32>(dst));
    }
  }
}

/** Stores alpha·acc + beta·C for 8 contiguous elements (beta 0: C is not read). */
@inline
function storeRow(dst: usize, lo: v128, hi: v128, alpha: f32, beta: f32): void {
  const va = f32x4.splat(alpha);
  let r0 = f32x4.mul(va, lo);
  let r1 = f32x4.mul(va, hi);
  if (beta != 0) {
    const vb = f32x4.splat(beta);
    r0 = f32x4.add(r0, f32x4.mul(vb, v128.load(dst)));
    r1 = f32x4.add(r1, f32x4.mul(vb, v128.load(dst, 16)));
  }
  v128.store(dst, r0);
  v128.store(dst, r1, 16);
}
