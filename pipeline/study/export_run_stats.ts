/**
 * `runs export`: the statistics of one tracked run as a self-contained folder — what they consumed
 * (`features.csv`, `labels.csv`, `stats.yaml` with every effective setting, the seed included) and
 * what they produced (`ttest.csv`, `inclusion.csv`, `selected.csv`, `metrics.csv`, `roc.csv`).
 * `deepmarker stats --features features.csv --labels labels.csv --settings stats.yaml` reproduces the
 * five outputs byte for byte.
 *
 * @module
 */
import { join } from "node:path";
import { DeepmarkerError } from "../errors.ts";
import type { CacheEntry } from "../engine/stage.ts";
import type { Workspace } from "../engine/workspace.ts";
import { formatFeatureTable } from "./artifacts/feature_table.ts";
import { inclusionTable, metricsTable, rocTable, selectedTable, ttestTable } from "./artifacts/stats_tables.ts";
import { formatStatsSettings, statsSettingsOf } from "./protocol/settings.ts";
import { SpecSchema } from "./spec_schema.ts";
import { statsInputs } from "./stages/stats_inputs.ts";

/** Which stage produced each exported output. */
const OUTPUTS = [
  ["screen", ttestTable.file],
  ["lasso", inclusionTable.file],
  ["select", selectedTable.file],
  ["evaluate", metricsTable.file],
  ["evaluate", rocTable.file],
] as const;

/**
 * Export the statistics of a run.
 *
 * @param runId run id (or unique prefix)
 * @param workspace cache and tracking
 * @param outDir folder to write (created)
 * @returns the paths written
 * @throws {DeepmarkerError} when the run is unknown or a stage it needs has no stored result
 *
 * @example Usage
 * ```ts ignore
 * const files = await exportRunStats("demo-0001", await openWorkspace(), "out/export");
 * ```
 */
export async function exportRunStats(runId: string, workspace: Workspace, outDir: string): Promise<string[]> {
  const found = await workspace.tracker.getRun(runId);
  if (!found) {
    throw new DeepmarkerError(`Cannot export run "${runId}": no single run matches\nhint: deepmarker runs list`);
  }
  const { run, stages } = found;
  const spec = SpecSchema.parse(run.params);
  const entries: Record<string, CacheEntry> = {};
  for (const s of stages.filter((s) => s.status === "ok")) {
    const entry = await workspace.cache.get(s.key);
    if (entry) entries[s.stage] = entry;
  }
  const needed = ["ingest", "radiomics", ...spec.modalities.map((m) => `extract_${m}`), ...OUTPUTS.map(([s]) => s)];
  const missing = needed.filter((s) => !entries[s]);
  if (missing.length > 0) {
    throw new DeepmarkerError(
      `Cannot export run "${run.id}": stage "${missing[0]}" has no stored result (not run, failed, or removed by gc)`,
    );
  }
  const inputs = await statsInputs(entries, spec);
  const { nRows } = inputs.table.matrix;
  const labels = new Float64Array(nRows * inputs.endpoints.length);
  inputs.endpoints.forEach((e, c) => labels.set(e.labels, c * nRows));
  await Deno.mkdir(outDir, { recursive: true });
  const write = async (name: string, text: string) => {
    await Deno.writeTextFile(join(outDir, name), text);
    return join(outDir, name);
  };
  const written = [
    await write("features.csv", formatFeatureTable(inputs.table)),
    await write(
      "labels.csv",
      formatFeatureTable({
        ids: inputs.table.ids,
        names: inputs.endpoints.map((e) => e.name),
        matrix: { nRows, nCols: inputs.endpoints.length, data: labels },
      }),
    ),
    await write("stats.yaml", formatStatsSettings({ ...statsSettingsOf(spec), models: inputs.models })),
  ];
  for (const [stage, file] of OUTPUTS) {
    await Deno.copyFile(join(entries[stage]!.dir, file), join(outDir, file));
    written.push(join(outDir, file));
  }
  return written;
}
