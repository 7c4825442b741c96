/**
 * IBSI local-intensity family (`loc_peak_loc`, `loc_peak_glob`, IBSI 1 §3.2) and the SUVpeak it
 * defines: the mean intensity in a 1 cm³ sphere centred on a voxel.
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";

/** Radius (mm) of a 1 cm³ sphere. */
export const PEAK_RADIUS_MM: number = Math.cbrt(3000 / (4 * Math.PI));

/** Options of {@linkcode localIntensity}. */
export interface LocalIntensityOptions {
  /** Sphere radius in mm. @default 6.2035 (1 cm³) */
  readonly radiusMm?: number;
}

/**
 * Local (around the hottest voxel) and global (over the ROI) intensity peaks. The sphere holds
 * every image voxel whose centre lies within the radius, inside or outside the ROI; among several
 * hottest voxels the highest local peak is kept.
 *
 * @param roi image, intensity mask, grid size and spacing
 * @param options sphere radius
 * @returns `loc_peak_loc`, `loc_peak_glob`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { localIntensity } from "./local_intensity.ts";
 * const image = new Float64Array(27).fill(1); image[13] = 28;
 * const mask = new Uint8Array(27).fill(1);
 * const f = localIntensity({ image, mask, dims: [3, 3, 3], spacing: [1, 1, 1] }, { radiusMm: 1 });
 * assert.equal(f[0]!.value, 34 / 7);
 * ```
 */
export function localIntensity(
  roi: {
    image: ArrayLike<number>;
    mask: ArrayLike<number>;
    dims: readonly [number, number, number];
    spacing: readonly [number, number, number];
  },
  options: LocalIntensityOptions = {},
): RadiomicsFeature[] {
  const { image, mask, dims, spacing } = roi;
  const r = options.radiusMm ?? PEAK_RADIUS_MM;
  const [nx, ny, nz] = dims;
  const offs: number[][] = [];
  const ext = spacing.map((s) => Math.floor(r / s + 1e-9));
  for (let c = -ext[2]!; c <= ext[2]!; c++) {
    for (let b = -ext[1]!; b <= ext[1]!; b++) {
      for (let a = -ext[0]!; a <= ext[0]!; a++) {
        if ((a * spacing[0]) ** 2 + (b * spacing[1]) ** 2 + (c * spacing[2]) ** 2 <= r * r + 1e-9) offs.push([a, b, c]);
      }
    }
  }
  const peak = (p: number) => {
    const i = p % nx;
    const j = Math.floor(p / nx) % ny;
    const k = Math.floor(p / (nx * ny));
    let s = 0;
    let n = 0;
    for (const [a, b, c] of offs) {
      const x = i + a!;
      const y = j + b!;
      const z = k + c!;
      if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
      s += image[x + nx * (y + ny * z)]!, n++;
    }
    return s / n;
  };
  let max = -Infinity;
  for (let p = 0; p < mask.length; p++) if (mask[p] && image[p]! > max) max = image[p]!;
  let loc = -Infinity;
  let glob = -Infinity;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const v = peak(p);
    glob = Math.max(glob, v);
    if (image[p] === max) loc = Math.max(loc, v);
  }
  return [{ tag: "loc_peak_loc", value: loc }, { tag: "loc_peak_glob", value: glob }];
}
