/**
 * Stride-1 conv3d as one GEMM per filter tap over the padded-input grid ("shifted GEMM"): the
 * padded input [N,DP,HP,WP,C] is read as a matrix of grid rows × C; tap (a,b,e) is the same
 * matrix shifted by (a·HP + b)·WP + e rows. Outputs live on the same grid (rows whose y or x
 * overhang are computed and dropped). No im2col copy, but each GEMM has only C (or K) as its
 * inner size. Letters as in `_conv_layout.ts`.
 *
 * @module
 */

import type { BlasLibrary } from "./load_blas.ts";
import { type ConvGeometry, cropInput, moveGrid, padInput } from "./_conv_layout.ts";
import { releaseFloat32, takeFloat32, zeroedFloat32 } from "./_buffer_pool.ts";

/** Grid rows that hold at least one real output (the last real output is the last row). */
function gridRows(g: ConvGeometry): number {
  return ((g.n - 1) * g.dp + g.od - 1) * g.hp * g.wp + (g.oh - 1) * g.wp + g.ow;
}

function* taps(g: ConvGeometry): Generator<[tap: number, shift: number]> {
  let tap = 0;
  for (let a = 0; a < g.kd; a++) {
    for (let b = 0; b < g.kh; b++) {
      for (let e = 0; e < g.kw; e++) yield [tap++, (a * g.hp + b) * g.wp + e];
    }
  }
}

/** y[N,OD,OH,OW,K] = conv(x[N,D,H,W,C], w[KD,KH,KW,C,K]), stride 1. */
export function conv3dShifted(blas: BlasLibrary, g: ConvGeometry, x: Float32Array, w: Float32Array): Float32Array {
  const { c, k } = g;
  const xp = padInput(x, g);
  // Rows past m are never read, and the first tap overwrites rows 0..m: no zeroing needed.
  const grid = takeFloat32(g.n * g.dp * g.hp * g.wp * k);
  const m = gridRows(g);
  for (const [tap, shift] of taps(g)) {
    // grid[m,K] (+)= xp[shift:shift+m, C] · w[tap][C,K]
    blas.sgemm(
      false,
      false,
      [m, k, c],
      xp.subarray(shift * c),
      c,
      w.subarray(tap * c * k),
      k,
      tap === 0 ? 0 : 1,
      grid,
      k,
    );
  }
  releaseFloat32(xp);
  const y = moveGrid(grid, g, false);
  releaseFloat32(grid);
  return y;
}

/** dx[N,D,H,W,C] from dy[N,OD,OH,OW,K] and w, stride 1. */
export function conv3dInputGradShifted(
  blas: BlasLibrary,
  g: ConvGeometry,
  dy: Float32Array,
  w: Float32Array,
): Float32Array {
  const { c, k } = g;
  const grid = moveGrid(dy, g, true);
  const dxp = zeroedFloat32(g.n * g.dp * g.hp * g.wp * c);
  const m = gridRows(g);
  for (const [tap, shift] of taps(g)) {
    // dxp[shift:shift+m, C] += grid[m,K] · w[tap][C,K]ᵀ
    blas.sgemm(false, true, [m, c, k], grid, k, w.subarray(tap * c * k), k, 1, dxp.subarray(shift * c), c);
  }
  releaseFloat32(grid);
  const dx = cropInput(dxp, g);
  releaseFloat32(dxp);
  return dx;
}

/** dw[KD,KH,KW,C,K] from x and dy, stride 1. */
export function conv3dFilterGradShifted(
  blas: BlasLibrary,
  g: ConvGeometry,
  x: Float32Array,
  dy: Float32Array,
): Float32Array {
  const { c, k } = g;
  const xp = padInput(x, g);
  const grid = moveGrid(dy, g, true);
  const dw = new Float32Array(g.kd * g.kh * g.kw * c * k);
  const m = gridRows(g);
  for (const [tap, shift] of taps(g)) {
    // dw[tap][C,K] = xp[shift:shift+m, C]ᵀ · grid[m,K]
    blas.sgemm(true, false, [c, k, m], xp.subarray(shift * c), c, grid, k, 0, dw.subarray(tap * c * k), k);
  }
  releaseFloat32(xp);
  releaseFloat32(grid);
  return dw;
}
