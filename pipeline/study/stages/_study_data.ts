/**
 * The study's data as the statistics stages need it (private to the stages): the clinical table of
 * `ingest`, binary endpoints derived from it, and feature matrices aligned on patient ids.
 */
import { join } from "node:path";
import { binaryEndpoint } from "../../../stats/binary_endpoint.ts";
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import type { Spec } from "../spec_schema.ts";
import { parseCsvRecords, toCsv } from "../../csv.ts";
import type { CacheEntry } from "../../engine/stage.ts";

/** Survival columns of the patients of a run, in `ingest` order. */
export interface Clinical {
  readonly ids: readonly string[];
  readonly osMonths: Float64Array;
  readonly osEvent: Float64Array;
  readonly dssEvent: Float64Array;
}

/** Read `clinical.csv` of an `ingest` entry. */
export async function readClinical(ingest: CacheEntry): Promise<Clinical> {
  const [header = [], ...rows] = parseCsvRecords(await Deno.readTextFile(join(ingest.dir, "clinical.csv")));
  const col = (name: string) => header.indexOf(name);
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
  const [header = [], ...lines] = parseCsvRecords(await Deno.readTextFile(path));
  const names = header.slice(1);
  const ids: string[] = [];
  const values = new Float64Array(lines.length * names.length);
  lines.forEach((cells, i) => {
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

/** Write rows of objects as CSV, columns in the given order (numbers round-trip; NaN as empty). */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  await Deno.writeTextFile(
    path,
    toCsv(columns, rows.map((r) => columns.map((c) => r[c] as string | number | undefined))),
  );
}

/** The `select` stage's features per endpoint, in rank order. */
export async function readSelected(select: CacheEntry): Promise<Map<string, string[]>> {
  const [, ...rows] = parseCsvRecords(await Deno.readTextFile(join(select.dir, "selected.csv")));
  const out = new Map<string, string[]>();
  for (const [endpoint, , feature] of rows) {
    if (endpoint && feature) out.set(endpoint, [...(out.get(endpoint) ?? []), feature]);
  }
  return out;
}

/**
 * An endpoint's labels as logistic-regression inputs: excluded patients (NaN) get weight 0 and a
 * placeholder label 0, so the matrix keeps every patient's row.
 */
export function labelledRows(labels: Float64Array): { y: Float64Array; weights: Float64Array } {
  return {
    y: Float64Array.from(labels, (v) => (Number.isNaN(v) ? 0 : v)),
    weights: Float64Array.from(labels, (v) => (Number.isNaN(v) ? 0 : 1)),
  };
}
