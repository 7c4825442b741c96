/**
 * Figures 4a/4b: a volume viewer (saliency heat map over CT, or an activation-maximisation input)
 * with PNG slices written beside the page, a fixed colour legend and a slice slider.
 *
 * @module
 */

import { HEAT_STOPS } from "./_colormap.ts";
import { saliencyMethodLabel } from "./_labels.ts";
import { escapeHtml, figureHtml, type FigureTextOptions, formatNumber } from "./_plot.ts";
import type { ReportVolume, SaliencyCheckRow } from "./report_data.ts";
import { saliencyCheckFigure } from "./saliency_check_figure.ts";
import { sliceImages, type SliceImagesOptions } from "./slice_images.ts";

/** Options of {@linkcode saliencyPanel}. */
export interface SaliencyPanelOptions extends FigureTextOptions, SliceImagesOptions {
  /**
   * Folder of the PNG files, relative to the page.
   * @default "assets"
   */
  readonly assetDir?: string;
  /**
   * Display scale in screen pixels per millimetre.
   * @default 3
   */
  readonly pixelsPerMm?: number;
  /** The map's sanity checks, shown beside it. @default none */
  readonly check?: SaliencyCheckRow;
}

/** A file the page needs, relative to the page's folder. */
export interface ReportAsset {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Result of {@linkcode saliencyPanel}. */
export interface SaliencyPanel {
  /** The `<figure>` markup. */
  readonly html: string;
  /** The PNG slices to write beside the page. */
  readonly files: readonly ReportAsset[];
}

function legend(id: string, volume: ReportVolume, range: readonly [number, number]): string {
  const stops = volume.kind === "saliency"
    ? HEAT_STOPS.map(([p, r, g, b]) => `<stop offset="${p}" stop-color="rgb(${r},${g},${b})"/>`).join("")
    : `<stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/>`;
  const unit = volume.kind === "saliency"
    ? (volume.method === "gradientTimesInput" ? "|∂P/∂x · x|" : "|∂P/∂x| (per normalised intensity unit)")
    : "input value (normalised intensity)";
  const ticks = [0, 0.5, 1].map((t) => {
    const x = 10 + 200 * t, v = range[0] + t * (range[1] - range[0]);
    const anchor = ["start", "middle", "end"][t * 2]!;
    return `<line x1="${x}" x2="${x}" y1="24" y2="29" stroke="#333"/><text x="${x}" y="41" text-anchor="${anchor}">${
      formatNumber(v, 2)
    }</text>`;
  }).join("");
  return `<svg class="legend" width="220" height="62" font-size="11" role="img" aria-label="colour scale">` +
    `<defs><linearGradient id="grad-${id}">${stops}</linearGradient></defs>` +
    `<text x="10" y="10">${escapeHtml(unit)}</text>` +
    `<rect x="10" y="14" width="200" height="10" fill="url(#grad-${id})" stroke="#333" stroke-width="0.5"/>` +
    `${ticks}<text x="10" y="56" fill="#555">fixed scale for all slices</text></svg>`;
}

/**
 * Build a slice viewer for one volume: PNG slices (see {@linkcode sliceImages}), an `<img>` at the
 * middle slice, a range input whose page script swaps the image, a colour legend on a fixed scale
 * and a caption. The page's inline script (from `renderReport`) wires every `.slice-slider`.
 *
 * @param volume the volume
 * @param options asset folder, display scale, colour range, caption
 * @returns the figure markup and the PNG files to write
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { saliencyPanel } from "./saliency_panel.ts";
 * const panel = saliencyPanel({ id: "act1", kind: "activation", title: "Unit C00001", modality: "CT",
 *   endpoint: "", dims: [4, 4, 3], spacing: [2, 2, 2], data: new Float32Array(48).map((_, i) => i) });
 * assert.equal(panel.files.length, 3);
 * assert.match(panel.html, /src="assets\/act1_z001.png"/);
 * ```
 */
export function saliencyPanel(volume: ReportVolume, options: SaliencyPanelOptions = {}): SaliencyPanel {
  const { assetDir = "assets", pixelsPerMm = 3 } = options;
  const id = options.id ?? `fig-${volume.kind}-${volume.id}`;
  const slices = sliceImages(volume, options);
  const [nx, ny, nz] = volume.dims;
  const [sx, sy, sz] = volume.spacing;
  const files = slices.pngs.map((bytes, k) => ({
    path: `${assetDir}/${volume.id}_z${String(k).padStart(3, "0")}.png`,
    bytes,
  }));
  const mid = Math.floor((nz - 1) / 2);
  const srcs = files.map((f) => escapeHtml(f.path)).join(",");
  const w = Math.round(nx * sx * pixelsPerMm);
  const h = Math.round(ny * sy * pixelsPerMm);
  const alt = `${volume.title}, axial slice`;
  const body = `<div class="viewer"><img id="${id}-img" class="slice" src="${escapeHtml(files[mid]!.path)}" ` +
    `width="${w}" height="${h}" alt="${escapeHtml(alt)}" data-slices="${srcs}" data-spacing="${sz}">` +
    `${legend(id, volume, slices.range)}${options.check ? saliencyCheckFigure(options.check) : ""}</div>` +
    `<label class="slider">Axial slice <input type="range" class="slice-slider" min="0" max="${nz - 1}" ` +
    `value="${mid}" data-target="${id}-img" aria-label="axial slice of ${escapeHtml(volume.title)}">` +
    `<output>${mid + 1} / ${nz} (z = ${formatNumber(mid * sz)} mm)</output></label>`;
  const method = volume.method === undefined ? "Saliency" : `${saliencyMethodLabel(volume.method)} saliency`;
  const checks = options.check
    ? " Beside it, its sanity checks: similarity (Spearman ρ, SSIM of |map|) with the map recomputed as the " +
      "encoder is re-initialised from the bottleneck down, and P(death) as the map's top-ranked voxels are set " +
      "to the crop's median (red) against random voxels (grey)."
    : "";
  const what = volume.kind === "saliency"
    ? `${method} magnitude over the ${volume.modality} crop (grey, window −1000 to 400 HU)` +
      (volume.endpoint ? ` for endpoint ${volume.endpoint}` : "")
    : `Input that maximises one bottleneck unit of the ${volume.modality} encoder (activation maximisation)`;
  const caption = `${what}. ${nx} × ${ny} × ${nz} voxels of ${sx} × ${sy} × ${sz} mm; anterior up. ` +
    `The colour scale is fixed over all slices (${formatNumber(slices.range[0])} to ${
      formatNumber(slices.range[1])
    }).` +
    checks + (options.note ? ` ${options.note}` : "");
  return {
    html: figureHtml(id, options.title ?? volume.title, body, caption).replace(
      'class="figure"',
      'class="figure slice-viewer"',
    ),
    files,
  };
}
