/** The statistics protocol from CSV files to an output folder (`deepmarker stats`). @module */
import { DeepmarkerError } from "../../errors.ts";
import { readFeatureTable } from "../artifacts/feature_table.ts";
import { parseLabelTable } from "../artifacts/feature_table.ts";
import { inclusionTable, metricsTable, rocTable, selectedTable, ttestTable } from "../artifacts/stats_tables.ts";
import type { StatsSettings } from "./settings.ts";
import { statsProtocol } from "./stats_protocol.ts";

/** Options for {@linkcode runStatsProtocol}. */
export interface RunStatsProtocolOptions {
  /** Output folder (created if missing). */
  readonly outDir: string;
  /** Every setting (`parseStatsSettings`). */
  readonly settings: StatsSettings;
  /** Phase text. */
  readonly onProgress?: (message: string) => void;
}

/**
 * Read a feature table (`patient_id`, one column per feature; blank = missing) and a label table
 * (`patient_id`, one 0/1 column per endpoint; blank = excluded), run the protocol, and write
 * `ttest.csv`, `inclusion.csv`, `selected.csv`, `metrics.csv`, `roc.csv` (the same files, through
 * the same writers, as the stages) and `summary.json` to `outDir`. Patients are matched by id, in
 * the feature table's order; ids present in only one file are left out and counted in
 * `summary.json` (`exclusions`).
 *
 * @param featuresCsvPath feature table
 * @param labelsCsvPath label table
 * @param options output folder and settings
 * @returns the summary object written to `summary.json`
 * @throws {DeepmarkerError} when a file is malformed, a value is not numeric, or no patient matches
 *
 * @example Usage
 * ```ts ignore
 * import { parseStatsSettings } from "./settings.ts";
 * import { runStatsProtocol } from "./run_stats_protocol.ts";
 * await runStatsProtocol("features.csv", "labels.csv", { outDir: "out/stats", settings: parseStatsSettings("seed: 1", "-") });
 * ```
 */
export async function runStatsProtocol(
  featuresCsvPath: string,
  labelsCsvPath: string,
  options: RunStatsProtocolOptions,
): Promise<Record<string, unknown>> {
  const features = await readFeatureTable(featuresCsvPath);
  const labels = parseLabelTable(await Deno.readTextFile(labelsCsvPath), labelsCsvPath);
  const labelRow = new Map(labels.ids.map((id, i) => [id, i]));
  const kept = features.ids.flatMap((id, i) => (labelRow.has(id) ? [i] : []));
  if (kept.length === 0) {
    throw new DeepmarkerError(
      `Cannot run the stats protocol: no patient id of "${featuresCsvPath}" appears in "${labelsCsvPath}"`,
    );
  }
  const n = kept.length;
  const p = features.names.length;
  const N = features.matrix.nRows;
  const data = new Float64Array(n * p);
  for (let j = 0; j < p; j++) kept.forEach((r, i) => (data[j * n + i] = features.matrix.data[j * N + r]!));
  const table = { ids: kept.map((r) => features.ids[r]!), names: features.names, matrix: { nRows: n, nCols: p, data } };
  const L = labels.matrix.nRows;
  const endpoints = labels.names.map((name, c) => ({
    name,
    labels: Float64Array.from(table.ids, (id) => labels.matrix.data[c * L + labelRow.get(id)!]!),
  }));
  const r = await statsProtocol(table, endpoints, options.settings, options.onProgress);
  const featureIds = new Set(features.ids);
  const summary = {
    ...r.summary,
    exclusions: {
      featureRowsWithoutLabels: N - n,
      labelRowsWithoutFeatures: labels.ids.filter((id) => !featureIds.has(id)).length,
    },
  };
  const dir = options.outDir;
  await Deno.mkdir(dir, { recursive: true });
  await ttestTable.write(dir, r.ttest);
  await inclusionTable.write(dir, r.inclusion);
  await selectedTable.write(dir, r.selected);
  await metricsTable.write(dir, r.metrics);
  await rocTable.write(dir, r.roc);
  await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary, null, 2) + "\n");
  return summary;
}
