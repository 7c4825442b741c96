/**
 * Shapes and buffer moves shared by the BLAS conv3d kernels. Letters: N batch, D/H/W input
 * depth/height/width, C input channels, K output channels, OD/OH/OW output sizes, KD/KH/KW filter
 * sizes, DP/HP/WP the zero-padded input sizes. Every buffer is channels-last (NDHWC), row-major.
 *
 * @module
 */

import { backend_util } from "@tensorflow/tfjs-core";
import { takeFloat32, zeroedFloat32 } from "./_buffer_pool.ts";
import { poolScratch, type Scratch } from "./_scratch.ts";

/** Geometry of one 3D convolution (dilation 1). */
export interface ConvGeometry {
  n: number;
  d: number;
  h: number;
  w: number;
  c: number;
  k: number;
  kd: number;
  kh: number;
  kw: number;
  sd: number;
  sh: number;
  sw: number;
  od: number;
  oh: number;
  ow: number;
  /** Zeros before the input along depth, height, width (negative: input voxels cut). */
  pd: number;
  ph: number;
  pw: number;
  /** Padded input sizes: exactly the span of the taps of all outputs. */
  dp: number;
  hp: number;
  wp: number;
}

/** Pad spec as tfjs passes it in kernel attributes. */
export type ConvPad = "valid" | "same" | number;

/** Geometry from tfjs's own shape rules, so padding matches the stock kernels exactly. */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | readonly number[],
  pad: ConvPad,
): ConvGeometry {
  const info = backend_util.computeConv3DInfo(
    xShape as [number, number, number, number, number],
    filterShape as [number, number, number, number, number],
    strides as [number, number, number],
    1,
    pad,
  );
  const p = info.padInfo;
  const g = {
    n: info.batchSize,
    d: info.inDepth,
    h: info.inHeight,
    w: info.inWidth,
    c: info.inChannels,
    k: info.outChannels,
    kd: info.filterDepth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sd: info.strideDepth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    od: info.outDepth,
    oh: info.outHeight,
    ow: info.outWidth,
    pd: p.front,
    ph: p.top,
    pw: p.left,
  };
  // The grid spans exactly the taps of the outputs (stride 1: D + pads, as shifted GEMM needs).
  return { ...g, dp: (g.od - 1) * g.sd + g.kd, hp: (g.oh - 1) * g.sh + g.kh, wp: (g.ow - 1) * g.sw + g.kw };
}

/**
 * Copy between the input [N,D,H,W,C] and its zero-padded grid [N,DP,HP,WP,C], where input voxel
 * (z,y,x) sits at (z+PD, y+PH, x+PW). tfjs' "same" padding can be negative at the front (stride
 * > 1, filter smaller than the stride), and the grid ends where the last tap of the last output
 * does, so voxels falling outside the grid are skipped: no output reads them.
 */
function copyRows(g: ConvGeometry, grid: Float32Array, x: Float32Array, toGrid: boolean): void {
  const { n, d, h, w, c, dp, hp, wp } = g;
  const x0 = Math.max(0, -g.pw);
  const x1 = Math.min(w, wp - g.pw);
  if (x1 <= x0) return;
  for (let b = 0; b < n; b++) {
    for (let z = 0; z < d; z++) {
      const zz = z + g.pd;
      if (zz < 0 || zz >= dp) continue;
      for (let y = 0; y < h; y++) {
        const yy = y + g.ph;
        if (yy < 0 || yy >= hp) continue;
        const src = (((b * d + z) * h + y) * w + x0) * c;
        const dst = (((b * dp + zz) * hp + yy) * wp + x0 + g.pw) * c;
        const run = (x1 - x0) * c;
        if (toGrid) grid.set(x.subarray(src, src + run), dst);
        else x.set(grid.subarray(dst, dst + run), src);
      }
    }
  }
}

/** [N,D,H,W,C] → zero-padded [N,DP,HP,WP,C], in a buffer of `scratch`. */
export function padInput(x: Float32Array, g: ConvGeometry, scratch: Scratch = poolScratch): Float32Array {
  const xp = scratch.zeroed(g.n * g.dp * g.hp * g.wp * g.c);
  copyRows(g, xp, x, true);
  return xp;
}

/** Zero-padded [N,DP,HP,WP,C] → [N,D,H,W,C] (the inverse of {@linkcode padInput}; zeros where cut). */
export function cropInput(xp: Float32Array, g: ConvGeometry): Float32Array {
  const x = zeroedFloat32(g.n * g.d * g.h * g.w * g.c);
  copyRows(g, xp, x, false);
  return x;
}

/**
 * Output [N,OD,OH,OW,K] ↔ the padded-input grid [N,DP,HP,WP,K] (output voxel (z,y,x) at grid
 * (z,y,x), zeros elsewhere). `toGrid` true: output → grid, in a buffer of `scratch` that starts with
 * `lead` rows of zeros before the grid; false: grid → output, in the tensor buffer pool.
 */
export function moveGrid(
  src: Float32Array,
  g: ConvGeometry,
  toGrid: boolean,
  scratch: Scratch = poolScratch,
  lead = 0,
): Float32Array {
  const { n, od, oh, ow, k, dp, hp, wp } = g;
  // Output voxels cover the whole output; the grid needs zeros between them.
  const dst = toGrid ? scratch.zeroed((lead + n * dp * hp * wp) * k) : takeFloat32(n * od * oh * ow * k);
  const run = ow * k;
  for (let b = 0; b < n; b++) {
    for (let z = 0; z < od; z++) {
      for (let y = 0; y < oh; y++) {
        const out = ((b * od + z) * oh + y) * run;
        const grid = (lead + ((b * dp + z) * hp + y) * wp) * k;
        if (toGrid) dst.set(src.subarray(out, out + run), grid);
        else dst.set(src.subarray(grid, grid + run), out);
      }
    }
  }
  return dst;
}
