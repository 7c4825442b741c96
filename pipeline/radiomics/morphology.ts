/**
 * IBSI morphology family (`morph_*`, IBSI 1 §3.1): mesh-based volume and area (marching cubes),
 * shape ratios, PCA axes, bounding-box and ellipsoid densities, centre-of-mass shift, integrated
 * intensity and spatial autocorrelation.
 *
 * @module
 */
import { maskMesh } from "./_marching_cubes.ts";
import { ellipsoidArea, maxPairDistance, symmetricEigenvalues3 } from "./_geometry.ts";
import type { RadiomicsFeature } from "./prepare_roi.ts";

/** Inputs of {@linkcode morphology}: image and masks on one grid. */
export interface MorphologyInput {
  readonly image: ArrayLike<number>;
  readonly morphMask: ArrayLike<number>;
  readonly intensityMask: ArrayLike<number>;
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
}

/** Options of {@linkcode morphology}. */
export interface MorphologyOptions {
  /** Moran's I and Geary's C are O(n²): computed only up to this many ROI voxels. @default 20000 */
  readonly maxAutocorrelationVoxels?: number;
  /** Mesh triangulation convention (see `maskMesh`). @default "ibsi" */
  readonly convention?: "ibsi" | "pyradiomics";
}

function positions(mask: ArrayLike<number>, dims: readonly number[], spacing: readonly number[]): Float64Array {
  const out: number[] = [];
  const [nx, ny] = dims;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    out.push(
      (p % nx!) * spacing[0]!,
      (Math.floor(p / nx!) % ny!) * spacing[1]!,
      Math.floor(p / (nx! * ny!)) * spacing[2]!,
    );
  }
  return Float64Array.from(out);
}

function autocorrelation(input: MorphologyInput, limit: number): [number, number] {
  const { image, intensityMask, dims, spacing } = input;
  const xyz = positions(intensityMask, dims, spacing);
  const n = xyz.length / 3;
  if (n > limit || n < 2) return [NaN, NaN];
  const v = new Float64Array(n);
  let q = 0;
  for (let p = 0; p < intensityMask.length; p++) if (intensityMask[p]) v[q++] = image[p]!;
  let mean = 0;
  for (const x of v) mean += x;
  mean /= n;
  let sw = 0;
  let num = 0;
  let geary = 0;
  let den = 0;
  for (let a = 0; a < n; a++) {
    den += (v[a]! - mean) ** 2;
    for (let b = a + 1; b < n; b++) {
      const w = 1 /
        Math.hypot(xyz[3 * a]! - xyz[3 * b]!, xyz[3 * a + 1]! - xyz[3 * b + 1]!, xyz[3 * a + 2]! - xyz[3 * b + 2]!);
      sw += 2 * w, num += 2 * w * (v[a]! - mean) * (v[b]! - mean), geary += 2 * w * (v[a]! - v[b]!) ** 2;
    }
  }
  return [(n / sw) * num / den, ((n - 1) / (2 * sw)) * geary / den];
}

/**
 * Morphology features. Volume and area come from a marching-cubes mesh of the morphological
 * mask; PCA uses voxel-centre positions; intensity-based features use the intensity mask.
 * Not computed (absent from the output): oriented minimum bounding box, minimum-volume enclosing
 * ellipsoid and convex-hull densities.
 *
 * @param input image, masks, grid, spacing
 * @param options autocorrelation size limit
 * @returns morphology features
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { morphology } from "./morphology.ts";
 * const m = new Uint8Array(27).fill(1);
 * const f = Object.fromEntries(morphology({ image: m, morphMask: m, intensityMask: m,
 *   dims: [3, 3, 3], spacing: [1, 1, 1] }).map((r) => [r.tag, r.value]));
 * assert.equal(f.morph_vol_approx, 27);
 * ```
 */
