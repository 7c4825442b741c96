/**
 * The biomarker study as the engine sees it: its schema, the stages a spec selects, the backend a
 * run asks for, and the reports rendered after a run.
 *
 * @module
 */
import type { Study } from "../engine/study.ts";
import { renderRunReports } from "./run_report.ts";
import { type Spec, SpecSchema } from "./spec_schema.ts";
import { stagesFor } from "./stages/registry.ts";

/**
 * The study handed to the engine's `runSpec` and `specStatus`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { biomarkerStudy } from "./biomarker_study.ts";
 * const spec = biomarkerStudy.schema.parse({ experiment: "x", seed: 1, pipeline: "toy" });
 * assert.deepEqual(biomarkerStudy.stagesFor(spec).map((s) => s.name), ["generate", "transform", "summarise"]);
 * ```
 */
export const biomarkerStudy: Study<Spec> = {
  schema: SpecSchema,
  stagesFor,
  backendOf: (spec) => (spec.pipeline === "toy" ? "none" : spec.train.backend),
  async afterRun(runs, workspace) {
    if (runs[0]?.spec.pipeline !== "biomarker") return undefined;
    return await renderRunReports(runs.map((r) => r.runId), workspace);
  },
};
