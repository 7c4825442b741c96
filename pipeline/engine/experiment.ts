/**
 * Run an experiment spec: every matrix variant is planned, executed through the cache and
 * tracked as one run in DuckDB (spec, resolved params, code version, backend, timings, metrics).
 *
 * @module
 */
import { hostname } from "node:os";
import { type CodeVersion, codeVersion } from "./code_version.ts";
import { planStages } from "./graph.ts";
import { createProgress } from "../progress.ts";
import { type PipelineResult, runPipeline, type StageOutcome } from "./runner.ts";
import { loadSpec, type SpecVariant } from "./spec.ts";
import { stagesFor } from "../study/stages/registry.ts";
import type { Workspace } from "./workspace.ts";
import { renderRunReports } from "../study/run_report.ts";

/** Options of {@linkcode runExperiment}. */
export interface RunExperimentOptions {
  /** `--set key=value` overrides. @default [] */
  readonly set?: readonly string[];
  /** `--cohort DIR`: use this cohort folder instead of the spec's cohort. */
  readonly cohort?: string;
  /** `--backend NAME`: pin the training backend. */
  readonly backend?: string;
  /** `--skip-bad`: leave out patients whose data cannot be used (recorded as warnings) instead of failing. */
  readonly skipBad?: boolean;
  /** `--force STAGE`: recompute these stages and their descendants. @default [] */
  readonly force?: readonly string[];
  /** Only these variants. @default all */
  readonly variants?: readonly string[];
  /** Stop at the first failure or keep going with independent stages. @default "fail" */
  readonly onError?: "fail" | "keep-going";
  /** Line-oriented log (stage starts and ends). @default none */
  readonly log?: (line: string) => void;
  /** Show progress on stderr. @default true */
  readonly progress?: boolean;
  /** Project root for the code version. @default Deno.cwd() */
  readonly root?: string;
  /** Render the HTML report of each biomarker run under `out/`. @default true */
  readonly report?: boolean;
}

/** One tracked run (one variant). */
export interface VariantRun extends PipelineResult {
  readonly runId: string;
  readonly variant: SpecVariant;
  /** Path of the run's `index.html` (biomarker runs with `report` on). */
  readonly report?: string;
}

/**
 * Overrides that the CLI's `--cohort` and `--backend` flags stand for.
 *
 * @param options the flags
 * @returns `--set` items
 */
export function flagOverrides(options: Pick<RunExperimentOptions, "set" | "cohort" | "backend" | "skipBad">): string[] {
  const set = [...(options.set ?? [])];
  if (options.cohort) set.push(`cohort=${JSON.stringify({ dir: options.cohort, skip_bad: Boolean(options.skipBad) })}`);
  else if (options.skipBad) set.push("cohort.skip_bad=true");
  if (options.backend) set.push(`train.backend=${options.backend}`);
  return set;
}

/**
 * Load a spec and run every variant.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options overrides, force, hooks
 * @returns one tracked run per variant
 * @throws {SpecError} on a bad spec; {StageError} (or a DeepmarkerError listing several) when stages fail
 */
export async function runExperiment(
  specPath: string,
  workspace: Workspace,
  options: RunExperimentOptions = {},
): Promise<VariantRun[]> {
  const loaded = await loadSpec(specPath, { set: flagOverrides(options) });
  const version = await codeVersion(options.root ?? Deno.cwd());
  const log = options.log ?? (() => {});
  const runs: VariantRun[] = [];
  const variants = loaded.variants.filter((v) => !options.variants || options.variants.includes(v.name));
  for (const variant of variants) {
    const stages = stagesFor(variant.spec);
    const plan = await planStages(stages, variant.spec, { hasher: workspace.hasher });
    await workspace.hasher.save();
    const runId = newRunId();
    await workspace.tracker.startRun(runRecord(runId, loaded, variant, version));
    log(`run ${runId}: ${variant.spec.experiment} / ${variant.name} (${plan.length} stages)`);
    let backend: string | undefined;
    const onStage = async (o: StageOutcome) => {
      log(describeOutcome(o));
      await workspace.tracker.recordStage({
        runId,
        stage: o.stage,
        key: o.key,
        cacheHit: o.cacheHit,
        durationMs: o.durationMs,
        status: o.status,
        error: o.error?.message ?? null,
      }, o.metrics);
    };
    try {
      const result = await runPipeline(plan, {
        cache: workspace.cache,
        codeVersion: version.label,
        force: options.force ?? [],
        onError: options.onError ?? "fail",
        onStage,
        onStart: (stage, key) => log(`${stage}: computing (key ${key.slice(0, 12)})`),
        progressFor: (stage) =>
          options.progress === false ? { start() {}, tick() {}, message() {} } : createProgress({ label: stage }),
        warn: (m) => log(`warning: ${m}`),
      });
      for (const e of result.entries.values()) {
        if (typeof e.manifest.info.backend === "string") backend = e.manifest.info.backend;
      }
      await workspace.tracker.finishRun(runId, {
        status: "ok",
        endedAt: new Date().toISOString(),
        ...(backend ? { backend } : {}),
      });
      runs.push({ runId, variant, ...result });
    } catch (e) {
      await workspace.tracker.finishRun(runId, { status: "failed", endedAt: new Date().toISOString() });
      throw e;
    }
  }
  if (options.report === false || runs.length === 0 || runs[0]!.variant.spec.pipeline !== "biomarker") return runs;
  const pages = await renderRunReports(runs.map((r) => r.runId), workspace);
  if (pages.experiment) log(`experiment report: ${pages.experiment}`);
  return runs.map((r, i) => ({ ...r, report: pages.runs[i]! }));
}

function describeOutcome(o: StageOutcome): string {
  if (o.status === "ok") {
    return `${o.stage}: ${o.cacheHit ? "cached" : `computed in ${(o.durationMs / 1000).toFixed(1)}s`}`;
  }
  return `${o.stage}: ${o.status} — ${o.error?.message ?? ""}`;
}

/**
 * The tracking record of a variant's run when it starts.
 *
 * @param id run id
 * @param loaded the spec file's path and text
 * @param variant the variant
 * @param v the code version
 * @returns the record for `Tracker.startRun`
 */
export function runRecord(id: string, loaded: { path: string; text: string }, variant: SpecVariant, v: CodeVersion) {
  return {
    id,
    experiment: variant.spec.experiment,
    variant: variant.name,
    specPath: loaded.path,
    specText: loaded.text,
    params: variant.spec,
    gitCommit: v.commit,
    gitDirty: v.dirty,
    denoVersion: v.deno,
    dependencies: v.dependencies,
    backend: variant.spec.pipeline === "toy" ? "none" : variant.spec.train.backend,
    host: hostname(),
    startedAt: new Date().toISOString(),
    endedAt: null,
    status: "running" as const,
  };
}

/**
 * A new run id: UTC time plus 6 random hex digits, e.g. `20261204-154412-a1b2c3`.
 *
 * @returns the id
 */
export function newRunId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const r = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${t}-${r}`;
}