export function morphology(input: MorphologyInput, options: MorphologyOptions = {}): RadiomicsFeature[] {
  const { image, morphMask, intensityMask, dims, spacing } = input;
  const mesh = maskMesh(morphMask, dims, spacing, options.convention);
  const V = mesh.volume;
  const A = mesh.area;
  const xyz = positions(morphMask, dims, spacing);
  const n = xyz.length / 3;
  const c = [0, 0, 0];
  for (let p = 0; p < xyz.length; p += 3) c[0]! += xyz[p]!, c[1]! += xyz[p + 1]!, c[2]! += xyz[p + 2]!;
  const centre = c.map((v) => v / n);
  const cov = [0, 0, 0, 0, 0, 0];
  for (let p = 0; p < xyz.length; p += 3) {
    const dx = xyz[p]! - centre[0]!;
    const dy = xyz[p + 1]! - centre[1]!;
    const dz = xyz[p + 2]! - centre[2]!;
    cov[0]! += dx * dx,
      cov[1]! += dy * dy,
      cov[2]! += dz * dz,
      cov[3]! += dx * dy,
      cov[4]! += dx * dz,
      cov[5]! += dy * dz;
  }
  const [l1, l2, l3] = symmetricEigenvalues3(
    ...(cov.map((v) => v / (n - 1)) as [number, number, number, number, number, number]),
  );
  // Intensity-weighted centre.
  const w = [0, 0, 0];
  let wsum = 0;
  let isum = 0;
  let icount = 0;
  const [nx, ny] = dims;
  for (let p = 0; p < intensityMask.length; p++) {
    if (!intensityMask[p]) continue;
    const v = image[p]!;
    w[0]! += v * (p % nx) * spacing[0], w[1]! += v * (Math.floor(p / nx) % ny) * spacing[1];
    w[2]! += v * Math.floor(p / (nx * ny)) * spacing[2];
    wsum += v, isum += v, icount++;
  }
  const com = Math.hypot(w[0]! / wsum - centre[0]!, w[1]! / wsum - centre[1]!, w[2]! / wsum - centre[2]!);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let p = 0; p < mesh.vertices.length; p += 3) {
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, mesh.vertices[p + a]!), hi[a] = Math.max(hi[a]!, mesh.vertices[p + a]!);
    }
  }
  const e = hi.map((h, a) => h - lo[a]!);
  const [ea, eb, ec] = [e[0]!, e[1]!, e[2]!];
  const [sa, sb, sc] = [2 * Math.sqrt(l1), 2 * Math.sqrt(l2), 2 * Math.sqrt(l3)];
  const [moran, geary] = autocorrelation(input, options.maxAutocorrelationVoxels ?? 20000);
  const sph = Math.cbrt(36 * Math.PI * V * V);
  const out: [string, number][] = [
    ["volume", V],
    ["vol_approx", n * spacing[0] * spacing[1] * spacing[2]],
    ["area_mesh", A],
    ["av", A / V],
    ["comp_1", V / (Math.sqrt(Math.PI) * A ** 1.5)],
    ["comp_2", 36 * Math.PI * V * V / A ** 3],
    ["sph_dispr", A / sph],
    ["sphericity", sph / A],
    ["asphericity", A / sph - 1],
    ["com", com],
    ["diam", maxPairDistance(mesh.vertices)],
    ["pca_maj_axis", 4 * Math.sqrt(l1)],
    ["pca_min_axis", 4 * Math.sqrt(l2)],
    ["pca_least_axis", 4 * Math.sqrt(l3)],
    ["pca_elongation", Math.sqrt(l2 / l1)],
    ["pca_flatness", Math.sqrt(l3 / l1)],
    ["vol_dens_aabb", V / (ea * eb * ec)],
    ["area_dens_aabb", A / (2 * (ea * eb + ea * ec + eb * ec))],
    ["vol_dens_aee", V / (4 * Math.PI * sa * sb * sc / 3)],
    ["area_dens_aee", A / ellipsoidArea(sa, sb, sc)],
    ["integ_int", V * (isum / icount)],
  ];
  if (!Number.isNaN(moran)) out.push(["moran_i", moran], ["geary_c", geary]);
  return out.map(([k, v]) => ({ tag: `morph_${k}`, value: v }));
}
