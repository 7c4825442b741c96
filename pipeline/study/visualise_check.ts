/**
 * `deepmarker visualise-check RUN_ID`: the sanity checks of a run's saliency maps (what the report shows beside
 * each panel) as a plain-text table, read from the run's stored `visualise` result.
 *
 * @module
 */
import { loadReportData } from "../../reports/load_report_data.ts";
import type { SaliencyCheckRow } from "../../reports/report_data.ts";
import { DeepmarkerError } from "../errors.ts";
import { collectReportData } from "./run_report.ts";
import type { Workspace } from "../engine/workspace.ts";

const METHOD: Record<string, string> = {
  gradient: "plain gradient",
  gradientTimesInput: "gradient × input",
  guided: "guided backprop",
};

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");

/**
 * Format check rows as a table: one line per map with each check's verdict (`pass` / `FLAG`) and its
 * numbers, then the outcome-signal line and what the columns mean.
 *
 * @param checks rows of `checks.json`
 * @returns the table text (a sentence when there are no checks)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkTable } from "./visualise_check.ts";
 * assert.match(checkTable([]), /no saliency checks/);
 * ```
 */
export function checkTable(checks: readonly SaliencyCheckRow[]): string {
  if (checks.length === 0) {
    return "This run has no saliency checks (visualise.checks disabled, or a run from before them).";
  }
  const verdict = (pass: boolean) => (pass ? "pass" : "FLAG");
  const rows = [
    [
      "modality",
      "patient",
      "method",
      "model",
      "ρ/SSIM rand.",
      "outcome",
      "ρ/SSIM perm.",
      "deletion",
      "|ΔP| map/random",
    ],
    ...checks.map((c) => {
      const last = c.model.steps.at(-1);
      return [
        c.modality.toUpperCase(),
        c.patient,
        METHOD[c.method] ?? c.method,
        verdict(c.model.pass),
        c.empty ? "empty map" : last ? `${f2(last.spearman)}/${f2(last.ssim)}` : "—",
        verdict(c.outcome.pass),
        `${f2(c.outcome.spearman)}/${f2(c.outcome.ssim)}`,
        verdict(c.deletion.pass),
        `${c.deletion.effect.toExponential(1)}/${c.deletion.randomEffect.toExponential(1)}`,
      ];
    }),
  ];
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  const lines = rows.map((r) => r.map((cell, j) => cell.padEnd(widths[j]!)).join("  ").trimEnd());
  const o = checks[0]!.outcome;
  return [
    ...lines,
    "",
    `outcome signal of the risk model: nested cross-validated AUC ${f2(o.signalAuc)}, permutation p = ${f2(o.signalP)}`,
    "model: the map changes when the encoder is re-initialised from the bottleneck down (ρ and SSIM with the " +
    "original under the thresholds); outcome: it changes when the head is refitted on permuted outcomes and the " +
    "model has outcome signal; deletion: deleting its top voxels moves P(death) more than every random draw.",
  ].join("\n");
}

/**
 * The check table of one tracked run.
 *
 * @param runId run id or unique prefix
 * @param workspace cache and tracking
 * @returns the table text
 * @throws {DeepmarkerError} when the run is unknown or its results were removed
 */
export async function visualiseCheck(runId: string, workspace: Workspace): Promise<string> {
  const tmp = await Deno.makeTempDir({ prefix: "deepmarker-visualise-check-" });
  try {
    await collectReportData(runId, workspace, tmp);
    const data = await loadReportData(tmp, { skipVolumes: true });
    return checkTable(data.saliencyChecks);
  } catch (e) {
    if (e instanceof DeepmarkerError) throw e;
    throw new DeepmarkerError(`Cannot show the saliency checks of run "${runId}": ${(e as Error).message}`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}
