/**
 * How stable is a selected signature across the variants of an experiment (training seeds, bottleneck
 * widths …)? Pure preparation for the experiment page: per endpoint, the Jaccard overlap of every pair of
 * variants' selected features and the features every variant selected.
 *
 * @module
 */
import type { SelectedRow } from "./report_data.ts";

/** Overlap of the selected features of one endpoint across variants. */
export interface SignatureOverlap {
  readonly endpoint: string;
  /** Mean Jaccard index |A ∩ B| / |A ∪ B| over all pairs of variants (NaN with fewer than two). */
  readonly meanJaccard: number;
  /** Smallest pairwise Jaccard index. */
  readonly minJaccard: number;
  /** Features selected by every variant, sorted. */
  readonly inEvery: readonly string[];
  /** Variants compared. */
  readonly variants: number;
}

/**
 * Per-endpoint overlap of the variants' selected features.
 *
 * @param variants each variant's `selected.csv` rows
 * @returns one row per endpoint, in first-seen order
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { signatureOverlap } from "./signature_overlap.ts";
 * const sel = (fs: string[]) => fs.map((feature, i) => ({ endpoint: "os2y", rank: i + 1, feature, probability: 1 }));
 * const [o] = signatureOverlap([sel(["C1", "C2"]), sel(["C2", "C3"])]);
 * assert.equal(o!.meanJaccard, 1 / 3);
 * assert.deepEqual(o!.inEvery, ["C2"]);
 * ```
 */
export function signatureOverlap(variants: readonly (readonly SelectedRow[])[]): SignatureOverlap[] {
  const endpoints = [...new Set(variants.flatMap((v) => v.map((r) => r.endpoint)))];
  return endpoints.map((endpoint) => {
    const sets = variants.map((v) => new Set(v.filter((r) => r.endpoint === endpoint).map((r) => r.feature)));
    const pairs: number[] = [];
    for (let a = 0; a < sets.length; a++) {
      for (let b = a + 1; b < sets.length; b++) {
        const union = new Set([...sets[a]!, ...sets[b]!]).size;
        const shared = [...sets[a]!].filter((f) => sets[b]!.has(f)).length;
        pairs.push(union === 0 ? NaN : shared / union);
      }
    }
    const inEvery = [...(sets[0] ?? [])].filter((f) => sets.every((s) => s.has(f))).sort();
    return {
      endpoint,
      meanJaccard: pairs.length ? pairs.reduce((s, x) => s + x, 0) / pairs.length : NaN,
      minJaccard: pairs.length ? Math.min(...pairs) : NaN,
      inEvery,
      variants: sets.length,
    };
  });
}
