/**
 * Conv3d (any stride) as blocked im2col + one GEMM per block: a block of output rows (whole
 * output depth slices, about 8 MB of columns) gathers its receptive fields from the padded input
 * into cols[R, KD·KH·KW·C], whose column order matches the filter [KD,KH,KW,C,K] read as a
 * (KD·KH·KW·C)×K matrix. Letters as in `_conv_layout.ts`.
 *
 * @module
 */

import type { BlasLibrary } from "./load_blas.ts";
import { type ConvGeometry, cropInput, padInput } from "./_conv_layout.ts";
import { releaseFloat32, takeFloat32, zeroedFloat32 } from "./_buffer_pool.ts";

const BLOCK_FLOATS = 1 << 21;

interface Block {
  /** First output slice (flattened b·OD + z) and slice count. */
  first: number;
  count: number;
}

function* blocks(g: ConvGeometry): Generator<Block> {
  const perSlice = g.oh * g.ow * g.kd * g.kh * g.kw * g.c;
  const step = Math.max(1, Math.floor(BLOCK_FLOATS / perSlice));
  const total = g.n * g.od;
  for (let first = 0; first < total; first += step) yield { first, count: Math.min(step, total - first) };
}

/**
 * Copy (or, with `scatter`, add back) every run of `KW·C` contiguous floats between the padded
 * input and the columns of a block. Runs are contiguous whatever the stride because the KW taps
 * of one output are neighbours. Short runs use a loop, long ones `set` (call overhead vs speed).
 */
function gather(g: ConvGeometry, block: Block, xp: Float32Array, cols: Float32Array, scatter: boolean): void {
  const { c, kd, kh, kw, hp, wp, od, oh, ow, sd, sh, sw } = g;
  const run = kw * c;
  const long = run >= 64;
  let col = 0;
  for (let s = block.first; s < block.first + block.count; s++) {
    const b = Math.floor(s / od);
    const z = s - b * od;
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        for (let a = 0; a < kd; a++) {
          let src = (((b * g.dp + z * sd + a) * hp + y * sh) * wp + x * sw) * c;
          for (let e = 0; e < kh; e++, src += wp * c, col += run) {
            if (scatter) addRun(xp, src, cols, col, run);
            else if (long) cols.set(xp.subarray(src, src + run), col);
            else copyRun(cols, col, xp, src, run);
          }
        }
      }
    }
  }
}

function copyRun(dst: Float32Array, at: number, src: Float32Array, from: number, n: number): void {
  for (let i = 0; i < n; i++) dst[at + i] = src[from + i]!;
}

function addRun(dst: Float32Array, at: number, src: Float32Array, from: number, n: number): void {
  for (let i = 0; i < n; i++) dst[at + i]! += src[from + i]!;
}

/** y[N,OD,OH,OW,K] = conv(x[N,D,H,W,C], w[KD,KH,KW,C,K]). */
export function conv3dIm2col(blas: BlasLibrary, g: ConvGeometry, x: Float32Array, w: Float32Array): Float32Array {
  const depth = g.kd * g.kh * g.kw * g.c;
  const xp = padInput(x, g);
  const y = takeFloat32(g.n * g.od * g.oh * g.ow * g.k);
  const slice = g.oh * g.ow;
  for (const block of blocks(g)) {
    const rows = block.count * slice;
    const cols = takeFloat32(rows * depth);
    gather(g, block, xp, cols, false);
    // y[rows,K] = cols[rows,depth] · w[depth,K]
    blas.sgemm(false, false, [rows, g.k, depth], cols, depth, w, g.k, 0, y.subarray(block.first * slice * g.k), g.k);
    releaseFloat32(cols);
  }
  releaseFloat32(xp);
  return y;
}

/** dx[N,D,H,W,C] from dy[N,OD,OH,OW,K] and w: cols = dy·wᵀ, then scatter-add (col2im). */
export function conv3dInputGradIm2col(
  blas: BlasLibrary,
  g: ConvGeometry,
  dy: Float32Array,
  w: Float32Array,
): Float32Array {
  const depth = g.kd * g.kh * g.kw * g.c;
  const dxp = zeroedFloat32(g.n * g.dp * g.hp * g.wp * g.c);
  const slice = g.oh * g.ow;
  for (const block of blocks(g)) {
    const rows = block.count * slice;
    const cols = takeFloat32(rows * depth);
    // cols[rows,depth] = dy[rows,K] · w[depth,K]ᵀ
    blas.sgemm(false, true, [rows, depth, g.k], dy.subarray(block.first * slice * g.k), g.k, w, g.k, 0, cols, depth);
    gather(g, block, dxp, cols, true);
    releaseFloat32(cols);
  }
  const dx = cropInput(dxp, g);
  releaseFloat32(dxp);
  return dx;
}

/** dw[KD,KH,KW,C,K] from x and dy: Σ over blocks of colsᵀ·dy. */
export function conv3dFilterGradIm2col(
  blas: BlasLibrary,
  g: ConvGeometry,
  x: Float32Array,
  dy: Float32Array,
): Float32Array {
  const depth = g.kd * g.kh * g.kw * g.c;
  const xp = padInput(x, g);
  const dw = new Float32Array(depth * g.k);
  const slice = g.oh * g.ow;
  for (const block of blocks(g)) {
    const rows = block.count * slice;
    const cols = takeFloat32(rows * depth);
    gather(g, block, xp, cols, false);
    // dw[depth,K] += cols[rows,depth]ᵀ · dy[rows,K]
    blas.sgemm(true, false, [depth, g.k, rows], cols, depth, dy.subarray(block.first * slice * g.k), g.k, 1, dw, g.k);
    releaseFloat32(cols);
  }
  releaseFloat32(xp);
  return dw;
}
