/**
 * Figure 2a preparation: log-scaled p-value histogram bins per endpoint and modality.
 *
 * @module
 */

import { featureModality } from "./_labels.ts";
import type { TTestRow } from "./report_data.ts";

/** One histogram bin: p in `[p1, p2)` (the last bin includes 1). */
export interface PvalueBin {
  readonly endpoint: string;
  /** `CT`, `PET` or `other` (from the feature name). */
  readonly modality: string;
  /** Lower p bound (a power of ten to the 1/`binsPerDecade`). */
  readonly p1: number;
  /** Upper p bound. */
  readonly p2: number;
  /** Features whose p-value falls in the bin. */
  readonly count: number;
}

/** Options of {@linkcode pvalueBins}. */
export interface PvalueBinsOptions {
  /**
   * Bins per factor of ten.
   * @default 4
   */
  readonly binsPerDecade?: number;
  /**
   * Smallest p shown; smaller p-values (and p = 0) are counted in the first bin.
   * @default 1e-8
   */
  readonly minP?: number;
}

/**
 * Count p-values in logarithmic bins, one histogram per (endpoint, modality). All histograms share
 * the same edges, from the decade below the smallest p (but not below `minP`) up to 1, so panels
 * compare directly. NaN p-values (degenerate features) are left out. Empty bins are kept (count 0).
 *
 * @param rows t-test rows
 * @param options bin width and floor
 * @returns bins ordered by endpoint, modality (first seen) then p
 * @throws {RangeError} when `binsPerDecade` is not a positive integer
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pvalueBins } from "./pvalue_bins.ts";
 * const row = (feature: string, p: number) =>
 *   ({ feature, endpoint: "os2y", nEvent: 5, nNoEvent: 5, statistic: 0, df: 8, p, q: p });
 * const bins = pvalueBins([row("C1", 0.5), row("C2", 0.02), row("C3", 0.03)], { binsPerDecade: 1 });
 * assert.deepEqual(bins.map((b) => [b.p1, b.p2, b.count]), [[0.01, 0.1, 2], [0.1, 1, 1]]);
 * ```
 */
export function pvalueBins(rows: readonly TTestRow[], options: PvalueBinsOptions = {}): PvalueBin[] {
  const { binsPerDecade = 4, minP = 1e-8 } = options;
  if (!(Number.isInteger(binsPerDecade) && binsPerDecade > 0)) {
    throw new RangeError(`Cannot bin p-values: binsPerDecade must be a positive integer, got ${binsPerDecade}`);
  }
  const valid = rows.filter((r) => !Number.isNaN(r.p));
  let smallest = 1;
  for (const r of valid) smallest = Math.min(smallest, Math.max(r.p, minP));
  const lowDecade = Math.floor(Math.log10(smallest) + 1e-9);
  const nBins = Math.max(1, -lowDecade * binsPerDecade);
  const edge = (b: number) => 10 ** (lowDecade + b / binsPerDecade);
  const groups = new Map<string, { endpoint: string; modality: string; counts: number[] }>();
  for (const r of valid) {
    const modality = featureModality(r.feature);
    const key = `${r.endpoint}\u0000${modality}`;
    let g = groups.get(key);
    if (!g) groups.set(key, g = { endpoint: r.endpoint, modality, counts: new Array(nBins).fill(0) });
    const raw = Math.floor((Math.log10(Math.max(r.p, minP)) - lowDecade) * binsPerDecade + 1e-9);
    g.counts[Math.min(nBins - 1, Math.max(0, raw))]!++;
  }
  return [...groups.values()].flatMap((g) =>
    g.counts.map((count, b) => ({ endpoint: g.endpoint, modality: g.modality, p1: edge(b), p2: edge(b + 1), count }))
  );
}
