/**
 * Figure 2c preparation: p-values of LASSO-selected features against all other features.
 *
 * @module
 */

import { featureModality } from "./_labels.ts";
import type { SelectedRow, TTestRow } from "./report_data.ts";

/** One feature's p-value, marked selected or other. */
export interface SelectedPvalueRow {
  readonly endpoint: string;
  readonly feature: string;
  readonly modality: string;
  readonly p: number;
  readonly group: "selected" | "other";
}

/** Options of {@linkcode selectedVsOther}. */
export interface SelectedVsOtherOptions {
  /**
   * Most "other" rows kept per endpoint; beyond it they are thinned to evenly spaced order
   * statistics of p (the distribution's shape is kept, the SVG stays small). Selected rows are
   * always all kept.
   * @default 2000
   */
  readonly maxOther?: number;
}

/**
 * Pair each t-test row with whether LASSO selected the feature for that endpoint. NaN p-values are
 * left out.
 *
 * @param ttest t-test rows
 * @param selected selected features per endpoint
 * @param options thinning of the "other" group
 * @returns rows per endpoint: selected first (by p), then others (by p)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectedVsOther } from "./selected_vs_other.ts";
 * const row = (feature: string, p: number) =>
 *   ({ feature, endpoint: "os2y", nEvent: 5, nNoEvent: 5, statistic: 0, df: 8, p, q: p });
 * const out = selectedVsOther([row("C1", 0.3), row("P2", 0.01)], [{ endpoint: "os2y", rank: 1, feature: "P2", probability: 1 }]);
 * assert.deepEqual(out.map((r) => [r.feature, r.group]), [["P2", "selected"], ["C1", "other"]]);
 * ```
 */
export function selectedVsOther(
  ttest: readonly TTestRow[],
  selected: readonly SelectedRow[],
  options: SelectedVsOtherOptions = {},
): SelectedPvalueRow[] {
  const { maxOther = 2000 } = options;
  const chosen = new Set(selected.map((s) => `${s.endpoint}\u0000${s.feature}`));
  const byEndpoint = new Map<string, { sel: SelectedPvalueRow[]; other: SelectedPvalueRow[] }>();
  for (const r of ttest) {
    if (Number.isNaN(r.p)) continue;
    const isSel = chosen.has(`${r.endpoint}\u0000${r.feature}`);
    let g = byEndpoint.get(r.endpoint);
    if (!g) byEndpoint.set(r.endpoint, g = { sel: [], other: [] });
    const row = { endpoint: r.endpoint, feature: r.feature, modality: featureModality(r.feature), p: r.p } as const;
    (isSel ? g.sel : g.other).push({ ...row, group: isSel ? "selected" : "other" });
  }
  const byP = (a: SelectedPvalueRow, b: SelectedPvalueRow) => a.p - b.p;
  return [...byEndpoint.values()].flatMap(({ sel, other }) => {
    other.sort(byP);
    const n = other.length;
    const kept = n <= maxOther
      ? other
      : Array.from({ length: maxOther }, (_, i) => other[Math.round((i * (n - 1)) / Math.max(1, maxOther - 1))]!);
    return [...sel.sort(byP), ...kept];
  });
}
