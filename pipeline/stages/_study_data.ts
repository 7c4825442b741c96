/**
 * The study's data as the statistics stages need it (private to the stages): the clinical table of
 * `ingest`, binary endpoints derived from it, and feature matrices aligned on patient ids.
 */
import { join } from "node:path";
import { binaryEndpoint } from "../../stats/binary_endpoint.ts";
import type { FeatureMatrix } from "../../stats/feature_matrix.ts";
import type { Spec } from "../spec_schema.ts";
import type { CacheEntry } from "../stage.ts";

/** Survival columns of the patients of a run, in `ingest` order. */
export interface Clinical {
  readonly ids: readonly string[];
  readonly osMonths: Float64Array;
  readonly osEvent: Float64Array;
  readonly dssEvent: Float64Array;
}

/** Read `clinical.csv` of an `ingest` entry. */
export async function readClinical(ingest: CacheEntry): Promise<Clinical> {
  const lines = (await Deno.readTextFile(join(ingest.dir, "clinical.csv"))).trim().split("\n");
  const header = lines.shift()!.split(",");
  const col = (name: string) => header.indexOf(name);
  const rows = lines.map((l) => l.split(","));
  const num = (name: string) => Float64Array.from(rows, (r) => Number(r[col(name)]));
  return {
    ids: rows.map((r) => r[col("patient_id")]!),
    osMonths: num("os_months"),
    osEvent: num("os_event"),
    dssEvent: num("dss_event"),
  };
}

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

/** A feature table: patient ids, feature names and a column-major matrix. */
export interface FeatureTable {
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly matrix: FeatureMatrix;
}

/** Read a `features.csv` (patient_id, then one column per feature; blank = NaN). */
export async function readFeatureCsv(path: string): Promise<FeatureTable> {
  const lines = (await Deno.readTextFile(path)).trim().split("\n");
  const names = lines.shift()!.split(",").slice(1);
  const ids: string[] = [];
  const values = new Float64Array(lines.length * names.length);
  lines.forEach((l, i) => {
    const cells = l.split(",");
    ids.push(cells[0]!);
    for (let j = 0; j < names.length; j++) {
      const c = cells[j + 1] ?? "";
      values[j * lines.length + i] = c === "" ? NaN : Number(c);
    }
  });
  return { ids, names, matrix: { nRows: lines.length, nCols: names.length, data: values } };
}

/** Join tables column-wise on the ids of the first (every table must hold every id). */
export function joinTables(tables: readonly FeatureTable[]): FeatureTable {
  const ids = tables[0]!.ids;
  const n = ids.length;
  const names = tables.flatMap((t) => t.names);
  const data = new Float64Array(n * names.length);
  let offset = 0;
  for (const t of tables) {
    const row = new Map(t.ids.map((id, i) => [id, i]));
    for (let j = 0; j < t.names.length; j++) {
      for (let i = 0; i < n; i++) {
        const r = row.get(ids[i]!);
        if (r === undefined) throw new Error(`patient "${ids[i]}" has no features in the table of "${t.names[0]}"`);
        data[(offset + j) * n + i] = t.matrix.data[j * t.matrix.nRows + r]!;
      }
    }
    offset += t.names.length;
  }
  return { ids, names, matrix: { nRows: n, nCols: names.length, data } };
}

/** Write rows of objects as CSV (numbers as shortest round-trip text; NaN as empty). */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const cell = (v: unknown) => (typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : String(v ?? ""));
  const text = [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n");
  await Deno.writeTextFile(path, text + "\n");
}
