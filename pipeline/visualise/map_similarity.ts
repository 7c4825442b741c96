/**
 * How alike two saliency maps are, as Adebayo et al. (2018, "Sanity checks for saliency maps") measure
 * it: the Spearman rank correlation and the structural similarity (SSIM) of their absolute values.
 *
 * @module
 */
import { spearman } from "../../stats/spearman.ts";
import { gaussianBlur } from "./_volume_ops.ts";

/** What {@linkcode mapSimilarity} returns. */
export interface MapSimilarity {
  /**
   * Spearman's ρ of |a| and |b| over the voxels; 0 when exactly one map is constant (e.g. all zero after
   * randomisation: nothing of the original ranking survives), 1 when both are.
   */
  readonly spearman: number;
  /** Mean SSIM of |a| and |b|, each scaled to [0, 1] by its maximum (Gaussian window σ = 1.5 voxels). */
  readonly ssim: number;
}

const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;

function scaledAbs(map: ArrayLike<number>): Float32Array {
  let max = 0;
  for (let i = 0; i < map.length; i++) max = Math.max(max, Math.abs(map[i]!));
  const out = new Float32Array(map.length);
  if (max > 0) { for (let i = 0; i < map.length; i++) out[i] = Math.abs(map[i]!) / max; }
  return out;
}

/**
 * Rank correlation and SSIM of two maps on the same grid, both on absolute values (the sign of a
 * gradient map flips with the sign of a head coefficient; its magnitude says where the model looks).
 *
 * @param a first map, x fastest
 * @param b second map, same layout
 * @param shape `[D, H, W]` of both (z, y, x)
 * @returns Spearman ρ and mean SSIM
 * @throws {RangeError} when the lengths differ from the shape
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapSimilarity } from "./map_similarity.ts";
 * const a = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i));
 * const same = mapSimilarity(a, a.map((v) => -2 * v), [4, 4, 4]);
 * assert.ok(same.spearman > 0.999 && same.ssim > 0.999);
 * ```
 */
export function mapSimilarity(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  shape: readonly [number, number, number],
): MapSimilarity {
  const n = shape[0] * shape[1] * shape[2];
  if (a.length !== n || b.length !== n) {
    throw new RangeError(
      `Cannot compare saliency maps: lengths ${a.length} and ${b.length}, expected ${n} (${shape.join("×")})`,
    );
  }
  const x = scaledAbs(a);
  const y = scaledAbs(b);
  const sigma = 1.5;
  const mx = gaussianBlur(x, shape, sigma);
  const my = gaussianBlur(y, shape, sigma);
  const xx = gaussianBlur(x.map((v) => v * v), shape, sigma);
  const yy = gaussianBlur(y.map((v) => v * v), shape, sigma);
  const xy = gaussianBlur(x.map((v, i) => v * y[i]!), shape, sigma);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ux = mx[i]!;
    const uy = my[i]!;
    const vx = xx[i]! - ux * ux;
    const vy = yy[i]! - uy * uy;
    const cxy = xy[i]! - ux * uy;
    sum += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
  }
  const rho = spearman(x, y);
  const constant = (v: Float32Array) => v.every((t) => t === v[0]);
  const ranked = Number.isNaN(rho) ? (constant(x) && constant(y) ? 1 : 0) : rho;
  return { spearman: ranked, ssim: sum / n };
}
