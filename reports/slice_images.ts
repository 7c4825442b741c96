/**
 * Saliency and feature-visualisation preparation: axial slices of a volume as PNG bytes.
 *
 * @module
 */

import { encode } from "fast-png";
import { heatColor } from "./_colormap.ts";
import type { ReportVolume } from "./report_data.ts";

/** Options of {@linkcode sliceImages}. */
export interface SliceImagesOptions {
  /**
   * Value range mapped onto the colour scale, the same for every slice (a fixed scale). Saliency:
   * magnitudes |v| in `[lo, hi]` go from transparent to full heat; activation: values go black → white.
   * @default saliency `[0, max |v|]`, activation `[min v, max v]` over the whole volume
   */
  readonly range?: readonly [number, number];
  /**
   * CT window in HU for the grey background of a saliency map.
   * @default [-1000, 400]
   */
  readonly ctWindow?: readonly [number, number];
}

/** Result of {@linkcode sliceImages}. */
export interface SliceImages {
  /** One PNG per axial slice k = 0 … nz − 1. */
  readonly pngs: readonly Uint8Array[];
  /** Image width (nx) and height (ny) in pixels. */
  readonly width: number;
  readonly height: number;
  /** The value range actually used for the colour scale. */
  readonly range: readonly [number, number];
}

function defaultRange(v: ReportVolume): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  let mag = 0;
  for (const x of v.data) {
    if (Number.isNaN(x)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    if (Math.abs(x) > mag) mag = Math.abs(x);
  }
  if (v.kind === "saliency") return [0, mag > 0 ? mag : 1];
  return lo < hi ? [lo, hi] : [lo === Infinity ? 0 : lo, (lo === Infinity ? 0 : lo) + 1];
}

/**
 * Render each axial slice of a volume into an RGBA PNG. Pixel (column i, row ny − 1 − j) shows
 * voxel (i, j, k), so +y (anterior in RAS+) is up. Saliency: the CT background in grey (window
 * `ctWindow`) under the heat colour of |v|, blended with opacity proportional to |v| on the
 * fixed range. Activation maximisation: grey levels over the fixed range.
 *
 * @param volume the volume (and its CT background for saliency)
 * @param options colour range and CT window
 * @returns PNG bytes per slice and the range used
 * @throws {RangeError} when the data length does not match dims, or the background does not
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sliceImages } from "./slice_images.ts";
 * const data = new Float32Array(2 * 3 * 4).map((_, i) => i);
 * const out = sliceImages({ id: "a", kind: "activation", title: "", modality: "CT", endpoint: "",
 *   dims: [2, 3, 4], spacing: [1, 1, 1], data });
 * assert.equal(out.pngs.length, 4);
 * assert.deepEqual(out.range, [0, 23]);
 * assert.deepEqual([...out.pngs[0]!.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
 * ```
 */
export function sliceImages(volume: ReportVolume, options: SliceImagesOptions = {}): SliceImages {
  const [nx, ny, nz] = volume.dims;
  const n = nx * ny * nz;
  if (volume.data.length !== n) {
    throw new RangeError(`Cannot slice volume "${volume.id}": ${volume.data.length} values, dims need ${n}`);
  }
  const bg = volume.kind === "saliency" ? volume.background : undefined;
  if (bg && bg.length !== n) {
    throw new RangeError(`Cannot slice volume "${volume.id}": background has ${bg.length} values, dims need ${n}`);
  }
  const range = options.range ?? defaultRange(volume);
  const [wLo, wHi] = options.ctWindow ?? [-1000, 400];
  const span = range[1] - range[0] || 1;
  const pngs: Uint8Array[] = [];
  for (let k = 0; k < nz; k++) {
    const rgba = new Uint8Array(nx * ny * 4);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        const o = 4 * (i + nx * (ny - 1 - j));
        const x = volume.data[v]!;
        let rgb: [number, number, number];
        if (volume.kind === "saliency") {
          const t = Math.min(1, Math.max(0, (Math.abs(x) - range[0]) / span));
          const g = bg ? Math.round(255 * Math.min(1, Math.max(0, (bg[v]! - wLo) / (wHi - wLo)))) : 0;
          const h = heatColor(t);
          const a = bg ? 0.85 * t : 1;
          rgb = [0, 1, 2].map((c) => Math.round((1 - a) * g + a * h[c]!)) as [number, number, number];
        } else {
          const g = Math.round(255 * Math.min(1, Math.max(0, (x - range[0]) / span)));
          rgb = [g, g, g];
        }
        rgba.set([rgb[0], rgb[1], rgb[2], 255], o);
      }
    }
    pngs.push(encode({ width: nx, height: ny, data: rgba, channels: 4, depth: 8 }));
  }
  return { pngs, width: nx, height: ny, range: [range[0], range[1]] };
}
