/**
 * The paper's title question answered with ground truth, on a synthetic cohort (private to the stages): how
 * each selected U-Net feature, and TLG, correlates with each latent driver of the true outcome model
 * (`truth.json`: log metabolic burden, uptake heterogeneity, necrosis, vessel contact). A "biomarker" that
 * tracks no driver, or only the one TLG already tracks, finds nothing new.
 */
import { join } from "node:path";
import { pearson } from "../../../stats/pearson.ts";
import type { FeatureTable } from "../artifacts/feature_table.ts";
import type { TruthCorrelationRecord } from "../artifacts/stats_tables.ts";

/** The drivers of `outcome_model.ts`, as numbers per patient's latents. */
const DRIVERS: ReadonlyArray<[string, (l: Record<string, unknown>) => number]> = [
  ["log metabolic burden", (l) => Math.log(Number(l["metabolicBurden"]))],
  ["uptake heterogeneity", (l) => Number(l["uptakeHeterogeneity"])],
  ["necrosis", (l) => (l["necrosis"] ? 1 : 0)],
  ["vessel contact", (l) => (l["vesselContact"] ? 1 : 0)],
];

/**
 * Rows `{endpoint, feature, driver, r, p}` for every endpoint's selected features and for TLG; none when the
 * ingest entry holds no `cohort/truth.json` (a real cohort).
 */
export async function truthCorrelation(
  ingestDir: string,
  table: FeatureTable,
  selected: ReadonlyMap<string, readonly string[]>,
  tlg: string,
): Promise<TruthCorrelationRecord[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(ingestDir, "cohort", "truth.json"));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  const patients = JSON.parse(text).patients as { id: string; latents: Record<string, unknown> }[];
  const latents = new Map(patients.map((p) => [p.id, p.latents]));
  const rows = table.ids.map((id) => latents.get(id));
  if (rows.some((l) => l === undefined)) return [];
  const n = table.matrix.nRows;
  const column = (name: string) => {
    const j = table.names.indexOf(name);
    return j < 0 ? undefined : table.matrix.data.subarray(j * n, (j + 1) * n);
  };
  const out: TruthCorrelationRecord[] = [];
  for (const [endpoint, features] of selected) {
    for (const feature of [...features, tlg]) {
      const x = column(feature);
      if (!x) continue;
      for (const [driver, value] of DRIVERS) {
        const d = rows.map((l) => value(l!));
        const ok = d.map((v, i) => Number.isFinite(v) && Number.isFinite(x[i]!));
        const r = pearson(x.filter((_, i) => ok[i]), d.filter((_, i) => ok[i]));
        out.push({ endpoint, feature, driver, r: r.estimate, p: r.pValue });
      }
    }
  }
  return out;
}
