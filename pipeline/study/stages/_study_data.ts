/**
 * The study's data as the statistics stages need it (private to the stages): binary endpoints
 * derived from the clinical table of `ingest`, the selected features of `select`, and the
 * comparator table of `radiomics`.
 */
import { join } from "node:path";
import { binaryEndpoint } from "../../../stats/binary_endpoint.ts";
import type { Spec } from "../spec_schema.ts";
import type { Clinical } from "../artifacts/clinical_table.ts";
import { type FeatureTable, readFeatureTable } from "../artifacts/feature_table.ts";
import { selectedTable } from "../artifacts/stats_tables.ts";
import type { StatsSettings } from "../protocol/settings.ts";
import { TLG_COLUMN } from "../protocol/settings.ts";
import type { CacheEntry } from "../../engine/stage.ts";

/** One endpoint's labels (1 event, 0 no event, NaN excluded) on a list of ids, with counts. */
export interface EndpointLabels {
  readonly name: string;
  readonly labels: Float64Array;
  readonly nEvent: number;
  readonly nNoEvent: number;
  readonly nExcluded: number;
}

/**
 * Binary endpoints on the given patients: event before the horizon = 1, followed past it without the
 * event = 0, censored before it = excluded (NaN). For DSS, a death from another cause censors.
 */
export function endpointLabels(
  clinical: Clinical,
  ids: readonly string[],
  endpoints: Spec["endpoints"],
): EndpointLabels[] {
  const index = new Map(clinical.ids.map((id, i) => [id, i]));
  const rows = ids.map((id) => index.get(id)!);
  const time = Float64Array.from(rows, (i) => clinical.osMonths[i]!);
  return endpoints.map((e) => {
    const event = Float64Array.from(rows, (i) => (e.event === "os" ? clinical.osEvent : clinical.dssEvent)[i]!);
    const b = binaryEndpoint(time, event, { horizon: e.horizon_months });
    return { name: e.name, labels: b.labels, nEvent: b.nEvent, nNoEvent: b.nNoEvent, nExcluded: b.nExcluded };
  });
}

/** The `select` stage's features per endpoint, in rank order. */
export async function readSelected(select: CacheEntry): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await selectedTable.read(select.dir)) {
    out.set(r.endpoint, [...(out.get(r.endpoint) ?? []), r.feature]);
  }
  return out;
}

/** The classic comparator table of a `radiomics` entry (`features.csv`). */
export function readRadiomicFeatures(radiomics: CacheEntry): Promise<FeatureTable> {
  return readFeatureTable(join(radiomics.dir, "features.csv"));
}

/**
 * The `models` block of the biomarker pipeline: the U-Net signature against TLG alone and against
 * the whole baseline radiomic set.
 *
 * @param classic the radiomic table's column names
 * @returns the block
 */
export function biomarkerModels(classic: readonly string[]): StatsSettings["models"] {
  return { signature: "unet", comparators: { tlg: [TLG_COLUMN], radiomics: [...classic] } };
}
