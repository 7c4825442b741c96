/**
 * Selection: the top-k features per endpoint by inclusion probability, ties broken by mean
 * |standardised coefficient| and then by column index (a total, deterministic order).
 *
 * @module
 */
import type { InclusionRecord, SelectedRecord } from "../artifacts/stats_tables.ts";

/**
 * Cut the inclusion ranking of every endpoint at k.
 *
 * @param inclusion `inclusion.csv` rows (any endpoints)
 * @param topK features kept per endpoint
 * @returns `selected.csv` rows, endpoints in order of first appearance, rank 1 first
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectTop } from "./selection.ts";
 * const rows = [
 *   { feature: "a", endpoint: "os2y", probability: 0.5, meanAbsCoefficient: 0.1, index: 0 },
 *   { feature: "b", endpoint: "os2y", probability: 0.5, meanAbsCoefficient: 0.3, index: 1 },
 * ];
 * assert.deepEqual(selectTop(rows, 1), [{ endpoint: "os2y", rank: 1, feature: "b", probability: 0.5 }]);
 * ```
 */
export function selectTop(inclusion: readonly InclusionRecord[], topK: number): SelectedRecord[] {
  const out: SelectedRecord[] = [];
  for (const endpoint of [...new Set(inclusion.map((r) => r.endpoint))]) {
    inclusion.filter((r) => r.endpoint === endpoint)
      .sort((a, b) => b.probability - a.probability || b.meanAbsCoefficient - a.meanAbsCoefficient || a.index - b.index)
      .slice(0, topK)
      .forEach((r, k) => out.push({ endpoint, rank: k + 1, feature: r.feature, probability: r.probability }));
  }
  return out;
}
