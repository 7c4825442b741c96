/**
 * `report`: render a tracked run's results as static HTML under `out/<experiment>/<run>/`. It reads
 * only what the run's cached stages stored (no recomputation), plus the run's tracking record
 * (timings, cache hits, code version), which is why it is a step after the run rather than a cached
 * stage: its page states facts about one run that no content key can capture.
 *
 * @module
 */
import { join } from "node:path";
import { loadReportData } from "../../reports/load_report_data.ts";
import { renderReport } from "../../reports/render_report.ts";
import { renderExperimentReport } from "../../reports/render_experiment_report.ts";
import type { ReportData } from "../../reports/report_data.ts";
import { DeepmarkerError } from "../errors.ts";
import { sha256Hex } from "../engine/sha256.ts";
import type { CacheEntry } from "../engine/stage.ts";
import { endpointsFile, runFile, summaryFile } from "./artifacts/json_file.ts";
import { statsSettingsOf } from "./protocol/settings.ts";
import { SpecSchema } from "./spec_schema.ts";
import type { Workspace } from "../engine/workspace.ts";

/**
 * Which stage's entry provides which report file. A file named twice is concatenated (same columns):
 * the CNN comparator's and the comparisons' rows join `evaluate`'s.
 */
const FILES: ReadonlyArray<[string, string, boolean]> = [
  ["screen", "ttest.csv", true],
  ["lasso", "inclusion.csv", true],
  ["select", "selected.csv", true],
  ["evaluate", "metrics.csv", true],
  ["evaluate", "roc.csv", true],
  ["evaluate", "km.csv", false],
  ["evaluate", "tlg_correlation.csv", false],
  ["evaluate", "truth_correlation.csv", false],
  ["evaluate", "risk.csv", false],
  ["evaluate", "signature.csv", false],
  ["evaluate", "split_metrics.csv", false],
  ["cnn", "metrics.csv", false],
  ["cnn", "roc.csv", false],
  ["cnn", "split_metrics.csv", false],
  ["compare", "metrics.csv", false],
  ["compare", "comparisons.csv", false],
];

/**
 * Gather a run's stored results into one folder in the report's input format.
 *
 * @param runId run id (or unique prefix)
 * @param workspace cache and tracking
 * @param dir folder to write into (created)
 * @returns the experiment and variant of the run
 * @throws {DeepmarkerError} when the run is unknown, failed before the statistics, or its entries were removed
 */
