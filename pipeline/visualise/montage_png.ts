/**
 * PNG montage of a volume: axial, coronal and sagittal slices through one voxel, either a signed
 * heat map over a grey CT or a grey image, on a fixed colour scale with a legend bar.
 *
 * @module
 */
import { encode } from "fast-png";
import { spacingOf, type Volume } from "../imaging/volume.ts";
import { drawText, fillRect, formatTick, raster, textWidth } from "./_draw.ts";

/** Options of {@linkcode montagePng}. */
export interface MontagePngOptions {
  /** Grey background (CT in HU) on the same grid; drawn under a heat map. @default none (black) */
  readonly background?: Volume;
  /** Window of the background in its units. @default [-1000, 400] (lung-mediastinum HU) */
  readonly backgroundWindow?: readonly [number, number];
  /** Voxel `[i, j, k]` the three slices pass through. @default the centre of the grid */
  readonly centre?: readonly [number, number, number];
  /** `"heat"`: signed overlay, blue < 0 < red-yellow; `"grey"`: the values themselves in grey. @default "heat" */
  readonly kind?: "heat" | "grey";
  /** Colour scale `[lo, hi]`, fixed for all panels. @default heat: `[-m, m]`, m = max |v|; grey: `[min, max]` */
  readonly range?: readonly [number, number];
  /** Display scale. @default 2 */
  readonly pixelsPerMm?: number;
}

type Rgb = [number, number, number];

function heatRgb(t: number, under: number): Rgb {
  const a = Math.min(1, Math.abs(t));
  const c: Rgb = t >= 0 ? [220 + 35 * a, 30 + 200 * a, 30 * (1 - a)] : [30 * (1 - a), 60 + 160 * a, 220 + 35 * a];
  const alpha = Math.min(0.9, Math.pow(a, 0.7));
  return c.map((v) => Math.round(alpha * v + (1 - alpha) * under)) as Rgb;
}

/**
 * Render a montage (axial | coronal | sagittal, voxel axes i rightwards, j and k upwards) with a
 * legend bar labelled at the range ends and the middle.
 *
 * @param volume the map (saliency or activation-maximisation input); its affine gives the spacing
 * @param options background, centre voxel, kind, fixed range, scale
 * @returns the PNG bytes (RGB, 8 bit)
 * @throws {RangeError} when the background grid differs or the centre is outside the grid
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decode } from "fast-png";
 * import { montagePng } from "./montage_png.ts";
 * const v = { data: new Float32Array(64).map((_, i) => i - 32), dims: [4, 4, 4] as const,
 *   affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
 * const png = decode(montagePng(v, { pixelsPerMm: 4 }));
 * assert.equal(png.channels, 3);
 * ```
 */
export function montagePng(volume: Volume, options: MontagePngOptions = {}): Uint8Array {
  const [nx, ny, nz] = volume.dims;
  const bg = options.background;
  if (bg && bg.dims.some((n, a) => n !== volume.dims[a])) {
    throw new RangeError(
      `Cannot draw montage: background grid "${bg.dims.join("×")}" differs from "${volume.dims.join("×")}"`,
    );
  }
  const [ci, cj, ck] = options.centre ?? [nx >> 1, ny >> 1, nz >> 1];
  if (![ci, cj, ck].every((c, a) => Number.isInteger(c) && c >= 0 && c < volume.dims[a]!)) {
    throw new RangeError(`Cannot draw montage: centre "${[ci, cj, ck].join(",")}" is outside the grid`);
  }
  const kind = options.kind ?? "heat";
  let [lo, hi] = options.range ?? [0, 0];
  if (!options.range) {
    let min = Infinity;
    let max = -Infinity;
    for (const v of volume.data) (min = Math.min(min, v)), (max = Math.max(max, v));
    const m = Math.max(Math.abs(min), Math.abs(max));
    [lo, hi] = kind === "heat" ? [-m, m] : [min, max];
  }
  if (!(hi > lo)) hi = lo + 1;
  const [wl, wh] = options.backgroundWindow ?? [-1000, 400];
  const colour = (n: number): Rgb => {
    const v = volume.data[n]!;
    if (kind === "grey") {
      const g = Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo))));
      return [g, g, g];
    }
    const under = bg ? 255 * Math.min(1, Math.max(0, (bg.data[n]! - wl) / (wh - wl))) : 0;
    return heatRgb((2 * (v - lo)) / (hi - lo) - 1, under);
  };
  const ppm = options.pixelsPerMm ?? 2;
  const px = spacingOf(volume).map((s) => Math.max(1, Math.round(ppm * s))) as [number, number, number];
  const idx = (i: number, j: number, k: number) => i + nx * (j + ny * k);
  // each panel: columns (count, axis), rows (count, axis), voxel index
  const panels = [
    { cols: nx, ca: 0, rows: ny, ra: 1, at: (c: number, r: number) => idx(c, r, ck) },
    { cols: nx, ca: 0, rows: nz, ra: 2, at: (c: number, r: number) => idx(c, cj, r) },
    { cols: ny, ca: 1, rows: nz, ra: 2, at: (c: number, r: number) => idx(ci, c, r) },
  ];
  const gap = 4;
  const legendHeight = 34;
  const widths = panels.map((p) => p.cols * px[p.ca]!);
  const heights = panels.map((p) => p.rows * px[p.ra]!);
  const width = Math.max(widths.reduce((a, b) => a + b, 0) + gap * 4, 160);
  const top = Math.max(...heights) + 2 * gap;
  const img = raster(width, top + legendHeight, [40, 40, 40]);
  let x0 = gap;
  panels.forEach((p, n) => {
    const pw = px[p.ca]!;
    const ph = px[p.ra]!;
    for (let r = 0; r < p.rows; r++) {
      for (let c = 0; c < p.cols; c++) {
        fillRect(img, x0 + c * pw, gap + (p.rows - 1 - r) * ph, pw, ph, colour(p.at(c, r)));
      }
    }
    x0 += widths[n]! + gap;
  });
  const barX = 2 * gap;
  const barW = width - 4 * gap;
  for (let x = 0; x < barW; x++) {
    const t = x / (barW - 1);
    const rgb: Rgb = kind === "grey" ? [255 * t, 255 * t, 255 * t] : heatRgb(2 * t - 1, 128);
    fillRect(img, barX + x, top, 1, 10, rgb.map(Math.round) as Rgb);
  }
  const ticks: [number, number][] = [[0, lo], [0.5, (lo + hi) / 2], [1, hi]];
  for (const [t, v] of ticks) {
    const x = barX + Math.round(t * (barW - 1));
    fillRect(img, x, top + 10, 1, 4, [255, 255, 255]);
    const label = formatTick(v);
    const w = textWidth(label, 2);
    drawText(img, label, Math.min(width - w, Math.max(0, x - (t === 0 ? 0 : t === 1 ? w : w >> 1))), top + 17, 2, [
      255,
      255,
      255,
    ]);
  }
  return encode({ width: img.width, height: img.height, data: img.data, channels: 3, depth: 8 });
}
