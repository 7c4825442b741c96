/**
 * Figure 2b preparation: UpSet-style intersections of the significant-feature sets of each endpoint.
 *
 * @module
 */

import { ENDPOINT_ORDER, featureModality, orderBy } from "./_labels.ts";
import type { TTestRow } from "./report_data.ts";

/** Size of one endpoint's set of significant features. */
export interface UpsetSet {
  readonly modality: string;
  readonly endpoint: string;
  readonly size: number;
}

/** Features significant in exactly the endpoints listed (an exclusive intersection). */
export interface UpsetIntersection {
  readonly modality: string;
  /** Member endpoints, in endpoint order. */
  readonly endpoints: readonly string[];
  /** The endpoints joined by `&`, a stable id. */
  readonly key: string;
  readonly count: number;
}

/** Result of {@linkcode upsetIntersections}. */
export interface UpsetData {
  /** All endpoints seen, in display order. */
  readonly endpoints: readonly string[];
  readonly sets: readonly UpsetSet[];
  /** Non-empty exclusive intersections per modality, largest first (ties: more endpoints first, then key). */
  readonly intersections: readonly UpsetIntersection[];
}

/** Options of {@linkcode upsetIntersections}. */
export interface UpsetIntersectionsOptions {
  /**
   * Significance threshold on the raw p-value (the paper's "p < 0.05").
   * @default 0.05
   */
  readonly alpha?: number;
  /**
   * Threshold on `q` instead of `p`.
   * @default false
   */
  readonly useQ?: boolean;
}

/**
 * Group significant features (p < alpha) by the exact set of endpoints they are significant in,
 * separately per modality. The count of the all-endpoints intersection is the paper's "features
 * significant in all four endpoints" (299 CT, 292 PET).
 *
 * @param rows t-test rows (all endpoints)
 * @param options threshold
 * @returns set sizes and exclusive intersections
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { upsetIntersections } from "./upset_intersections.ts";
 * const row = (feature: string, endpoint: string, p: number) =>
 *   ({ feature, endpoint, nEvent: 5, nNoEvent: 5, statistic: 0, df: 8, p, q: p });
 * const u = upsetIntersections([
 *   row("C1", "os2y", 0.01), row("C1", "os5y", 0.02), row("C2", "os2y", 0.01), row("C2", "os5y", 0.5),
 * ]);
 * assert.deepEqual(u.intersections.map((i) => [i.key, i.count]), [["os2y&os5y", 1], ["os2y", 1]]);
 * ```
 */
export function upsetIntersections(rows: readonly TTestRow[], options: UpsetIntersectionsOptions = {}): UpsetData {
  const { alpha = 0.05, useQ = false } = options;
  const order = orderBy(ENDPOINT_ORDER);
  const endpoints = [...new Set(rows.map((r) => r.endpoint))].sort(order);
  const member = new Map<string, { modality: string; endpoints: Set<string> }>();
  const sizes = new Map<string, number>();
  for (const r of rows) {
    const v = useQ ? r.q : r.p;
    if (!(v < alpha)) continue;
    const modality = featureModality(r.feature);
    let m = member.get(r.feature);
    if (!m) member.set(r.feature, m = { modality, endpoints: new Set() });
    m.endpoints.add(r.endpoint);
    sizes.set(`${modality}\u0000${r.endpoint}`, (sizes.get(`${modality}\u0000${r.endpoint}`) ?? 0) + 1);
  }
  const counts = new Map<string, UpsetIntersection>();
  for (const m of member.values()) {
    const eps = [...m.endpoints].sort(order);
    const key = eps.join("&");
    const id = `${m.modality}\u0000${key}`;
    const prev = counts.get(id);
    counts.set(id, { modality: m.modality, endpoints: eps, key, count: (prev?.count ?? 0) + 1 });
  }
  const modalities = [...new Set([...member.values()].map((m) => m.modality))].sort(orderBy(["CT", "PET"]));
  const sets = modalities.flatMap((modality) =>
    endpoints.map((endpoint) => ({ modality, endpoint, size: sizes.get(`${modality}\u0000${endpoint}`) ?? 0 }))
  );
  const intersections = [...counts.values()].sort((a, b) =>
    orderBy(modalities)(a.modality, b.modality) || b.count - a.count ||
    b.endpoints.length - a.endpoints.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
  return { endpoints, sets, intersections };
}
