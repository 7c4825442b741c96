/**
 * ROC figure preparation: mean curve and pointwise interval band over bootstrap resamples.
 *
 * @module
 */

import { ENDPOINT_ORDER, MODEL_ORDER, orderBy } from "./_labels.ts";
import type { RocRow } from "./report_data.ts";

/** One point of a mean ROC curve with its band, at a fixed false positive rate. */
export interface RocBandPoint {
  readonly endpoint: string;
  readonly model: string;
  readonly protocol: string;
  readonly fpr: number;
  /** Mean true positive rate over resamples. */
  readonly tpr: number;
  /** Lower quantile of the true positive rate. */
  readonly lower: number;
  /** Upper quantile. */
  readonly upper: number;
  /** Number of resample curves averaged. */
  readonly resamples: number;
}

/** Options of {@linkcode rocBands}. */
export interface RocBandsOptions {
  /**
   * Number of equally spaced false positive rates from 0 to 1.
   * @default 51
   */
  readonly gridSize?: number;
  /**
   * Coverage of the pointwise band.
   * @default 0.95
   */
  readonly level?: number;
}

/** Type-7 quantile of sorted values. */
function quantileSorted(s: readonly number[], q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (h - lo);
}

/** Highest TPR reached at FPR ≤ x (the ROC staircase), for points sorted by fpr then tpr. */
function tprAt(points: readonly RocRow[], x: number): number {
  let best = 0;
  for (const pt of points) if (pt.fpr <= x + 1e-12 && pt.tpr > best) best = pt.tpr;
  return best;
}

/**
 * Vertical averaging of ROC curves (Fawcett 2006, "An introduction to ROC analysis", §8.1): each
 * curve's staircase is read at a grid of false positive rates; the band is the pointwise
 * (1 − level)/2 and (1 + level)/2 quantiles (type 7). The statistics store one ROC curve per
 * endpoint, model and protocol (the test-set predictions pooled over all resamples), so the band
 * collapses onto it and `resamples` is 1.
 *
 * @param rows ROC points of all curves
 * @param options grid and band level
 * @returns grid points per (endpoint, model, protocol), in display order
 * @throws {RangeError} when `gridSize` < 2 or `level` is outside (0, 1)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rocBands } from "./roc_bands.ts";
 * const pt = (fpr: number, tpr: number) => ({ endpoint: "os2y", model: "unet", protocol: "kfold-nested", fpr, tpr });
 * const band = rocBands([pt(0, 0), pt(0, 0.5), pt(0.5, 1), pt(1, 1)], { gridSize: 3 });
 * assert.deepEqual(band.map((b) => [b.fpr, b.tpr, b.resamples]), [[0, 0.5, 1], [0.5, 1, 1], [1, 1, 1]]);
 * ```
 */
export function rocBands(rows: readonly RocRow[], options: RocBandsOptions = {}): RocBandPoint[] {
  const { gridSize = 51, level = 0.95 } = options;
  if (!(Number.isInteger(gridSize) && gridSize >= 2)) {
    throw new RangeError(`Cannot average ROC curves: gridSize must be an integer ≥ 2, got ${gridSize}`);
  }
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`Cannot average ROC curves: level must be in (0, 1), got ${level}`);
  }
  const curves = new Map<string, { head: RocRow; byResample: Map<number, RocRow[]> }>();
  for (const r of rows) {
    const key = [r.endpoint, r.model, r.protocol].join("\u0000");
    let c = curves.get(key);
    if (!c) curves.set(key, c = { head: r, byResample: new Map() });
    const list = c.byResample.get(0) ?? [];
    list.push(r);
    c.byResample.set(0, list);
  }
  const e = orderBy(ENDPOINT_ORDER);
  const m = orderBy(MODEL_ORDER);
  const ordered = [...curves.values()].sort((a, b) =>
    e(a.head.endpoint, b.head.endpoint) || m(a.head.model, b.head.model) ||
    (a.head.protocol < b.head.protocol ? -1 : a.head.protocol > b.head.protocol ? 1 : 0)
  );
  return ordered.flatMap(({ head, byResample }) => {
    const resamples = [...byResample.values()];
    return Array.from({ length: gridSize }, (_, g) => {
      const fpr = g / (gridSize - 1);
      const t = resamples.map((pts) => tprAt(pts, fpr)).sort((a, b) => a - b);
      return {
        endpoint: head.endpoint,
        model: head.model,
        protocol: head.protocol,
        fpr,
        tpr: t.reduce((s, v) => s + v, 0) / t.length,
        lower: quantileSorted(t, (1 - level) / 2),
        upper: quantileSorted(t, (1 + level) / 2),
        resamples: t.length,
      };
    });
  });
}