export async function collectReportData(
  runId: string,
  workspace: Workspace,
  dir: string,
): Promise<{ experiment: string; variant: string; runId: string }> {
  const found = await workspace.tracker.getRun(runId);
  if (!found) {
    throw new DeepmarkerError(
      `Cannot render report for run "${runId}": no single run matches\nhint: deepmarker runs list`,
    );
  }
  const { run, stages } = found;
  const entries = new Map<string, CacheEntry>();
  for (const s of stages.filter((s) => s.status === "ok")) {
    const entry = await workspace.cache.get(s.key);
    if (entry) entries.set(s.stage, entry);
  }
  await Deno.mkdir(dir, { recursive: true });
  for (const [stage, file, required] of FILES) {
    const entry = entries.get(stage);
    if (!entry) {
      if (!required) continue;
      throw new DeepmarkerError(
        `Cannot render report for run "${run.id}": stage "${stage}" has no stored result (not run, failed, or removed by gc)`,
      );
    }
    await gather(join(entry.dir, file), join(dir, file)).catch((e) => {
      if (required || !(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  const visualise = entries.get("visualise");
  if (visualise) await copyVolumes(visualise.dir, dir);
  const spec = SpecSchema.parse(run.params);
  const settings = statsSettingsOf(spec);
  await summaryFile.write(dir, {
    settings,
    seed: settings.seed,
    endpoints: await endpointsFile.read(entries.get("screen")!.dir),
  });
  const warnings = [...entries.values()].flatMap((e) => e.manifest.warnings.map((w) => `${e.stage}: ${w}`));
  const backend = [...entries.values()].map((e) => e.manifest.info.backend).find((b) => typeof b === "string") ??
    run.backend;
  await runFile.write(dir, {
    "run_id": run.id,
    experiment: run.experiment,
    variant: run.variant,
    spec: run.specText,
    "spec_hash": await sha256Hex(run.specText),
    "code_version": `${run.gitCommit}${run.gitDirty ? "-dirty" : ""}`,
    backend: String(backend),
    seed: spec.seed,
    stages: stages.map((s) => {
      const m = entries.get(s.stage)?.manifest;
      const stageBackend = m?.info.backend;
      return {
        stage: s.stage,
        seconds: s.durationMs / 1000,
        cached: s.cacheHit,
        ...(m ? { codeVersion: m.codeVersion, codeDigest: m.code?.digest.slice(0, 12) ?? "untracked" } : {}),
        ...(typeof stageBackend === "string" ? { backend: stageBackend } : {}),
      };
    }),
    warnings,
  });
  return { experiment: run.experiment, variant: run.variant, runId: run.id };
}

/** Copy a CSV, or append its rows (header dropped) when an earlier stage wrote the same file. */
async function gather(from: string, to: string): Promise<void> {
  const text = await Deno.readTextFile(from);
  const existing = await Deno.readTextFile(to).catch(() => null);
  if (existing === null) return await Deno.writeTextFile(to, text);
  const [header, ...rows] = text.split("\n");
  if (header !== existing.split("\n")[0]) throw new DeepmarkerError(`Cannot gather "${from}": its columns differ`);
  const body = rows.join("\n");
  if (body.trim() !== "") await Deno.writeTextFile(to, (existing.endsWith("\n") ? existing : `${existing}\n`) + body);
}

async function copyVolumes(from: string, to: string): Promise<void> {
  const list = JSON.parse(await Deno.readTextFile(join(from, "volumes.json"))) as Array<
    { file: string; background?: string }
  >;
  if (list.length === 0) return;
  for (const v of list) {
    for (const f of [v.file, v.background]) {
      if (!f) continue;
      await Deno.mkdir(join(to, f, ".."), { recursive: true });
      await Deno.copyFile(join(from, f), join(to, f));
    }
  }
  await Deno.copyFile(join(from, "volumes.json"), join(to, "volumes.json"));
  for (const name of ["checks.json", "concentration.json"]) {
    await Deno.copyFile(join(from, name), join(to, name)).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e; // runs from before them
    });
  }
}

/**
 * Render one run's report (and, for a matrix experiment, the side-by-side page of its variants).
 *
 * @param runIds the runs of one `run` invocation (one per variant)
 * @param workspace cache, tracking and the `out/` folder
 * @returns the path of each run's `index.html`, and the experiment page when there are several variants
 * @throws {DeepmarkerError} see {@linkcode collectReportData}
 */
export async function renderRunReports(
  runIds: readonly string[],
  workspace: Workspace,
): Promise<{ runs: string[]; experiment?: string }> {
  const rendered: Array<{ name: string; params: Record<string, unknown>; data: ReportData; href: string }> = [];
  const paths: string[] = [];
  let experimentDir = "";
  for (const id of runIds) {
    const tmp = await Deno.makeTempDir({ prefix: "deepmarker-report-" });
    try {
      const { experiment, variant, runId } = await collectReportData(id, workspace, tmp);
      const data = await loadReportData(tmp);
      experimentDir = join(workspace.outRoot, experiment);
      const out = join(experimentDir, runId);
      const run = (await workspace.tracker.getRun(runId))!.run;
      const r = await renderReport(data, out, reportOptions(run.params));
      paths.push(r.index);
      rendered.push({ name: variant, params: flatten(run.params), data, href: `${runId}/index.html` });
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  }
  if (rendered.length < 2) return { runs: paths };
  const page = await renderExperimentReport(rendered, experimentDir);
  return { runs: paths, experiment: page.index };
}

/**
 * The report settings of a run's spec: `report.title` heads the page, `stats.alpha` is the
 * significance level of its screening figures and tables.
 *
 * @param params the run's validated spec
 * @returns options of `renderReport`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportOptions } from "./run_report.ts";
 * assert.deepEqual(reportOptions({ stats: { alpha: 0.01 }, report: { title: "T" } }), { alpha: 0.01, title: "T" });
 * ```
 */
export function reportOptions(params: unknown): { alpha?: number; title?: string } {
  const p = params as { stats?: { alpha?: unknown }; report?: { title?: unknown } };
  return {
    ...(typeof p.stats?.alpha === "number" ? { alpha: p.stats.alpha } : {}),
    ...(typeof p.report?.title === "string" ? { title: p.report.title } : {}),
  };
}

function flatten(obj: unknown, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return { [prefix]: obj };
  for (const [k, v] of Object.entries(obj)) Object.assign(out, flatten(v, prefix ? `${prefix}.${k}` : k));
  return out;
}
